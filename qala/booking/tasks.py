from django_tasks import task

from . import reminders


@task()
def booking_reminders():
    """Remind residents of their PSC bookings (the scheduler enqueues this every minute)."""
    return reminders.send_due_reminders()
