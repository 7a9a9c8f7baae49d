from django_tasks import task

from . import sweeps


@task()
def sweep_deadlines():
    """Record breaches, warn of near deadlines, close unanswered done appeals (the scheduler enqueues this)."""
    return {
        "breaches": sweeps.sweep_breaches(),
        "auto_closed": sweeps.sweep_auto_close(),
        "warned": sweeps.sweep_deadlines_near(),
    }
