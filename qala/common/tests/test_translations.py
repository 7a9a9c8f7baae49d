"""Every catalog is complete, its placeholders match, and the compiled files are current."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _catalog(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_nothing_is_untranslated_or_fuzzy(language):
    catalog = _catalog(language)
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_placeholders_match(language):
    wrong = []
    for entry in _catalog(language).translated_entries():
        if entry.msgid_plural:
            # A plural form may leave the number out ("one photo"), never add a placeholder.
            allowed = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
            wrong += [entry.msgid for text in entry.msgstr_plural.values() if set(PLACEHOLDER.findall(text)) - allowed]
        elif set(PLACEHOLDER.findall(entry.msgstr)) != set(PLACEHOLDER.findall(entry.msgid)):
            wrong.append(entry.msgid)
    assert wrong == []


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_compiled_catalog_is_current(language):
    source = _catalog(language)
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    translated = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in source.translated_entries()}
    in_mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in compiled}
    missing = {key for key, text in translated.items() if in_mo.get(key) != text}
    assert missing == set(), "run `make messages` to compile the catalogs"
