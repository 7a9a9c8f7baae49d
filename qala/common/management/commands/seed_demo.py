from django.core.management.base import BaseCommand

from qala import demo


class Command(BaseCommand):
    help = "Load the demo city (re-run safe) and print the demo accounts."

    def handle(self, *args, **options):
        result = demo.seed()
        self.stdout.write(f"Demo city ready; {result['appeals_created']} appeals added this run.")
        self.stdout.write(f"Demo accounts (password for all: {demo.PASSWORD}):")
        for email, user in result["users"].items():
            self.stdout.write(f"  {user.get_role_display():<24} {email}")
