"""Wording people noticed: one name for each action, no doubled titles, no label said twice."""

import gettext
import re
from datetime import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils.http import urlsafe_base64_encode

from liaison_pages.models import OfficeHour
from tests.factories import LiaisonPageFactory

LOCALE = Path(settings.BASE_DIR) / "locale" / "en_GB" / "LC_MESSAGES"


def visible_text(html):
    """The page's words, without tags, scripts and styles."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_page_title_names_the_site_once(client, site_tree):
    site_tree["home"].title = settings.WAGTAIL_SITE_NAME
    site_tree["home"].save()
    page = client.get("/").content.decode()
    assert re.search(r"<title>\s*([^<]*?)\s*</title>", page).group(1) == settings.WAGTAIL_SITE_NAME


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_say_sign_in_and_sign_up_one_way(client, site_tree, path):
    text = visible_text(client.get(path).content.decode())
    for title_case in ("Sign Up", "Signup", "Sign In", "Sign Out", "Password Reset", "Log in"):
        assert title_case not in text, f"{path} says {title_case!r}"


def test_set_password_link_asks_a_new_librarian_to_choose_a_password(client, django_user_model):
    user = django_user_model.objects.create_user("new", "new.person@library.example.edu")
    user.set_unusable_password()
    user.save()
    uid = urlsafe_base64_encode(str(user.pk).encode())
    key = default_token_generator.make_token(user)
    response = client.get(f"/accounts/password/reset/key/{uid}-{key}/", follow=True)
    text = visible_text(response.content.decode())
    assert "Choose your password" in text
    assert "Change Password" not in text


def test_profile_names_office_hours_once_for_screen_readers(client, site_tree):
    liaison = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    liaison.office_hours.add(OfficeHour(day=0, start=time(10), end=time(12)))
    liaison.save_revision().publish()
    page = client.get(liaison.url).content.decode()
    assert "<table" in page
    assert page.count("Office hours") == 1
    assert 'aria-labelledby="office-hours"' in page


def test_optional_fields_do_not_say_optional_twice(client, site_tree):
    liaison = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    text = visible_text(client.get(liaison.url).content.decode())
    assert "(optional) Optional" not in text
    assert "Optional." not in text


def test_compiled_wording_matches_its_source():
    """locale/…/django.mo is built from django.po by `make messages`; a stale one is caught here."""
    source = (LOCALE / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, flags=re.M)
    assert len(pairs) > 20
    with (LOCALE / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    for msgid, msgstr in pairs:
        assert translations.gettext(msgid) == msgstr, msgid
