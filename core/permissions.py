"""Pages a liaison librarian owns (their profile, guides, posts, enquiry forms).

Wagtail asks ``page.permissions_for_user(user)`` before every admin action on a page (edit,
publish, unpublish, delete, move, copy, preview, history, revisions, bulk actions) and lets a
page type override it; on a plain ``Page`` it casts to the specific type first. Owned page types
take ``OwnedPageMixin``, whose tester comes from the app that decides ownership rules
(``editorial`` registers it with the ``owned_page_permission_tester`` hook: this app sits below
it and does not import it). Other page types keep Wagtail's own tester.
"""

from wagtail import hooks
from wagtail.models import PagePermissionTester

TESTER_HOOK = "owned_page_permission_tester"


class OwnedPageMixin:
    """For a page model a librarian owns beyond ``Page.owner``."""

    owned_kind = None  # "profile", "guide", "post" or "form" (see editorial.permissions)
    owner_field = None  # the field naming the owner librarian; None: the profile's own ``user``

    def permissions_for_user(self, user):
        testers = hooks.get_hooks(TESTER_HOOK)
        if testers:
            return testers[-1](user, self)
        return PagePermissionTester(user, self)
