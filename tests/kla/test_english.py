"""The English interface: the language switcher, translated pages and a complete catalogue."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
# The menu of an Admin KLA (kla/accounts/navigation.py), in English.
ADMIN_MENU = [
    "Home",
    "Instrument",
    "Verification",
    "Progress",
    "Score",
    "Simulation",
    "Cycle",
    "Users",
    "Notifications",
]
NAV_LINK = re.compile(r'<a class="nav-link(?: active)?" href="[^"]*"[^>]*>\s*([^<]+?)\s*<', re.S)


def english(client):
    """Choose English the way the footer does: a POST to the set_language view."""
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def catalogue_entries(path: Path = CATALOGUE) -> list[dict[str, str]]:
    """msgid/msgid_plural/msgstr[...] of each entry (obsolete ``#~`` entries are skipped)."""
    entries, current, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if current:
                entries.append(current)
            current, key = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, _, literal = line.partition(" ")
            current[key] = ast.literal_eval(literal)
    return entries


def test_setlang_switches_the_login_page_to_english(client, db):
    english(client)
    html = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in html
    assert "Log in to Pantau KLA" in html
    assert "Masuk ke Pantau KLA" not in html


def test_instrument_page_in_english_has_translated_navigation(client, admin_dp3akb, instrument):
    client.force_login(admin_dp3akb)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("indicators:instrument-detail", args=[instrument.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in html
    assert NAV_LINK.findall(html) == ADMIN_MENU
    assert 'aria-label="Main navigation"' in html
    assert "Log out" in html
    assert "Beranda" not in html


def test_every_msgid_has_an_english_msgstr():
    entries = [e for e in catalogue_entries() if e.get("msgid")]
    assert len(entries) > 500
    untranslated = [
        e["msgid"]
        for e in entries
        if not all(value.strip() for key, value in e.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []
    assert "#, fuzzy" not in CATALOGUE.read_text(encoding="utf-8")


def test_compiled_catalogue_is_up_to_date():
    with open(CATALOGUE.with_suffix(".mo"), "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = []
    for e in catalogue_entries():
        if not e.get("msgid") or "msgctxt" in e:  # the header; contexts are not used yet
            continue
        if "msgid_plural" in e:
            compiled_forms = [
                translations.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)
            ]
            if compiled_forms != [e["msgstr[0]"], e["msgstr[1]"]]:
                stale.append(e["msgid"])
        elif translations.gettext(e["msgid"]) != e["msgstr"]:
            stale.append(e["msgid"])
    assert stale == [], "run: python manage.py compilemessages -l en"


@pytest.mark.parametrize(
    ("indonesian", "english_text"),
    [("Tugas saya", "My tasks"), ("Pimpinan", "Leadership"), ("Verifikator", "Verifier")],
)
def test_glossary_terms(indonesian, english_text):
    msgstrs = {e["msgid"]: e.get("msgstr") for e in catalogue_entries()}
    assert msgstrs[indonesian] == english_text
