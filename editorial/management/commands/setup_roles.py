from django.core.management.base import BaseCommand

from editorial.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or top up the Liaison and Coordinator groups, their permissions and the workflow."
    )

    def handle(self, *args, **options):
        liaison, coordinator = setup_roles()
        self.stdout.write(
            self.style.SUCCESS(
                f"Groups ready: {liaison.name} ({liaison.user_set.count()} users), "
                f"{coordinator.name} ({coordinator.user_set.count()} users)."
            )
        )
