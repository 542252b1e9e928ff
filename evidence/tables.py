"""What every evidence page shows: tables of cells (a value and, where it counts rows, a link to
them), optionally drawn as a bar chart. One shape serves the page, the chart's table alternative,
and the CSV and XLSX downloads."""

import csv
import io
from dataclasses import dataclass, field
from html import escape

from django.http import HttpResponse
from django.utils.safestring import mark_safe
from openpyxl import Workbook

from portal.spreadsheets import csv_safe, xlsx_safe


@dataclass(frozen=True)
class Cell:
    value: object
    url: str = ""
    number: bool = False

    def __str__(self):
        return "" if self.value is None else str(self.value)


def cell(value, url=""):
    return Cell(value, url, isinstance(value, int | float) and not isinstance(value, bool))


@dataclass
class Chart:
    """A bar chart of one numeric column of the table (``column``), labelled by column 0."""

    column: int
    title: str


@dataclass
class Table:
    key: str
    caption: str
    headings: list
    rows: list = field(default_factory=list)  # lists of Cell
    chart: Chart | None = None
    empty: str = "Nothing to count in this period."
    note: str = ""

    def add(self, *values):
        self.rows.append([v if isinstance(v, Cell) else cell(v) for v in values])

    def rows_html(self):
        """The table's body rows as HTML: the first cell of each a row header, a counted figure a
        link to its rows. Built in Python (each value and link escaped, as ``{{ }}`` would) rather
        than by a template loop, which costs several template nodes per cell: a dashboard has
        over 2,000 cells."""
        out = []
        for row in self.rows:
            cells = []
            for i, c in enumerate(row):
                text = escape(str(c))
                if c.url:
                    text = f'<a href="{escape(c.url)}">{text}</a>'
                cells.append(f'<th scope="row">{text}</th>' if i == 0 else f"<td>{text}</td>")
            out.append(f"<tr>{''.join(cells)}</tr>")
        return mark_safe("\n".join(out))  # noqa: S308 - every value and link escaped above

    def plain_rows(self):
        for row in self.rows:
            yield [c.value for c in row]

    def bars(self, width=560, bar_height=22, gap=6, label_width=200):
        """Geometry for a horizontal bar chart drawn in a template (no script, no inline style)."""
        if self.chart is None or not self.rows:
            return None
        values = [row[self.chart.column].value or 0 for row in self.rows]
        top = max(values) or 1
        plot = width - label_width - 60
        bars = []
        for i, (row, value) in enumerate(zip(self.rows, values, strict=True)):
            y = i * (bar_height + gap)
            bars.append(
                {
                    "label": str(row[0])[:32],
                    "value": value,
                    "y": y,
                    "text_y": y + bar_height * 0.7,
                    "width": max(round(plot * value / top), 1 if value else 0),
                    "value_x": label_width + max(round(plot * value / top), 0) + 6,
                }
            )
        return {
            "width": width,
            "height": len(bars) * (bar_height + gap),
            "bar_height": bar_height,
            "label_width": label_width,
            "label_x": label_width - 8,
            "bars": bars,
        }

    def chart_html(self):
        """The bar chart (``bars``) as inline SVG, its title and description named for screen
        readers; empty without a chart or rows. Built in Python for the reason ``rows_html`` is:
        a dashboard draws over a hundred bars, a dozen template nodes each."""
        geometry = self.bars()
        if geometry is None:
            return ""
        key, g = escape(self.key), geometry
        out = [
            '<figure class="evidence-chart">',
            f'<svg role="img" aria-labelledby="chart-{key}-title chart-{key}-desc" width="100%" '
            f'viewBox="0 0 {g["width"]} {g["height"]}" preserveAspectRatio="xMinYMin meet" '
            'xmlns="http://www.w3.org/2000/svg">',
            f'<title id="chart-{key}-title">{escape(self.chart.title)}</title>',
            f'<desc id="chart-{key}-desc">Bar chart; the table below holds the same figures.</desc>',
        ]
        for bar in g["bars"]:
            out.append(
                f'<g><text x="{g["label_x"]}" y="{bar["text_y"]}" text-anchor="end" font-size="13" '
                f'fill="currentColor">{escape(bar["label"])}</text>'
                f'<rect x="{g["label_width"]}" y="{bar["y"]}" width="{bar["width"]}" '
                f'height="{g["bar_height"]}" fill="#007d7e"></rect>'
                f'<text x="{bar["value_x"]}" y="{bar["text_y"]}" font-size="13" '
                f'fill="currentColor">{escape(str(bar["value"]))}</text></g>'
            )
        out.append("</svg></figure>")
        return mark_safe("\n".join(out))  # noqa: S308 - the labels and title escaped above


def export(table, export_format, filename):
    """The table as a CSV or XLSX download, each text cell made safe for spreadsheets."""
    headings = [xlsx_safe(csv_safe(h)) for h in table.headings]
    if export_format == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = table.key[:31]
        sheet.append(headings)
        for row in table.plain_rows():
            sheet.append([xlsx_safe(v) if isinstance(v, str) else _xlsx_value(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    for row in table.plain_rows():
        writer.writerow(["" if v is None else csv_safe(v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_value(value):
    if value is None or isinstance(value, int | float):
        return value
    if hasattr(value, "isoformat"):
        return value if not getattr(value, "tzinfo", None) else value.replace(tzinfo=None)
    return xlsx_safe(str(value))
