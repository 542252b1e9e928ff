"""What a survey link is about, whichever it is: an attended consultation or an answered inbox
message. The survey page, its email and the stored answer go through ``Survey`` alone, so both
kinds share one form, one page, one link and one table of answers."""

from dataclasses import dataclass

from inbox.models import Message

from .models import Booking, Feedback, Notice


@dataclass(frozen=True)
class Survey:
    """What one survey link is about (a ``Booking`` or an inbox ``Message``), in the terms the
    survey page, its email and the stored answer need. The page and the email use only these
    properties: never the private notes of a booking or the words of a message, which anyone
    holding the link (a forwarded email) could otherwise read."""

    about: Booking | Message

    @property
    def is_message(self):
        return isinstance(self.about, Message)

    @property
    def key(self):
        return {"message": self.about} if self.is_message else {"booking": self.about}

    @property
    def liaison(self):
        return self.about.liaison

    @property
    def email(self):
        return self.about.sender_email if self.is_message else self.about.client_email

    @property
    def name(self):
        return self.about.sender_name if self.is_message else self.about.client_name

    @property
    def when(self):
        return self.about.responded_at if self.is_message else self.about.start

    def is_open(self):
        """A consultation's survey once it is marked attended; a message's once it was sent."""
        if self.is_message:
            return Notice.objects.filter(message=self.about, kind=Notice.Kind.SURVEY).exists()
        return self.about.outcome == Booking.Outcome.ATTENDED

    def answered(self):
        return Feedback.objects.filter(**self.key).exists()

    def answer(self, rating, comment=""):
        """Store the answer; a second one is ignored (answered once). True if this one counted."""
        _feedback, created = Feedback.objects.get_or_create(
            **self.key,
            defaults={"rating": rating, "comment": comment, "liaison": self.about.liaison},
        )
        return created
