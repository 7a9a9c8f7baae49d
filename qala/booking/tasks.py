from django_tasks import task

from . import reminders, services


@task()
def booking_reminders():
    """Remind residents of their PSC bookings (the scheduler enqueues this every minute)."""
    return reminders.send_due_reminders()


@task()
def booking_slots_extend():
    """Generate the slots of the days that have come within the booking horizon."""
    return services.slots_extend()
