"""What a liaison's (or coordinator's) admin dashboard lists. Each function returns (items, total)
so a panel can say "5 of 12"; a panel that is not for this user returns None."""

from django.db.models import Q
from wagtail.models import Page

from core.roles import is_coordinator
from inbox.models import Message
from students.models import Assignment

from .models import LiaisonDeactivation
from .permissions import page_links_for_user
from .services import overdue_guides

LIMIT = 10


def _limited(queryset, limit=LIMIT):
    items = list(queryset[:limit])
    total = len(items) if len(items) < limit else queryset.count()
    return items, total


def my_pages(user, limit=LIMIT):
    """Pages the user owns, is named on or co-edits, most recently changed first."""
    links = page_links_for_user(user)
    pages = (
        Page.objects.filter(Q(owner=user) | Q(pk__in=links["named"] | links["co_edited"]))
        .annotate_approved_schedule()  # the status tag asks each draft; no query per row
        .specific(defer=True)
        .prefetch_workflow_states()
        .order_by("-latest_revision_created_at", "-pk")
    )
    return _limited(pages, limit)


def guides_due_for_review(user, limit=LIMIT):
    """Live guides last reviewed before the cut-off: the user's own, or all for coordinators."""
    guides = overdue_guides()
    if not is_coordinator(user):
        links = page_links_for_user(user)
        guides = guides.filter(Q(owner=user) | Q(pk__in=links["named"] | links["co_edited"]))
    return _limited(guides, limit)


def new_messages(user, limit=LIMIT):
    messages = Message.objects.filter(liaison__user=user, status=Message.Status.NEW).select_related(
        "programme"
    )
    return _limited(messages.order_by("-created_at"), limit)


def my_students(user, limit=LIMIT):
    assignments = Assignment.objects.filter(
        liaison__user=user, ended_at__isnull=True, student__isnull=False
    ).select_related("student__user", "student__programme")
    return _limited(assignments.order_by("-started_at"), limit)


def liaisons_to_rebalance(user, limit=LIMIT):
    if not is_coordinator(user):
        return None
    flags = LiaisonDeactivation.objects.filter(
        students_to_rebalance__gt=0, rebalanced_at__isnull=True
    ).select_related("liaison")
    return _limited(flags, limit)
