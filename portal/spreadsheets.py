"""Exports that people open in a spreadsheet.

Every CSV and XLSX export of the portal (the inbox, the students list, the enquiry forms'
submissions) goes through Wagtail's ``SpreadsheetExportMixin`` with ``SafeSpreadsheetExportMixin``
in front of it, so each cell and heading is made safe after Wagtail has turned it into text.
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Spreadsheet apps run a cell that starts with one of these as a formula (CSV injection); the
# full-width forms are read as the same operators by some spreadsheet apps.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_safe(value):
    """``value`` for a CSV cell: text that a spreadsheet would run as a formula (also after
    leading spaces or line breaks, which spreadsheets skip) gets a leading apostrophe, so it shows
    as the text the sender or student typed. Anything but text is returned as it is."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES)
    ):
        return "'" + value
    return value


def xlsx_safe(value):
    """``value`` for an XLSX cell: control characters the format cannot hold are dropped (openpyxl
    would refuse the whole file). Text is stored as text, never as a formula (see below)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


class SafeSpreadsheetExportMixin:
    """Put before Wagtail's ``SpreadsheetExportMixin`` (or a view built on it). CSV cells pass
    through ``csv_safe``. XLSX cells are typed: Wagtail already stores text that starts with
    ``=`` as a string cell, never as a formula, and ``xlsx_safe`` keeps the file writable.
    Headings (editors name the questions of enquiry forms) get ``csv_safe`` in both formats, as
    openpyxl would write a heading that starts with ``=`` as a formula."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return csv_safe(value)
        return xlsx_safe(value)

    def get_heading(self, queryset, field):
        return xlsx_safe(csv_safe(super().get_heading(queryset, field)))
