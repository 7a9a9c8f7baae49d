"""Reads about people: whose scope covers what, and who should hear about an appeal."""

from qala.territory.selectors import territory_ids_above, territory_ids_under

from .models import User

Role = User.Role


def territory_scope(user) -> set[int]:
    """The territories a staff user oversees: those granted and everything inside them (cached on the user)."""
    if not hasattr(user, "_territory_scope"):
        user._territory_scope = territory_ids_under(user.territories.values_list("pk", flat=True))
    return user._territory_scope


def staff_of_territory(territory, role: str):
    """Active users of `role` granted `territory` or a territory that contains it."""
    return User.objects.filter(role=role, is_active=True, territories__in=territory_ids_above(territory)).distinct()


def managers_of(organisation):
    if organisation is None:
        return User.objects.none()
    return User.objects.filter(role=Role.ORG_MANAGER, organisation=organisation, is_active=True)
