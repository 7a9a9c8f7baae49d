"""Background work: `manage.py db_worker` runs these (immediately, in tests)."""

from django_tasks import task

from . import delivery

BATCH = 100
MAX_BATCHES = 50


@task()
def deliver_outbox() -> int:
    """Send what is due, batch after batch; if a send failed, come back when its retry is due."""
    sent, retry_at = 0, None
    for _ in range(MAX_BATCHES):
        outcome = delivery.deliver_due(now=None, batch=BATCH)
        sent += outcome.sent
        retry_at = min(filter(None, [retry_at, outcome.retry_at]), default=None)
        if not outcome.full:
            break
    if retry_at is not None:
        _come_back_at(retry_at)
    return sent


def _come_back_at(when) -> None:
    # The immediate backend (tests) cannot defer; there the next run is the next `notify` or the command.
    if deliver_outbox.get_backend().supports_defer:
        deliver_outbox.using(run_after=when).enqueue()
