"""Exports that people open in a spreadsheet."""

# Spreadsheet apps run a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` for a CSV cell: text that a spreadsheet would run as a formula gets a leading
    apostrophe, so it shows as the text the sender or student typed."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
