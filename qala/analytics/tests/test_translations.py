"""The panel's own catalog (qala/analytics/locale) is complete and compiled, like the project's."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def _catalog(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_nothing_is_untranslated_or_fuzzy(language):
    catalog = _catalog(language)

    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_compiled_catalog_is_current(language):
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in _catalog(language)}
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    assert {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in compiled} == source
