"""Onboarding, deactivation and review reminders. The command and the admin views both call these."""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from inbox.models import EnquiryFormPage
from liaison_pages.models import BlogPostPage, GuidePage, LiaisonIndexPage, LiaisonPage
from students.models import Assignment
from students.services import rebalance
from taxonomy.models import Programme

from .models import LiaisonDeactivation
from .roles import LIAISON, setup_roles


class OnboardingError(Exception):
    """Bad input for adding a liaison; the message says what to fix. ``field`` names the form
    field it is about (None: the whole form)."""

    field = None


class UnverifiedAccountError(OnboardingError):
    field = "email"


# What onboarding does with an account that already holds the address (``existing_account_step``).
KEEP, ATTACH, REFUSE = "keep", "attach", "refuse"


def existing_account_step(*, is_liaison, is_staff, verified):
    """Whether onboarding may give the Liaison role to an account that exists already.

    * KEEP: it is a liaison already; a re-run only tops up programmes.
    * ATTACH: its owner proved the address (verified), or it already holds a staff role (someone
      vetted it before). The role is added; a non-staff account also has its password reset and
      gets the set-password invitation, so only whoever reads that mailbox can sign in with it.
    * REFUSE: anyone can sign up with an address they do not own; until the address is verified
      the account may belong to an impostor, so it never gets a role.
    """
    if is_liaison:
        return KEEP
    if verified or is_staff:
        return ATTACH
    return REFUSE


@dataclass
class OnboardingResult:
    user: object
    page: object
    created_user: bool
    created_page: bool
    invited: bool
    programmes: list = field(default_factory=list)
    attached_role: bool = False  # an existing account was given the Liaison role
    password_reset: bool = False  # ... and its password was reset (every session ended)

    def notes(self):
        """What happened, in the words the coordinator reads (admin message, command output)."""
        email, title = self.user.email, self.page.title
        if self.created_user:
            lines = [f"Added {title} with a new account for {email}."]
        elif self.attached_role and self.password_reset:
            lines = [
                f"Added {title}: {email} already had an account (its address is verified), which "
                "now has the Liaison role. Its password was reset and every session on it ended."
            ]
        elif self.attached_role:
            lines = [
                f"Added {title}: the existing staff account {email} now also has the Liaison "
                "role (its password is unchanged)."
            ]
        else:
            lines = [f"Updated {title}." if not self.created_page else f"Added {title}."]
        if self.invited:
            lines.append(f"An invitation to choose a password is on its way to {email}.")
        elif self.password_reset:
            lines.append(
                "No invitation was sent: they choose a password with 'Forgot your password?'."
            )
        return lines


def clean_email(email):
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise OnboardingError(f"'{email}' is not a valid email address.") from exc
    return email.lower()


