import time

from django.core.management.base import BaseCommand

from qala.appeals.tasks import sweep_deadlines
from qala.booking.tasks import booking_reminders, booking_slots_extend
from qala.notifications.tasks import deliver_outbox

PERIODIC = (sweep_deadlines, booking_slots_extend, booking_reminders, deliver_outbox)


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (deadline sweep, booking slots and reminders, outbox) every --every seconds."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args, every, once, **options):
        while True:
            for periodic in PERIODIC:
                periodic.enqueue()
            if once:
                return
            time.sleep(every)
