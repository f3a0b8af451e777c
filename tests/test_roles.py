"""The two newsroom roles: what each may do, and who may see the newsroom's names."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from claims.roles import EDITORS, LEADS, ensure_groups, sees_editors

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_only_leads_may_record_final_verdicts():
    ensure_groups(Group, Permission)
    assert "record_verdict" in codenames(LEADS)
    assert "record_verdict" not in codenames(EDITORS)
    assert codenames(EDITORS) < codenames(LEADS)


def test_no_role_may_delete_claims_sources_or_verdicts():
    ensure_groups(Group, Permission)
    granted = codenames(LEADS)
    assert not {"delete_claim", "delete_source", "delete_verification"} & granted


def test_every_permission_named_exists_so_none_is_silently_missing():
    ensure_groups(Group, Permission)
    from claims.roles import GROUPS

    for name, wanted in GROUPS.items():
        assert codenames(name) == set(wanted), name


def test_ensuring_the_groups_twice_changes_nothing():
    ensure_groups(Group, Permission)
    before = {name: codenames(name) for name in (EDITORS, LEADS)}
    ensure_groups(Group, Permission)
    assert Group.objects.filter(name__in=[EDITORS, LEADS]).count() == 2
    assert {name: codenames(name) for name in (EDITORS, LEADS)} == before


def test_only_the_newsroom_sees_who_did_what(reader, editor, lead):
    assert not sees_editors(None)
    assert not sees_editors(AnonymousUser())
    assert not sees_editors(reader)
    assert sees_editors(editor)
    assert sees_editors(lead)
