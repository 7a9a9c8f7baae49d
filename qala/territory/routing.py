"""Point → territory: the smallest territory whose boundary contains the point.

Going down the tree from Kazakhstan, at each level:

1. a child whose boundary contains the point wins (the smallest one, should neighbours overlap);
2. else a child whose boundary is within `BORDER_TOLERANCE` degrees (simplified borders move by a few hundred metres);
3. else, among the children that have no boundary loaded, the one whose centre is nearest;
4. else the current territory is the answer.

At the top, "Kazakhstan" is the union of the top-level boundaries, plus a rough bounding box around top-level units
that have no boundary yet (all of them on a fresh database). A point outside both raises `Invalid`.

The shapes are built once per process into prepared shapely geometries. Each call checks one aggregate
(count and latest `updated_at` of the territories) and rebuilds when it changed: one query when warm.
"""

import copy
import math
import threading
from dataclasses import dataclass, field
from decimal import Decimal

import shapely
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from shapely.errors import ShapelyError

from qala.common.errors import Invalid

from .models import Territory

# A rough box around Kazakhstan (the boundaries span 40.57–55.44 N, 46.49–87.32 E).
KAZAKHSTAN_BOX = (40.5, 46.4, 55.5, 87.4)  # south, west, north, east
BORDER_TOLERANCE = 0.01  # degrees: about 1.1 km north–south, 0.7 km east–west at 50° N
COORDINATES = {
    "latitude": (90, _("Latitude must be a number from -90 to 90.")),
    "longitude": (180, _("Longitude must be a number from -180 to 180.")),
}


@dataclass(eq=False)
class _Node:
    territory: Territory
    lat: float
    lon: float
    shape: shapely.Geometry | None
    area: float
    children: list["_Node"] = field(default_factory=list)


@dataclass(frozen=True)
class _Tree:
    stamp: tuple
    roots: list[_Node]


_tree: _Tree | None = None
_lock = threading.Lock()


def route_point(lat, lon) -> Territory:
    """The territory a point belongs to. Raises `Invalid` for a bad or foreign point."""
    lat, lon = _coordinate(lat, "latitude"), _coordinate(lon, "longitude")
    point = shapely.Point(lon, lat)
    node = _top_level(_current_tree().roots, point)
    while (child := _pick(node.children, point)) is not None:
        node = child
    return copy.copy(node.territory)


def reset_cache() -> None:
    global _tree
    _tree = None


# --- input


def _coordinate(value, field: str) -> float:
    """A finite number within range. Strings are refused: adapters parse their input first."""
    limit, message = COORDINATES[field]
    number = None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = float(value)
        except (ValueError, OverflowError):  # Decimal("sNaN"), huge integers
            number = None
    if number is None or not math.isfinite(number) or abs(number) > limit:
        raise Invalid(message, code="invalid_coordinates", field=field)
    return number


# --- walking the tree


def _top_level(roots: list[_Node], point: shapely.Point) -> _Node:
    node = _containing(roots, point) or _bordering(roots, point)
    if node is None and _in_box(point):
        node = _nearest([root for root in roots if root.shape is None], point)
    if node is None:
        raise Invalid(_("The point must lie in Kazakhstan."), code="outside_kazakhstan")
    return node


def _pick(children: list[_Node], point: shapely.Point) -> _Node | None:
    return (
        _containing(children, point)
        or _bordering(children, point)
        or _nearest([child for child in children if child.shape is None], point)
    )


def _containing(nodes: list[_Node], point: shapely.Point) -> _Node | None:
    hits = [node for node in nodes if node.shape is not None and node.shape.intersects(point)]
    return min(hits, key=lambda node: node.area, default=None)


def _bordering(nodes: list[_Node], point: shapely.Point) -> _Node | None:
    near = [(node.shape.distance(point), node) for node in nodes if node.shape is not None]
    near = [(distance, node) for distance, node in near if distance <= BORDER_TOLERANCE]
    return min(near, key=lambda pair: pair[0], default=(None, None))[1]


def _nearest(nodes: list[_Node], point: shapely.Point) -> _Node | None:
    return min(nodes, key=lambda node: _distance(node, point), default=None)


def _distance(node: _Node, point: shapely.Point) -> float:
    """Equirectangular distance in degrees of latitude: plenty for picking the nearest of a few centres."""
    dx = (node.lon - point.x) * math.cos(math.radians((node.lat + point.y) / 2))
    return math.hypot(dx, node.lat - point.y)


def _in_box(point: shapely.Point) -> bool:
    south, west, north, east = KAZAKHSTAN_BOX
    return south <= point.y <= north and west <= point.x <= east


# --- the cached tree


def _current_tree() -> _Tree:
    global _tree
    stamp = _stamp()
    tree = _tree
    if tree is None or tree.stamp != stamp:
        with _lock:
            if _tree is None or _tree.stamp != stamp:
                _tree = _build(stamp)
            tree = _tree
    return tree


def _stamp() -> tuple:
    found = Territory.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    return found["count"], found["changed"]


def _build(stamp: tuple) -> _Tree:
    shapes = dict(Territory.objects.filter(boundary__isnull=False).values_list("pk", "boundary"))
    territories = Territory.objects.defer("boundary")
    nodes = {territory.pk: _node(territory, shapes.get(territory.pk)) for territory in territories}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.territory.parent_id)
        (parent.children if parent else roots).append(node)
    return _Tree(stamp=stamp, roots=roots)


def _node(territory: Territory, boundary: dict | None) -> _Node:
    shape = _prepared(boundary)
    return _Node(
        territory=territory,
        lat=float(territory.centre_lat),
        lon=float(territory.centre_lon),
        shape=shape,
        area=shape.area if shape is not None else 0.0,
    )


def _prepared(boundary: dict | None) -> shapely.Geometry | None:
    if not boundary:
        return None
    try:
        shape = shapely.geometry.shape(boundary)
    except (ShapelyError, KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None  # boundaries_load never stores such a shape; ignore one written some other way
    shapely.prepare(shape)
    return shape
