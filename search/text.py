"""Plain-text helpers for site search: cleaning what visitors type, highlighting matches safely and
suggesting a closer spelling. No database access; unit-tested on their own."""

import difflib
import re
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MIN_TERM_LENGTH = 1
_WORD = re.compile(r"\w+", re.UNICODE)


def plain_text(html):
    """Rich text as one line of plain text, with a space where block elements ended."""
    html = re.sub(r"</(p|li|h[1-6]|div|blockquote)>|<br\s*/?>", " ", html or "", flags=re.I)
    return " ".join(strip_tags(html).split())


def clean_query(raw):
    """What the visitor typed, minus control characters and runs of spaces, at most 200 characters."""
    if not raw:
        return ""
    text = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch for ch in str(raw)[:2000]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_terms(query):
    """The words of a query (letters and digits in any script), lower-cased, at most ten, no repeats.
    Punctuation, quotes and operators never reach the search backend."""
    seen = []
    for word in _WORD.findall(query.lower()):
        word = word.strip("_")
        if len(word) >= MIN_TERM_LENGTH and word not in seen:
            seen.append(word)
        if len(seen) == MAX_TERMS:
            break
    return seen


def backend_query(query):
    """The string handed to Wagtail's search: only words, separated by spaces."""
    return " ".join(query_terms(query))


def excerpt(text, terms, length=240):
    """About `length` characters of `text`, starting a little before the first matched term."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    lowered = text.lower()
    positions = [lowered.find(t) for t in terms if t and lowered.find(t) >= 0]
    start = max(0, min(positions) - 60) if positions else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + length
    snippet = text[start:end]
    if end < len(text):
        snippet = snippet.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + snippet


def highlight(text, terms):
    """Escaped `text` with each occurrence of a term wrapped in <mark>. The text is split on the
    matches first and every piece escaped, so nothing in the text or the query becomes markup."""
    text = text or ""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def did_you_mean(query, candidates, limit=3):
    """Up to `limit` names close to the query: whole names first (e.g. 'chemestry' → 'Chemistry'),
    then names containing a word close to one of the query's words."""
    query = query.strip().lower()
    if not query:
        return []
    by_lower = {}
    for name in candidates:
        if name:
            by_lower.setdefault(name.lower(), name)
    suggestions = [
        by_lower[m] for m in difflib.get_close_matches(query, by_lower, n=limit, cutoff=0.6)
    ]
    if len(suggestions) < limit:
        words = {}
        for lower, name in by_lower.items():
            for word in _WORD.findall(lower):
                if len(word) > 3:
                    words.setdefault(word, name)
        for term in query_terms(query):
            if len(term) < 4:
                continue
            for match in difflib.get_close_matches(term, words, n=limit, cutoff=0.75):
                name = words[match]
                if name not in suggestions and name.lower() != query:
                    suggestions.append(name)
    return [s for s in suggestions if s.lower() != query][:limit]


def vocabulary(names):
    """The lower-cased words of `names` (titles, subjects, people), for ``correct_terms``."""
    return {word for name in names if name for word in _WORD.findall(name.lower())}


def correct_terms(terms, words, cutoff=0.8):
    """The query's words with each one the portal never uses replaced by the closest word it does
    use (e.g. 'chemestry' → 'chemistry', 'tomas' → 'tomás'), or None when nothing changes.
    Words of three letters or fewer are kept as typed: too short to guess from."""
    corrected, changed = [], False
    for term in terms:
        if term in words or len(term) <= 3:
            corrected.append(term)
            continue
        match = difflib.get_close_matches(term, words, n=1, cutoff=cutoff)
        if match:
            changed = True
        corrected.append(match[0] if match else term)
    return corrected if changed else None
