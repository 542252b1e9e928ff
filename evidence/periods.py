"""The period a dashboard covers: this academic year, the last 12 months, or custom dates.

A period is half-open, ``[start, end)`` in the site's time zone: a message received at midnight
on the day after ``to`` belongs to the next period, never to both. Terms come later with the
academic calendar (outreach); ``PERIOD_CHOICES`` is the one place to add them.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils import timezone

MAX_DAYS = 366 * 5  # a longer custom period is refused: it says nothing a dean can use


@dataclass(frozen=True)
class Period:
    first_day: datetime.date
    last_day: datetime.date
    label: str

    @property
    def start(self):
        return _midnight(self.first_day)

    @property
    def end(self):
        """Exclusive: midnight at the start of the day after ``last_day``."""
        return _midnight(self.last_day + datetime.timedelta(days=1))

    def months(self):
        """The first day of each calendar month the period touches, in order."""
        month = self.first_day.replace(day=1)
        result = []
        while month <= self.last_day:
            result.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return result

    def as_query(self):
        return {
            "period": "custom",
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
        }


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def academic_year(today=None):
    """The academic year containing ``today`` (starting in ``EVIDENCE_ACADEMIC_YEAR_START_MONTH``,
    September by default), up to its last day."""
    today = today or timezone.localdate()
    start_month = getattr(settings, "EVIDENCE_ACADEMIC_YEAR_START_MONTH", 9)
    year = today.year if today.month >= start_month else today.year - 1
    first = datetime.date(year, start_month, 1)
    last = datetime.date(year + 1, start_month, 1) - datetime.timedelta(days=1)
    return Period(first, last, f"Academic year {year}–{str(year + 1)[-2:]}")


def last_12_months(today=None):
    """This month and the 11 before it, up to today."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 - 11
    return Period(datetime.date(index // 12, index % 12 + 1, 1), today, "Last 12 months")


PERIOD_CHOICES = [
    ("year", "This academic year"),
    ("12m", "Last 12 months"),
    ("custom", "Custom dates"),
]


class PeriodForm(forms.Form):
    period = forms.ChoiceField(choices=PERIOD_CHOICES, required=False, initial="year")
    from_ = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *args, today=None, **kwargs):
        if data is not None and "from" in data:
            data = data.copy()
            data["from_"] = data.get("from")
        super().__init__(data, *args, **kwargs)
        self.today = today or timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("period") or "year"
        if choice != "custom":
            return cleaned
        first, last = cleaned.get("from_"), cleaned.get("to")
        if first is None or last is None:
            if "from_" not in self.errors and "to" not in self.errors:
                raise forms.ValidationError("Give both dates for a custom period.")
            return cleaned
        if first > last:
            raise forms.ValidationError("The first date must not be after the last.")
        if (last - first).days > MAX_DAYS:
            raise forms.ValidationError("Choose a period of five years or less.")
        if first.year < 2000 or last.year > self.today.year + 1:
            raise forms.ValidationError("Choose dates between 2000 and next year.")
        return cleaned

    def get_period(self):
        """The chosen period; the academic year when nothing (or nothing valid) was chosen."""
        if not self.is_bound or not self.is_valid():
            return academic_year(self.today)
        choice = self.cleaned_data.get("period") or "year"
        if choice == "12m":
            return last_12_months(self.today)
        if choice == "custom":
            first, last = self.cleaned_data["from_"], self.cleaned_data["to"]
            return Period(first, last, "Custom period")
        return academic_year(self.today)
