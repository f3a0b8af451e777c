"""The README stays true to the code it describes."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_the_settings_read_is_documented():
    settings_source = (ROOT / "claimtracker" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|rate)\(\s*"([A-Z_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert read, "found no environment variables in settings.py"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"
