from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from . import services
from .models import Student


@receiver(email_confirmed)
def match_on_email_confirmed(sender, request, email_address, **kwargs):
    """A student is matched once they have proved their address, not at the sign-up click."""
    student = Student.objects.filter(user_id=email_address.user_id).first()
    if student is not None:
        services.ensure_matched(student)
