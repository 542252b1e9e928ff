"""Who may do what in outreach, over HTTP: coordinators everything; a liaison their own campaigns,
adaptations and students only; students and visitors nothing in the admin. Denied requests must
also leave the database unchanged."""

import pytest
from django.core import mail
from django.urls import reverse

from outreach.models import Adaptation, Campaign, Send, Term
from tests.shared_rows import built_once, per_test_copy

from .conftest import make_campaign

ACTORS = ["coordinator", "ada", "ben", "student", "anonymous"]


def build_things(world):
    ada_campaign = make_campaign(title="Ada only", liaison=world["ada"])
    wide = make_campaign(title="Programme-wide")
    adaptation = Adaptation.objects.create(
        campaign=wide, liaison=world["ada"], subject="Ada's", body="<p>x</p>"
    )
    Send.objects.create(campaign=wide, student=world["tom"], liaison=world["ben"], status="sent")
    Send.objects.create(campaign=wide, student=world["sam"], liaison=world["ada"], status="failed")
    term = Term.objects.create(name="Autumn", kind="autumn", start="2099-09-28", end="2099-12-18")
    return {"ada_campaign": ada_campaign, "wide": wide, "adaptation": adaptation, "term": term}


@pytest.fixture(scope="module")
def _things_rows(_world_rows, django_db_blocker):
    yield from built_once(django_db_blocker, lambda: build_things(_world_rows))


@pytest.fixture
def things(world, _things_rows):
    """Campaigns, an adaptation, sends and a term, built once for the module (like the world)."""
    return per_test_copy(_things_rows)


def sign_in(client, world, actor):
    users = {
        "coordinator": world["coordinator"],
        "ada": world["ada"].user,
        "ben": world["ben"].user,
        "student": world["sam"].user,
    }
    if actor in users:
        client.force_login(users[actor])


def allowed(response):
    assert response.status_code < 500, response
    return response.status_code == 200


# (url name, thing, who gets a 200)
GETS = [
    ("outreach_campaign:index", None, {"coordinator", "ada", "ben"}),
    ("outreach_campaign:add", None, {"coordinator", "ada", "ben"}),
    ("outreach_campaign:send", "ada_campaign", {"coordinator", "ada"}),
    ("outreach_campaign:edit", "ada_campaign", {"coordinator", "ada"}),
    ("outreach_campaign:delete", "ada_campaign", {"coordinator", "ada"}),
    ("outreach_campaign:send", "wide", {"coordinator", "ada", "ben"}),
    ("outreach_campaign:edit", "wide", {"coordinator"}),
    ("outreach_campaign:delete", "wide", {"coordinator"}),
    ("outreach_adaptation:index", None, {"coordinator", "ada", "ben"}),
    ("outreach_adaptation:add", None, {"ada", "ben"}),
    ("outreach_adaptation:edit", "adaptation", {"ada"}),
    ("outreach_adaptation:delete", "adaptation", {"ada"}),
    ("outreach_term:index", None, {"coordinator"}),
    ("outreach_term:add", None, {"coordinator"}),
    ("outreach_term:edit", "term", {"coordinator"}),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "thing", "who"), GETS)
def test_matrix_get(client, world, things, actor, name, thing, who):
    sign_in(client, world, actor)
    args = [things[thing].pk] if thing else []
    assert allowed(client.get(reverse(name, args=args))) == (actor in who)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("thing", "action", "who"),
    [
        ("ada_campaign", "schedule", {"coordinator", "ada"}),
        ("wide", "schedule", {"coordinator"}),
        ("ada_campaign", "cancel", {"coordinator", "ada"}),
        ("wide", "cancel", {"coordinator"}),
    ],
)
def test_matrix_schedule_and_cancel(client, world, things, actor, thing, action, who):
    campaign = things[thing]
    if action == "cancel":
        Campaign.objects.filter(pk=campaign.pk).update(
            status="scheduled", scheduled_for="2099-10-06T10:00Z"
        )
    before = Campaign.objects.get(pk=campaign.pk).status
    sign_in(client, world, actor)
    response = client.post(
        reverse("outreach_campaign:send", args=[campaign.pk]), {"action": action}
    )
    assert response.status_code < 500
    changed = Campaign.objects.get(pk=campaign.pk).status != before
    assert changed == (actor in who)


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix_term_add_post(client, world, things, actor):
    sign_in(client, world, actor)
    client.post(
        reverse("outreach_term:add"),
        {
            "name": "Spring",
            "kind": "spring",
            "start": "2100-01-10",
            "end": "2100-03-20",
            "teaching_weeks": "10",
            "exam_start": "",
            "exam_end": "",
        },
    )
    assert Term.objects.filter(name="Spring").exists() == (actor == "coordinator")


@pytest.mark.parametrize("actor", ["ben", "student", "anonymous"])
def test_matrix_adaptation_edit_post_by_others_changes_nothing(client, world, things, actor):
    sign_in(client, world, actor)
    adaptation = things["adaptation"]
    client.post(
        reverse("outreach_adaptation:edit", args=[adaptation.pk]),
        {"campaign": things["wide"].pk, "subject": "Hijacked", "body": "<p>x</p>"},
    )
    assert Adaptation.objects.get(pk=adaptation.pk).subject == "Ada's"


def test_matrix_liaison_listing_shows_only_own_and_programme_wide_campaigns(client, world, things):
    sign_in(client, world, "ben")
    content = client.get(reverse("outreach_campaign:index")).content
    assert b"Programme-wide" in content and b"Ada only" not in content
    content = client.get(reverse("outreach_adaptation:index")).content
    assert b"Ada&#x27;s" not in content and b"Ada's" not in content


def test_matrix_liaison_sees_only_own_students_progress_on_a_wide_campaign(client, world, things):
    sign_in(client, world, "ben")
    response = client.get(reverse("outreach_campaign:send", args=[things["wide"].pk]))
    counts = dict(response.context["counts"])
    assert counts["Sent"] == 1 and counts["Failed"] == 0  # Sam's failure is Ada's business


def test_matrix_liaison_preview_never_shows_another_liaisons_student(client, world, things):
    sign_in(client, world, "ada")
    url = reverse("outreach_campaign:send", args=[things["wide"].pk])
    response = client.get(url, {"student": world["tom"].pk})
    assert b"Tom Tan" not in response.content
    assert response.context["student"] in (world["sam"], world["ria"])
    client.post(url, {"action": "test", "student": world["tom"].pk})
    assert all(b"Tom" not in m.body.encode() for m in mail.outbox)
