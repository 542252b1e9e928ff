"""Email addresses compared without Unicode case folding.

A database's case-insensitive match (``__iexact``, ``UPPER()``) and Python's ``str.lower()`` fold
some non-ASCII letters onto ASCII ones: on PostgreSQL ``UPPER('victim@gmaıl.com')`` (dotless ı)
equals ``UPPER('victim@gmail.com')``, and ``'\u212a'.lower()`` (the Kelvin sign) is ``'k'``. Anyone
who can register the look-alike domain would then be taken for the owner of the real address
(the pattern of Django's CVE-2019-19844). So the portal never matches people by a case-insensitive
comparison: it links records to user ids, and where an address must be compared it compares
``normalise_email`` of both sides exactly.
"""

import string

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def normalise_email(address):
    """``address`` stripped, with its ASCII letters lowercased and every other character kept.

    Like Django's ``BaseUserManager.normalize_email`` the domain's case does not count; unlike it
    no non-ASCII character is changed, so two different Unicode addresses never become equal. The
    local part's ASCII case does not count either: allauth, the portal's one way to sign up,
    stores every address lowercased, so an address typed as ``Ada.Byrne@…`` must still find the
    account ``ada.byrne@…``.
    """
    return (address or "").strip().translate(_ASCII_LOWER)


def same_address(first, second):
    """Whether two addresses are the same mailbox by ``normalise_email`` (empty never matches)."""
    first, second = normalise_email(first), normalise_email(second)
    return bool(first) and first == second
