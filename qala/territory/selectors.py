"""Reads for territories: the "choose your region or city" lists, ordered by name in the active language."""

from dataclasses import dataclass

from qala.common.i18n import localized

from .models import Territory

# Kazakh Cyrillic order, which contains the Russian one. Code-point order would put Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І after Я.
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_ORDER = {letter: 0x400 + index for index, letter in enumerate(KAZAKH_ALPHABET)}
TOP_LEVEL = (Territory.Kind.REGION, Territory.Kind.REPUBLICAN_CITY)


@dataclass(frozen=True)
class Place:
    """A territory as a list shows it: code, name in the active language, kind and centre."""

    pk: int
    code: str
    name: str
    kind: str
    lat: float
    lon: float


def region_choices() -> list[Place]:
    """The 17 regions and 3 cities of republican significance, with their centres."""
    return _places(Territory.objects.filter(parent=None, kind__in=TOP_LEVEL))


def territory_children(parent: Territory | str) -> list[Place]:
    """The districts, towns or city districts directly inside `parent` (a Territory or its code), with centres."""
    queryset = Territory.objects.filter(parent__code=parent) if isinstance(parent, str) else parent.children.all()
    return _places(queryset)


def territory_choices(parent: Territory | str | None = None) -> list[tuple[str, str]]:
    """`(code, name)` pairs for a form's ChoiceField: the top level, or the children of `parent`."""
    places = region_choices() if parent is None else territory_children(parent)
    return [(place.code, place.name) for place in places]


def name_sort_key(name: str) -> tuple[int, ...]:
    return tuple(_ORDER.get(letter, ord(letter)) for letter in name.casefold())


def _places(queryset) -> list[Place]:
    places = [_place(territory) for territory in queryset.defer("boundary")]
    return sorted(places, key=lambda place: name_sort_key(place.name))


def _place(territory: Territory) -> Place:
    return Place(
        pk=territory.pk,
        code=territory.code,
        name=localized(territory, "name"),
        kind=territory.kind,
        lat=float(territory.centre_lat),
        lon=float(territory.centre_lon),
    )


def territory_ids_under(territory_ids) -> set[int]:
    """The given territories and every territory inside them (the tree is three levels deep)."""
    found = set(territory_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Territory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def territory_ids_above(territory) -> list[int]:
    """`territory` and the territories that contain it, innermost first."""
    ids = [territory.pk]
    parent_id = territory.parent_id
    while parent_id is not None:
        ids.append(parent_id)
        parent_id = Territory.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return ids
