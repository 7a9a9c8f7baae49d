from django.core import checks


@checks.register()
def transitions_cover_every_status(app_configs, **kwargs):
    """Every status is reachable in the workflow table, and every target is a real status."""
    from .models import Appeal
    from .workflow import TRANSITIONS

    statuses = set(Appeal.Status.values)
    reached = {Appeal.Status.NEW} | {to for _, to in TRANSITIONS.values() if to is not None}
    sources = {s for froms, _ in TRANSITIONS.values() for s in froms}
    errors = []
    for missing in sorted(statuses - reached):
        errors.append(checks.Error(f"Status {missing!r} is never reached by a transition.", id="appeals.E001"))
    for unknown in sorted((reached | sources) - statuses):
        errors.append(checks.Error(f"Transition table names unknown status {unknown!r}.", id="appeals.E002"))
    return errors
