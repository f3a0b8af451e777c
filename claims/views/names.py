"""The desk's names and colours: a place's other names, an actor's aliases, a side's colour.

Each record is its own small form; saving one calls one service, which keeps its history.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from claims import services
from claims.forms import NameForm, SideColourForm
from claims.languages import local_name
from claims.models import Actor, Place, Side
from claims.views.desk import add_service_errors, permission_required

NEW = "new"


def _names_page(request, owner, add, *, title):
    """One form per existing name and one to add a name; a POST saves the one it names."""
    target = request.POST.get("record", "") if request.method == "POST" else ""
    forms, status = {}, 200
    for record in owner.names.order_by("language", "name"):
        prefix = f"n{record.pk}"
        if target == str(record.pk):
            forms[prefix] = (record, NameForm(request.POST, prefix=prefix))
        else:
            initial = {"name": record.name, "language": record.language, "kind": record.kind}
            forms[prefix] = (record, NameForm(initial=initial, prefix=prefix))
    new_form = NameForm(request.POST if target == NEW else None, prefix=NEW)
    if request.method == "POST":
        record, form = (None, new_form) if target == NEW else forms.get(f"n{target}", (None, None))
        if form is None:
            raise PermissionDenied(_("No such name here."))
        if form.is_valid():
            try:
                if record is None:
                    add(user=request.user, **form.cleaned_data)
                else:
                    services.name_update(
                        record=record, user=request.user, seen=form.seen(), **form.cleaned_data
                    )
            except ValidationError as invalid:
                add_service_errors(form, invalid)
                if record is not None:
                    form.show_now()
            else:
                messages.success(
                    request, _("Saved “%(name)s”.") % {"name": form.cleaned_data["name"]}
                )
                return redirect(request.path)
        status = 400
    context = {
        "owner": owner,
        "title": title,
        "rows": list(forms.values()),
        "new_form": new_form,
        "section": "review",
    }
    return render(request, "claims/names_form.html", context, status=status)


def _names_view(model, *, add, title):
    """The names page of a ``model`` record found by the URL's slug, under the permission to
    change it; ``add(owner, **name)`` records a new name, ``title(owner)`` heads the page."""

    @permission_required(f"{model._meta.app_label}.change_{model._meta.model_name}")
    def view(request, slug):
        owner = get_object_or_404(model, slug=slug)
        return _names_page(request, owner, partial(add, owner), title=title(owner))

    return view


place_names = _names_view(
    Place,
    add=lambda place, **name: services.place_name_add(place=place, **name),
    title=lambda place: _("Other names of %(place)s") % {"place": local_name(place)},
)
actor_names = _names_view(
    Actor,
    add=lambda actor, **name: services.actor_name_add(actor=actor, **name),
    title=lambda actor: _("Aliases of %(actor)s") % {"actor": local_name(actor)},
)


@permission_required(services.PERM_CHANGE_SIDE)
def sides(request):
    target = request.POST.get("record", "") if request.method == "POST" else ""
    rows, status = [], 200
    for side in Side.objects.order_by("position", "name"):
        prefix = f"s{side.pk}"
        bound = target == str(side.pk)
        initial = {"name": side.name, "name_uk": side.name_uk, "colour": side.colour}
        form = SideColourForm(request.POST if bound else None, initial=initial, prefix=prefix)
        if bound:
            if form.is_valid():
                try:
                    services.side_update(
                        side=side, user=request.user, seen=form.seen(), **form.cleaned_data
                    )
                except ValidationError as invalid:
                    add_service_errors(form, invalid)
                    form.show_now()
                else:
                    messages.success(request, _("Saved %(record)s.") % {"record": local_name(side)})
                    return redirect(request.path)
            status = 400
        rows.append((side, form))
    context = {"rows": rows, "title": _("Sides and their colours"), "section": "review"}
    return render(request, "claims/sides.html", context, status=status)
