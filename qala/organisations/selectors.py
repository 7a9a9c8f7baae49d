from qala.territory.selectors import territory_ids_above

from .models import Organisation, RoutingRule


def organisation_suggested(appeal) -> Organisation | None:
    """The routing rule for the appeal's category in its territory, or the nearest territory above it."""
    ids = territory_ids_above(appeal.territory)
    rules = {
        rule.territory_id: rule.organisation
        for rule in RoutingRule.objects.filter(category_id=appeal.category_id, territory_id__in=ids).select_related(
            "organisation"
        )
    }
    return next((rules[pk] for pk in ids if pk in rules), None)


def organisations_for_territory(territory):
    """Organisations serving the territory or one above it, for the assign form."""
    return Organisation.objects.filter(territories__in=territory_ids_above(territory)).distinct()
