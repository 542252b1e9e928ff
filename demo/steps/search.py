"""Demo step 7, the last: index the searchable pages now, so search works at once even before a
task worker has processed the index updates that publishing queued. Cheaper than a full
`update_index`; idempotent (entries are replaced, not duplicated)."""

from wagtail.search.backends import get_search_backend

from search.site_search import RESULT_TYPES


def seed(context):
    backend = get_search_backend()
    total = 0
    for result_type in RESULT_TYPES:
        model = result_type.model
        pages = list(model.objects.live())
        if pages:
            backend.add_bulk(model, pages)
        total += len(pages)
    out = context.get("stdout")
    if out is not None:
        out.write(f"Search: {total} live pages indexed.")
