from django.core.management.base import BaseCommand, CommandError

from editorial.services import OnboardingError, onboard_liaison


class Command(BaseCommand):
    help = (
        "Add a liaison librarian: their user in the Liaison group, a draft profile page they own "
        "and a set-password invitation. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("full_name")
        parser.add_argument(
            "--programmes",
            nargs="*",
            default=[],
            metavar="CODE",
            help="Programme codes they serve.",
        )
        parser.add_argument(
            "--no-invite", action="store_true", help="Do not email a set-password invitation."
        )
        parser.add_argument(
            "--resend-invite",
            action="store_true",
            help="Email the invitation again if they have not set a password yet.",
        )

    def handle(self, email, full_name, programmes, no_invite, resend_invite, **options):
        try:
            result = onboard_liaison(
                email, full_name, programmes, invite=not no_invite, resend_invite=resend_invite
            )
        except OnboardingError as exc:
            raise CommandError(str(exc)) from exc
        user, page = result.user, result.page
        self.stdout.write(
            f"{'Created' if result.created_user else 'Found'} user {user.email}; "
            f"{'created' if result.created_page else 'found'} profile '{page.title}' "
            f"(page {page.pk}, {'live' if page.live else 'draft'})."
        )
        if result.programmes:
            self.stdout.write("Programmes: " + ", ".join(p.code for p in result.programmes))
        for line in result.notes():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Done."))
