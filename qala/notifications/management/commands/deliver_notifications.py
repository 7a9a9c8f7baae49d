from django.core.management.base import BaseCommand

from qala.notifications.tasks import deliver_outbox


class Command(BaseCommand):
    help = "Send the notifications that are due, e.g. those left behind by a stopped worker. Safe to run any time."

    def handle(self, *args, **options):
        sent = deliver_outbox.call()
        self.stdout.write(f"{sent} notification(s) sent.")
