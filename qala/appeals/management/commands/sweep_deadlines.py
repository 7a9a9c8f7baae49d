from django.core.management.base import BaseCommand

from qala.appeals import sweeps


class Command(BaseCommand):
    help = "Record missed deadlines once and auto-close done appeals the resident did not answer."

    def handle(self, *args, **options):
        breaches, closed, warned = sweeps.sweep_breaches(), sweeps.sweep_auto_close(), sweeps.sweep_deadlines_near()
        self.stdout.write(
            f"deadline breaches recorded: {breaches}; appeals auto-closed: {closed}; executors warned: {warned}"
        )
