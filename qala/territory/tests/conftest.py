import json

import pytest

from qala.territory import routing, services
from qala.territory.models import Territory


@pytest.fixture(autouse=True)
def _fresh_routing_cache():
    routing.reset_cache()
    yield
    routing.reset_cache()


@pytest.fixture(scope="session")
def bundled_boundaries():
    """The bundled kz-adm1.geojson, parsed once per test session."""
    return json.loads(services.BOUNDARIES_FILE.read_text("utf-8"))


@pytest.fixture
def no_territories(db):
    """An empty table, whatever the session set up for other apps (the test's transaction restores it)."""
    Territory.objects.update(parent=None)
    Territory.objects.all().delete()


@pytest.fixture
def territories(no_territories):
    """The bundled territories, without boundaries."""
    services.territories_load()


@pytest.fixture
def boundaries(territories, bundled_boundaries):
    """The bundled territories with the bundled region boundaries."""
    services.boundaries_load(bundled_boundaries, source="test")
