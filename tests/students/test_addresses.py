"""Hole 3: addresses are compared exactly after normalise_email, never by Unicode case folding."""

import pytest
from django.core.management import CommandError, call_command

from portal.addresses import normalise_email, same_address
from students import services
from tests.factories import LiaisonPageFactory, UserFactory


def test_hole3_normalise_email_lowers_ascii_only():
    assert normalise_email("  Ada.Byrne@Library.EXAMPLE.edu \n") == "ada.byrne@library.example.edu"
    # look-alikes that UPPER()/lower() would fold onto ASCII stay different addresses
    for lookalike in ("victim@gmaıl.com", "victim@gmaİl.com", "victim@\u212aids.example"):
        assert not same_address(lookalike, lookalike.encode("ascii", "replace").decode())
    assert not same_address("victim@gmaıl.com", "victim@gmail.com")
    assert not same_address("victim@\u212aids.example", "victim@kids.example")
    assert same_address("VICTIM@GMAIL.COM", "victim@gmail.com")
    assert not same_address("", "")


@pytest.fixture
def desk_and_impostor(site_tree):
    """An impostor profile (created first, so it comes first by id) whose address folds onto the
    general-enquiries address on PostgreSQL, and the real general-enquiries desk."""
    impostor = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Impostor", email="ask@lıbrary.example.edu"
    )
    desk = LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Ask Desk",
        email="Desk@Library.example.edu",
        user=UserFactory(email="ask@library.example.edu"),
    )
    return impostor, desk


def test_hole3_general_librarian_found_by_exact_normalised_address(desk_and_impostor, settings):
    _impostor, desk = desk_and_impostor
    for address in (
        "ask@library.example.edu",
        " ASK@library.example.edu",
        "desk@library.example.edu",
    ):
        settings.MATCHING_GENERAL_LIAISON_EMAIL = address
        assert services.general_liaison_id() == desk.pk, address
    settings.MATCHING_GENERAL_LIAISON_EMAIL = "nobody@library.example.edu"
    assert services.general_liaison_id() is None


def test_hole3_rebalance_names_a_librarian_by_exact_normalised_address(
    desk_and_impostor, make_student, capsys
):
    impostor, _desk = desk_and_impostor
    services.reassign(make_student(), impostor, created_by=None)
    with pytest.raises(CommandError, match="No librarian with the email"):
        call_command("rebalance", "--liaison", "nobody@library.example.edu", "--dry-run")
    # the desk (no students), not the impostor whose address folds onto it on PostgreSQL
    call_command("rebalance", "--liaison", "ASK@library.example.edu", "--all", "--dry-run")
    out = capsys.readouterr().out
    assert "Would move 0 student(s)." in out and "could not be placed" not in out


@pytest.mark.postgres
def test_hole3_lookalike_profile_address_is_not_the_general_librarian_on_postgres(
    desk_and_impostor, settings
):
    from liaison_pages.models import LiaisonPage

    impostor, desk = desk_and_impostor
    # PostgreSQL's UPPER() folds the dotless ı: a case-insensitive match finds the impostor first
    folded = LiaisonPage.objects.filter(email__iexact="ask@library.example.edu").order_by("pk")
    assert folded.first() == impostor
    settings.MATCHING_GENERAL_LIAISON_EMAIL = "ask@library.example.edu"
    assert services.general_liaison_id() == desk.pk
    assert services.liaison_id_for_address("ASK@LIBRARY.EXAMPLE.EDU") == desk.pk
