"""gunicorn settings, read from the environment (gunicorn loads this file from the working
directory): `make run`, `make load` and the systemd unit of docs/deploy.md all use it."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core, eight threads each. Threads wait on the database and on the password
# hash (which releases the GIL), so a process serves several requests at once; but the threads
# of one process take turns holding the GIL, and a thread back from a query may wait up to the
# switch interval (5 ms) for it behind a busy one, on every query. Measured with `make load`
# (50 users with the PDF and submissions, PostgreSQL, a shared 2-core machine, with the
# collector settings below): 2 x 16 gave a p50/p95 of 46/186 ms over all pages, 4 x 8
# 34/144 ms, 8 x 4 41/151 ms, 8 x 2 40/168 ms, 6 x 3 42/194 ms (~60 requests/s each, one run
# each; runs differ by up to a third on this machine, so 4 x 8 is the better of comparable
# shapes, not a sure winner). More processes also load a changed cycle's data once each
# (scores/cached.py) and hold their own copy of what they keep.
# Sync workers (5, one request each, no GIL shared) were no better under the same load (47-49
# requests/s, p95 762-833 ms against 45-54 and 537-876 ms) and worse at 30 users (1 page of 15
# within 5x its unloaded median against 6), and a sync worker streaming a long evidence download
# is killed at the timeout: threads stay.
# Before those settings, 4 x 4 gave 12-16 requests/s: too few threads in all for 50 users'
# keep-alive connections and 1 s PBKDF2 logins.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * max(1, multiprocessing.cpu_count()))))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then so a slow leak never grows for weeks (not every few minutes: a
# fresh worker starts cold, and 2000 recycled one in the middle of a one-minute load run).
max_requests = 20000
max_requests_jitter = 2000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = "-"
# Behind nginx on the same machine (docs/deploy.md) the proxy's X-Forwarded-* are trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 24+ opens a control socket under ~/.gunicorn: one path for every instance of a
# user, so two servers on one machine (tests, make load) would fight over it. Not needed here.
control_socket_disable = True


def post_worker_init(worker):
    """The app is loaded, with its URLs (and through them every view, form and template tag
    module): what it holds for good leaves the garbage collector's generations, so a full
    collection no longer walks it in the middle of a request; and young objects are collected
    less often (a request allocates thousands of short-lived ones that reference counting
    frees anyway). Measured with `make load` (50 users, 2 x 16, the load test of then, without
    the PDF and submissions): the workers' CPU fell from ~140% to ~85% of a core at the same
    ~58 requests/s, the p95 over all pages from 209 to 100 ms; full collections of ~100 ms had
    sat in the slowest requests."""
    from django.urls import get_resolver

    from evaluations.exports import pdf_layout

    get_resolver().url_patterns  # noqa: B018 (imports the views now, before the freeze)
    pdf_layout.start()  # the PDF's layout process, at a lower priority (pdf_layout.py)
    gc.collect()  # what start-up left behind is freed, not frozen for the worker's life
    gc.freeze()
    gc.set_threshold(20_000, 20, 10)