def find_programmes(codes):
    """The programmes for these codes (any case); unknown codes raise, naming every one of them."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code and code.strip()))
    if not wanted:
        return []
    query = reduce(or_, (Q(code__iexact=code) for code in wanted))
    found = {p.code.upper(): p for p in Programme.objects.filter(query)}
    unknown = [code for code in wanted if code.upper() not in found]
    if unknown:
        raise OnboardingError(f"Unknown programme code(s): {', '.join(unknown)}.")
    return [found[code.upper()] for code in wanted]


def _unique_slug(parent, title):
    base = slugify(title)[:50] or "librarian"
    slug, n = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def invitation_url(user):
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_invitation(user, full_name):
    """Email a set-password link (allauth's reset flow, valid for PASSWORD_RESET_TIMEOUT)."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
    send_mail(
        subject=f"{getattr(settings, 'ACCOUNT_EMAIL_SUBJECT_PREFIX', '')}Your liaison librarian account",
        message=(
            f"Hello {full_name},\n\n"
            "You have been added as a liaison librarian on the library portal. Choose a password "
            f"here (the link works for {days} days):\n\n{invitation_url(user)}\n\n"
            f"Then sign in at {admin_url} with {user.email} to complete and publish your "
            "profile, and to write guides and news.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def _same_address(stored, email):
    """Exact comparison of normalised addresses. A database's case-insensitive match (UPPER())
    folds some Unicode letters together, e.g. the dotless 'ı' of another domain into 'i'."""
    return (stored or "").strip().lower() == email


def find_account(email):
    """The account whose address is exactly ``email`` (already normalised), or None."""
    candidates = get_user_model().objects.filter(email__iexact=email).order_by("pk")
    return next((user for user in candidates if _same_address(user.email, email)), None)


def _is_verified(user, email):
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return any(_same_address(address, email) for address in addresses)


def _is_staff(user):
    return user.is_active and (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def _ensure_email_address(user, email):
    """The sign-in address for a liaison account: verified for a new account (the coordinator
    vouches for it and the invitation goes there); an existing row is left as it is."""
    if any(_same_address(e, email) for e in user.emailaddress_set.values_list("email", flat=True)):
        return
    EmailAddress.objects.create(
        user=user,
        email=email,
        verified=True,
        primary=not user.emailaddress_set.filter(primary=True).exists(),
    )


def onboard_liaison(email, full_name, programme_codes=(), *, invite=True, resend_invite=False):
    """Create (or top up) a liaison: user in the Liaison group, a verified email address for
    sign-in, their profile page (a draft, owned by them) and a set-password invitation.

    An account that already has the address gets the role only as ``existing_account_step``
    allows: never while its address is unverified (UnverifiedAccountError, nothing changed); a
    non-staff account's password is reset and the invitation sent.

    Running it again changes nothing that exists and adds any new programmes; it sends no second
    invitation unless ``resend_invite`` is set and the user has not chosen a password yet."""
    email = clean_email(email)
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise OnboardingError("Give the liaison's full name.")
    programmes = find_programmes(programme_codes)
    directory = LiaisonIndexPage.objects.first()
    if directory is None:
        raise OnboardingError("There is no librarians directory page yet: create it first.")

    liaison_group, _ = setup_roles()
    User = get_user_model()
    with transaction.atomic():
        user = find_account(email)
        created_user = user is None
        attached = reset = False
        if created_user:
            first, _, last = full_name.partition(" ")
            user = User(username=email, email=email, first_name=first, last_name=last)
            user.set_unusable_password()
            user.save()
        else:
            staff = _is_staff(user)
            step = existing_account_step(
                is_liaison=user.groups.filter(pk=liaison_group.pk).exists(),
                is_staff=staff,
                verified=_is_verified(user, email),
            )
            if step == REFUSE:
                raise UnverifiedAccountError(
                    f"{email} belongs to an existing account whose address has not been "
                    "verified, so it was not given the Liaison role: anyone can sign up with an "
                    "address they do not own. Nothing was changed. Ask the librarian to confirm "
                    "the address from the email the portal sent them (or to sign in and ask for "
                    "a new one), then add them again."
                )
            attached = step == ATTACH
            if attached and not staff:
                # Whoever chose this password may not be the librarian: only the invitation,
                # sent to the verified address, leads back in (and a new hash ends every session).
                user.set_unusable_password()
                user.save(update_fields=["password"])
                reset = True
        user.groups.add(liaison_group)
        _ensure_email_address(user, email)

        page = LiaisonPage.objects.filter(user=user).first()
        created_page = page is None
        if created_page:
            page = LiaisonPage(
                title=full_name,
                slug=_unique_slug(directory, full_name),
                job_title="Liaison Librarian",
                email=email,
                user=user,
                owner=user,
                live=False,
            )
            directory.add_child(instance=page)
        new = [p for p in programmes if p not in page.programmes.all()]
        if new or created_page:
            page.programmes.add(*new)
            page.save()
            page.save_revision(user=None, log_action=True)
        invited = False
        resend = resend_invite and not user.has_usable_password()
        if invite and (created_user or reset or resend):
            transaction.on_commit(lambda: send_invitation(user, full_name))
            invited = True
    return OnboardingResult(
        user, page, created_user, created_page, invited, programmes, attached, reset
    )


# --- Deactivation -------------------------------------------------------------------------------


@dataclass
class DeactivationResult:
    record: LiaisonDeactivation
    pages_transferred: int
    students_flagged: int
    students_moved: int = 0
    successor: object = None  # who answers their messages now (None: general enquiries)
    forms_moved: int = 0  # enquiry forms whose recipient moved to the successor


def owned_pages(liaison):
    """The guides and posts a liaison owns or is named on (for transfer)."""
    guides = GuidePage.objects.filter(Q(liaison=liaison) | Q(owner=liaison.user_id))
    posts = BlogPostPage.objects.filter(Q(author=liaison) | Q(owner=liaison.user_id))
    if liaison.user_id is None:
        guides, posts = GuidePage.objects.filter(liaison=liaison), posts.filter(author=liaison)
    return list(guides.distinct()) + list(posts.distinct())


def open_assignment_count(liaison):
    return Assignment.objects.filter(liaison=liaison, ended_at__isnull=True).count()


def _update_page(page, **changes):
    """Change fields (by attribute name, e.g. ``liaison_id``) on a page's row and in its latest
    and live revisions, without a new revision: the live page and any draft stay as they are, and
    re-publishing a draft later does not undo the change."""
    type(page).objects.filter(pk=page.pk).update(**changes)
    content = {page._meta.get_field(name).name: value for name, value in changes.items()}
    for revision in {r for r in (page.latest_revision, page.live_revision) if r}:
        revision.content.update(content)
        revision.save(update_fields=["content"])


def move_enquiry_forms(liaison, successor):
    """Enquiry forms that send to a departed librarian send to their successor instead (None:
    the general enquiries address). Returns how many moved."""
    forms = list(EnquiryFormPage.objects.filter(liaison=liaison))
    for form in forms:
        _update_page(form, liaison_id=successor.pk if successor else None)
    return len(forms)


def deactivate_liaison(liaison, *, by=None, transfer_to=None, successor=None, rebalance_now=False):
    """Hide a liaison from the directory and matching, keep every page published, optionally
    hand their guides and posts to another liaison, and flag (or move) their students.

    Messages to them go to ``successor``, else to whoever takes their pages, else to the general
    enquiries address: their profile says so instead of showing a contact form, and their
    enquiry forms send there (``LiaisonPage.answering_librarian``)."""
    if transfer_to is not None and transfer_to.pk == liaison.pk:
        raise OnboardingError("Choose another librarian to take over the pages.")
    if successor is not None and successor.pk == liaison.pk:
        raise OnboardingError("Choose another librarian to answer their messages.")
    successor = successor or transfer_to
    with transaction.atomic():
        liaison = LiaisonPage.objects.select_for_update().get(pk=liaison.pk)
        _update_page(
            liaison,
            is_active=False,
            accepting_students=False,
            successor_id=successor.pk if successor else None,
        )
        liaison.is_active = liaison.accepting_students = False
        liaison.successor = successor
        forms_moved = move_enquiry_forms(liaison, successor)
        transferred = 0
        if transfer_to is not None:
            for page in owned_pages(liaison):
                changes = {"owner_id": transfer_to.user_id or page.owner_id}
                if isinstance(page, GuidePage) and page.liaison_id == liaison.pk:
                    changes["liaison_id"] = transfer_to.pk
                if isinstance(page, BlogPostPage) and page.author_id == liaison.pk:
                    changes["author_id"] = transfer_to.pk
                type(page).objects.filter(pk=page.pk).update(**changes)
                transferred += 1
        if liaison.user_id:
            group = Group.objects.filter(name=LIAISON).first()
            if group:
                liaison.user.groups.remove(group)
        flagged = open_assignment_count(liaison)
        record = LiaisonDeactivation.objects.create(
            liaison=liaison,
            deactivated_by=by,
            transferred_to=transfer_to,
            pages_transferred=transferred,
            students_to_rebalance=flagged,
        )
    moved = 0
    if rebalance_now and flagged:
        moved = rebalance_students(record, by=by)
    return DeactivationResult(record, transferred, flagged, moved, successor, forms_moved)


def rebalance_students(record, *, by=None):
    """Move a deactivated liaison's students with the students app, and resolve the flag."""
    result = rebalance(record.liaison, created_by=by)
    if not open_assignment_count(record.liaison):
        record.rebalanced_at = timezone.now()
        record.save(update_fields=["rebalanced_at"])
    return len(result.moved)


# --- Guide freshness ----------------------------------------------------------------------------


def review_cutoff(today=None, months=None):
    months = months or getattr(settings, "GUIDE_REVIEW_MONTHS", 12)
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=int(months * 30.5))


def overdue_guides(today=None, months=None):
    return (
        GuidePage.objects.live()
        .filter(last_reviewed__lt=review_cutoff(today, months))
        .select_related("liaison", "owner")
        .order_by("last_reviewed", "title")
    )


def reminder_recipient(guide):
    """The owner librarian's address, else the page owner's; None if nobody is left to remind."""
    if guide.liaison_id and guide.liaison.is_active and guide.liaison.email:
        return guide.liaison.email
    if guide.owner_id and guide.owner.is_active and guide.owner.email:
        return guide.owner.email
    return None


def send_review_reminders(today=None, months=None, dry_run=False):
    """One email per owner listing their overdue guides with edit links. Returns
    {email: [guides]} and the guides nobody owns (reported to the caller, not emailed)."""
    by_owner, orphans = {}, []
    for guide in overdue_guides(today, months):
        recipient = reminder_recipient(guide)
        if recipient:
            by_owner.setdefault(recipient, []).append(guide)
        else:
            orphans.append(guide)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    months = months or getattr(settings, "GUIDE_REVIEW_MONTHS", 12)
    if not dry_run:
        for email, guides in by_owner.items():
            lines = [
                f"- {g.title} (last reviewed {g.last_reviewed:%d %B %Y}): "
                f"{base}{reverse('wagtailadmin_pages:edit', args=[g.pk])}"
                for g in guides
            ]
            send_mail(
                subject=f"{len(guides)} guide{'s' if len(guides) != 1 else ''} due for review",
                message=(
                    f"These guides have not been reviewed for over {months} months:\n\n"
                    + "\n".join(lines)
                    + "\n\nCheck the links and content, update 'Last reviewed' and save.\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[email],
            )
    return by_owner, orphans
