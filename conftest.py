import os

import pytest

# Playwright's sync API runs an event loop in the test thread; ORM calls made inside a
# browser test would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Tests read English unless they ask otherwise, and never leave another language on for the next one."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached lookups never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


def _load_city():
    from qala.appeals.models import Category
    from qala.appeals.services import categories_load
    from qala.territory.models import Territory
    from qala.territory.services import boundaries_load_default, territories_load

    if not Territory.objects.filter(boundary__isnull=False).exists():
        territories_load()
        boundaries_load_default()
    if not Category.objects.exists():
        categories_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load territories and categories once; each test's transaction then rolls back over them."""
    with django_db_blocker.unblock():
        _load_city()


@pytest.fixture
def city(db):
    """Territories with boundaries and the standard categories (reloaded after a flushing test)."""
    _load_city()
