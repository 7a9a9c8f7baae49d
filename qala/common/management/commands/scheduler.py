import time

from django.core.management.base import BaseCommand

from qala.appeals.tasks import sweep_deadlines
from qala.notifications.tasks import deliver_outbox

PERIODIC = (sweep_deadlines, deliver_outbox)


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (deadline sweep, outbox retries) every --every seconds for db_worker."

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
