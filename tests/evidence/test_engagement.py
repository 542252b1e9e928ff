"""Consultations, outreach and feedback on the dashboards, the workload view and the timelines,
against the seeded world (``world.build_engagement``) with every figure known in advance."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evidence import engagement, panels
from evidence import workload as workload_model
from evidence.periods import Period
from tests.factories.consultations import AvailabilityFactory

from .world import NOW, at, booking

pytestmark = pytest.mark.django_db

SEPTEMBER = {"period": "custom", "from": "2026-09-01", "to": "2026-09-30"}
SEP, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


@pytest.fixture
def autumn():
    return Period(SEP, datetime.date(2026, 10, 31), "September–October")


def figures(panel):
    return {f.label: f.value for f in panel.figures}


def rows(panel, key):
    table = next(t for t in panel.tables if t.key == key)
    return [list(row) for row in table.plain_rows()]


# --- Consultations --------------------------------------------------------------------------------


def test_consultation_counts_for_one_librarian(world, september):
    counts = engagement.consultation_counts(world.ada, september, NOW)
    assert counts.total == 5
    assert {key: counts.count(outcome=key) for key, _ in engagement.OUTCOMES} == {
        "attended": 2,
        "no-show": 1,
        "cancelled-late": 0,
        "cancelled": 1,
        "not-recorded": 1,  # the meeting late on 30 September nobody has marked yet
        "upcoming": 0,
    }
    assert [(label, counts.count(type_=key)) for key, label in counts.types_seen()] == [
        ("Research help", 3),
        ("Instruction", 1),
        ("Data", 1),
    ]


def test_consultation_counts_across_librarians(world, september):
    counts = engagement.consultation_counts(None, september, NOW)
    assert counts.total == 7
    assert counts.count(outcome="attended") == 3
    assert counts.count(outcome="cancelled-late") == 1
    assert [(label, counts.count(type_=key)) for key, label in counts.types_seen()] == [
        ("Research help", 3),
        ("Instruction", 1),
        ("Data", 1),
        ("Systematic review", 1),
        ("Not given", 1),
    ]


def test_consultation_on_the_first_of_the_month_counts_in_that_month(world, autumn):
    """30 September 23:30 is September's; 1 October 00:00 is October's, never both."""
    counts = engagement.consultation_counts(world.ada, autumn, NOW)
    assert counts.months == [SEP, OCT]
    assert (counts.count(month=SEP), counts.count(month=OCT)) == (5, 1)
    assert counts.count(month=OCT, outcome="attended") == 1


def test_meeting_still_ahead_is_upcoming_not_unrecorded(world, september):
    counts = engagement.consultation_counts(world.ada, september, at(9, 30, 12))
    assert counts.count(outcome="upcoming") == 1
    assert counts.count(outcome="not-recorded") == 0


def test_consultations_panel_figures_and_tables(world, september):
    panel = panels.consultations_panel(panels.Scope(world.ada, september, NOW))
    assert figures(panel) == {
        "Consultations booked": 5,
        "Attended": 2,
        "No-show": 1,
        "Cancelled": 1,
        "Outcome not recorded": 1,
        "Attended, of meetings with attendance recorded": "67%",
    }
    assert rows(panel, "consultations-by-month") == [["Sep 2026", 5, 2, 1, 0, 1, 1, 0]]
    assert rows(panel, "consultations-by-type") == [
        ["Research help", 3, 1, 1, 0, 0, 1, 0],
        ["Instruction", 1, 1, 0, 0, 0, 0, 0],
        ["Data", 1, 0, 0, 0, 1, 0, 0],
    ]
    assert rows(panel, "consultations-by-month-and-type") == [["Sep 2026", 3, 1, 1, 5]]


def test_consultations_panel_with_nothing_booked(world):
    quiet = Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), "January")
    panel = panels.consultations_panel(panels.Scope(world.ada, quiet, NOW))
    assert figures(panel)["Consultations booked"] == 0
    assert figures(panel)["Attended, of meetings with attendance recorded"] == "–"
    assert rows(panel, "consultations-by-month") == [["Jan 2026", 0, 0, 0, 0, 0, 0, 0]]
    assert rows(panel, "consultations-by-type") == []


# --- Outreach -------------------------------------------------------------------------------------


def test_outreach_reach_for_one_librarian(world, september):
    reach = engagement.outreach_reach(world.ada, september)
    assert (reach.sent, reach.students, reach.campaigns) == (3, 2, 2)
    assert (reach.skipped, reach.failed) == (1, 0)
    # her student on 10 September; not her former student, who had left her on the 15th
    assert reach.unsubscribed == 1


def test_outreach_reach_across_librarians(world, september):
    reach = engagement.outreach_reach(None, september)
    assert (reach.sent, reach.students, reach.campaigns) == (4, 3, 2)
    assert (reach.skipped, reach.failed, reach.unsubscribed) == (1, 1, 3)


def test_outreach_per_month_across_the_boundary(world, autumn):
    """Sent at 23:59:59 on 30 September: September's; the digest of 1 October: October's."""
    months = engagement.outreach_reach(world.ada, autumn).months
    assert [(m.month, m.sent, m.students, m.unsubscribed) for m in months] == [
        (SEP, 3, 2, 1),
        (OCT, 1, 1, 1),  # her student switched outreach off at midnight on 1 October
    ]


def test_outreach_unsubscribe_switched_back_on_is_not_counted(world, autumn):
    world.client_subscription.unsubscribed_at = None
    world.client_subscription.save()
    assert engagement.outreach_reach(world.ada, autumn).unsubscribed == 1


def test_outreach_panel(world, september):
    panel = panels.outreach_panel(panels.Scope(world.ada, september, NOW))
    assert figures(panel) == {
        "Emails sent": 3,
        "Students reached": 2,
        "Campaigns": 2,
        "Not sent: outreach switched off": 1,
        "Not sent: failed": 0,
        "Students who unsubscribed": 1,
    }
    assert rows(panel, "outreach-by-month") == [["Sep 2026", 3, 2, 1]]
    assert rows(panel, "outreach-by-campaign") == [
        ["Welcome week", 2, 2],
        ["Dissertation clinic", 1, 1],
    ]


# --- Feedback -------------------------------------------------------------------------------------


def test_feedback_summary_for_one_librarian(world, september):
    """Counted when the answer came in: the August meeting's answer of 1 September counts, the
    answer of 1 October does not."""
    summary = engagement.feedback_summary(world.ada, september)
    assert (summary.answers, summary.mean, summary.comments) == (3, 4.0, 1)
    assert summary.distribution == {5: 1, 4: 1, 3: 1, 2: 0, 1: 0}
    assert summary.mean_text == "4.0 / 5"


def test_feedback_summary_across_librarians(world, september):
    summary = engagement.feedback_summary(None, september)
    assert (summary.answers, summary.mean, summary.comments) == (4, 3.5, 2)
    assert summary.distribution == {5: 1, 4: 1, 3: 1, 2: 1, 1: 0}


def test_feedback_on_an_answered_message_counts_for_its_librarian_and_overall(world, september):
    """The survey after an answered message counts with the consultation ones, for the librarian
    who answered as in the total: one librarian's figures never disagree with everyone's."""
    from consultations.models import Feedback

    from .world import message

    answered = message(world.ada, at(9, 10), responded=at(9, 11))
    Feedback.objects.create(message=answered, rating=2, created_at=at(9, 12))
    mine = engagement.feedback_summary(world.ada, september)
    everyone = engagement.feedback_summary(None, september)
    assert (mine.answers, mine.distribution[2]) == (4, 1)
    assert (everyone.answers, everyone.distribution[2]) == (5, 2)


def test_feedback_per_month_across_the_boundary(world, autumn):
    assert engagement.feedback_summary(world.ada, autumn).months == [(SEP, 3, 4.0), (OCT, 1, 1.0)]


def test_feedback_panel_for_a_librarian_has_their_comments(world, september):
    panel = panels.feedback_panel(panels.Scope(world.ada, september, NOW))
    assert figures(panel) == {"Answers": 3, "Mean rating": "4.0 / 5", "Answers with a comment": 1}
    assert rows(panel, "feedback-ratings") == [
        ["5 of 5", 1, 33],
        ["4 of 5", 1, 33],
        ["3 of 5", 1, 33],
        ["2 of 5", 0, 0],
        ["1 of 5", 0, 0],
    ]
    assert rows(panel, "feedback-by-month") == [["Sep 2026", 3, 4.0]]
    comments = rows(panel, "feedback-comments")
    assert [(r[1], r[2], r[3]) for r in comments] == [
        (5, "Databases (03 Sep 2026)", "Exactly what I needed")
    ]


def test_feedback_panel_across_librarians_has_no_comments(world, september):
    panel = panels.feedback_panel(panels.Scope(None, september, NOW))
    assert figures(panel)["Mean rating"] == "3.5 / 5"
    assert "feedback-comments" not in [t.key for t in panel.tables]
    with pytest.raises(ValueError):
        engagement.feedback_comments(None, september)


def test_feedback_panel_with_no_answers(world):
    quiet = Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), "January")
    panel = panels.feedback_panel(panels.Scope(world.ada, quiet, NOW))
    assert figures(panel)["Mean rating"] == "–"
    assert rows(panel, "feedback-ratings") == []
    assert rows(panel, "feedback-by-month") == [["Jan 2026", 0, None]]


# --- The pages and their downloads ----------------------------------------------------------------


def test_my_evidence_shows_consultations_outreach_and_feedback(client, world):
    client.force_login(world.ada.user)
    html = client.get(reverse("evidence:mine"), SEPTEMBER).content.decode()
    for heading in ("Consultations", "Outreach reach", "Feedback"):
        assert f">{heading}</h2>" in html
    assert "<dt>Consultations booked</dt><dd>5</dd>" in html
    assert "<dt>Emails sent</dt><dd>3</dd>" in html
    assert "<dt>Mean rating</dt><dd>4.0 / 5</dd>" in html
    assert "Exactly what I needed" in html
    assert 'aria-labelledby="chart-consultations-by-month-title' in html


def test_programme_evidence_shows_totals_but_no_comments(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("evidence:programme"), SEPTEMBER).content.decode()
    assert "<dt>Consultations booked</dt><dd>7</dd>" in html
    assert "<dt>Students who unsubscribed</dt><dd>3</dd>" in html
    assert "<dt>Mean rating</dt><dd>3.5 / 5</dd>" in html
    assert "Exactly what I needed" not in html and "too cold" not in html


def test_coordinator_sees_one_librarians_comments_on_their_figures(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("evidence:programme"), {**SEPTEMBER, "liaison": world.bo.pk})
    html = response.content.decode()
    assert "too cold" in html and "Exactly what I needed" not in html


@pytest.mark.parametrize(
    "table",
    [
        "consultations-by-month",
        "consultations-by-type",
        "consultations-by-month-and-type",
        "outreach-by-month",
        "outreach-by-campaign",
        "feedback-ratings",
        "feedback-by-month",
        "feedback-comments",
    ],
)
def test_every_new_table_downloads_as_csv_and_xlsx(client, world, table):
    client.force_login(world.ada.user)
    url = reverse("evidence:mine")
    response = client.get(url, {**SEPTEMBER, "export": "csv", "table": table})
    assert response.status_code == 200
    csv_rows = list(csv.reader(io.StringIO(response.content.decode())))
    response = client.get(url, {**SEPTEMBER, "export": "xlsx", "table": table})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert len(list(sheet.iter_rows())) == len(csv_rows) > 1


def test_comment_download_neutralises_formulas(client, world):
    from .world import feedback

    feedback(booking(world.ada, at(9, 8), topic="Tricky"), 4, at(9, 9), "=cmd|' /C calc'!A0")
    client.force_login(world.ada.user)
    response = client.get(
        reverse("evidence:mine"), {**SEPTEMBER, "export": "csv", "table": "feedback-comments"}
    )
    comments = [row[3] for row in csv.reader(io.StringIO(response.content.decode()))]
    assert "'=cmd|' /C calc'!A0" in comments


# --- Workload: weekly consultation caps -----------------------------------------------------------


def test_workload_flags_a_librarian_at_their_weekly_cap(world):
    """NOW is Thursday 1 October: the week runs from Monday 28 September to Sunday 4 October.
    Ada has two standing meetings in it (30 September, 1 October); a cancelled one and one on
    the next Monday do not count."""
    AvailabilityFactory(liaison=world.ada, max_per_week=2)
    AvailabilityFactory(liaison=world.bo, max_per_week=5)
    booking(world.ada, at(9, 29), cancelled=True)
    booking(world.ada, at(10, 5, 0))
    booking(world.ada, at(9, 27, 23, 59))  # Sunday of the week before
    rows = {r.name: r for r in workload_model.workload(now=NOW)}
    ada, bo = rows["Ada Byrne"], rows["Bo Finch"]
    assert (ada.week_bookings, ada.week_cap, ada.over_week_cap) == (2, 2, True)
    assert ada.flagged
    assert (bo.week_bookings, bo.week_cap, bo.over_week_cap) == (0, 5, False)


def test_workload_without_a_cap_never_flags_consultations(world):
    rows = {r.name: r for r in workload_model.workload(now=NOW)}
    assert (rows["Ada Byrne"].week_bookings, rows["Ada Byrne"].week_cap) == (2, None)
    assert not rows["Ada Byrne"].over_week_cap


def test_workload_page_shows_the_cap_and_a_path_to_fix_it(client, world):
    AvailabilityFactory(liaison=world.bo, max_per_week=1)
    monday, _ = workload_model.this_week(timezone.now())
    booking(world.bo, monday)
    booking(world.bo, monday + datetime.timedelta(days=7))  # next week
    client.force_login(world.coordinator)
    response = client.get(reverse("evidence:workload"))
    bo = next(r for r in response.context["rows"] if r.name == "Bo Finch")
    assert (bo.week_bookings, bo.over_week_cap) == (1, True)
    html = response.content.decode()
    assert "1 / 1 <strong>at the cap</strong>" in html
    assert f"{reverse('consultation_bookings:index')}?when=upcoming&amp;liaison={world.bo.pk}" in (
        html
    )
    response = client.get(reverse("evidence:workload"), {"export": "csv", "table": "workload"})
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][-2:] == ["Consultations this week", "Weekly cap"]
    assert next(r for r in table if r[0] == "Bo Finch")[-2:] == ["1", "1"]


# --- Timelines ------------------------------------------------------------------------------------

ADA_SEES = [
    ("assignment", "Assigned to Ada Byrne"),
    ("outreach", "Outreach received: Meet your librarian"),
    ("consultation", "Consultation: Databases"),
    ("feedback", "Feedback: rated 5 of 5"),
    ("outreach", "Outreach received: Dissertation help"),
    ("consultation", "Consultation: Zotero"),
    ("feedback", "Feedback: rated 1 of 5"),
    ("outreach", "Outreach received: New guides"),
]
BO_ONLY = [
    ("outreach", "Outreach received: Reading for the summer"),
    ("consultation", "Consultation: Archives"),
    ("feedback", "Feedback: rated 5 of 5"),
]


def test_student_timeline_adds_consultations_feedback_and_outreach_in_order(client, world):
    client.force_login(world.ada.user)
    response = client.get(reverse("evidence:student", args=[world.client.pk]))
    entries = response.context["entries"]
    assert [(e.kind, e.title) for e in entries] == ADA_SEES
    feedback = entries[3]
    assert feedback.detail == "Exactly what I needed"
    consultation = entries[2]
    assert consultation.detail == "With Ada Byrne · In person · Research help · Attended"
    assert consultation.url == reverse(
        "consultation_bookings:edit", args=[world.bookings["attended"].pk]
    )


def test_coordinator_sees_every_librarians_entries_on_a_timeline(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("evidence:student", args=[world.client.pk]))
    assert [(e.kind, e.title) for e in response.context["entries"]] == BO_ONLY + ADA_SEES


def test_address_timeline_adds_consultations_feedback_and_outreach(client, world):
    client.force_login(world.ada.user)
    response = client.get(reverse("evidence:address"), {"email": world.client.user.email.upper()})
    kinds = [(e.kind, e.title) for e in response.context["entries"]]
    assert kinds == [k for k in ADA_SEES if k[0] != "assignment"]


def test_timeline_download_lists_the_new_entries(client, world):
    client.force_login(world.ada.user)
    response = client.get(
        reverse("evidence:student", args=[world.client.pk]), {"export": "csv", "table": "timeline"}
    )
    whats = [row[1] for row in csv.reader(io.StringIO(response.content.decode()))][1:]
    assert whats == [title for _, title in ADA_SEES]
