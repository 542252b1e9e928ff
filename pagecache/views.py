from django.http import HttpResponse

FLOOR_BODY = (
    b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>'
    b"<body><p>A constant response: the framework floor for the benchmark.</p></body></html>"
)


def floor(request):
    """A constant response through the full middleware stack, for `make bench` only.

    Routed only when PORTAL_BENCH_FLOOR is true (see portal/urls.py).
    """
    return HttpResponse(FLOOR_BODY)
