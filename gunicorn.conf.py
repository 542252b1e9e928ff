"""gunicorn's settings for the portal, read from the working directory by every gunicorn started
there (the Procfile's web process, `make bench`, `make load`).

Command-line options still choose workers, threads and the address; this file adds what a command
line cannot: once a worker has loaded Django, Wagtail and the project, everything loaded so far is
moved out of the garbage collector's sight (``gc.freeze()``). Those several hundred thousand
objects live as long as the worker, yet a full collection walked them all, now and then, in the
middle of a request: an 80 ms pause on a page that takes 10 ms (see bench/README.md).
"""

import gc


def post_worker_init(worker):
    gc.collect()
    gc.freeze()
