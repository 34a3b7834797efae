"""WeasyPrint's layout of a rendered page into PDF bytes, done in a child process at a lower
priority.

Laying out the walikota's summary takes WeasyPrint ~0.4 s of pure Python, ten times any page.
Done in a thread of the web worker, that CPU was taken at the priority of the pages people wait
for. Measured with ``make load`` (50 users, 60 s, PostgreSQL, this 2-core machine, one PDF in
about 150 requests): with the layout here at ``NICE`` the p95 over all pages was lower in 9 of
11 interleaved pairs of runs (median 447 against 925 ms); in a child at the web server's own
priority it did not move (so it is the CPU, not the worker's interpreter lock); docs/deploy.md.
The pages come first; the PDF takes the CPU they leave, and under a full load it waits longer.

- One child per web process (~57 MiB resident, and multiprocessing's resource tracker ~13 MiB
  beside it: docs/deploy.md), started with the process (gunicorn's ``post_worker_init`` calls
  ``start``) or at its first PDF, and kept for the process's life: WeasyPrint, Pango and the
  fonts are loaded once per child, not per page. Two PDFs asked at once in one process are laid
  out in turn.
- The child is *spawned*, never forked: a fork of a threaded web process could inherit a lock
  another thread held. It needs no Django: the page arrives as HTML with everything inline. It
  ends when its web process ends, even one that was killed.
- A child that dies (killed, out of memory) is replaced and the page laid out once more; a page
  not laid out within ``TIMEOUT`` (a stuck layout, or a machine too busy to spare the CPU) stops
  the child and raises ``LayoutUnavailable``, which the view turns into a message.
"""

import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool

NICE = 10  # added to the web process's niceness (Linux, 0-19) in the child
TIMEOUT = 50  # seconds; below a reverse proxy's usual 60 s (nginx's proxy_read_timeout)

logger = logging.getLogger("evaluations.exports")

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


class LayoutUnavailable(Exception):
    """The page could not be laid out now (too slow, or the child died twice)."""


def _start_child() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in `make run` is the server's
    os.nice(NICE)
    parent = multiprocessing.parent_process()
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    _layout("<p>.</p>")  # WeasyPrint, Pango and the fonts loaded before the first page


def _end_with(parent) -> None:
    parent.join()  # returns when the web process has ended, however it ended
    os._exit(0)


def _layout(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _child() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_child,
            )
        return _pool


def _drop(pool: ProcessPoolExecutor, *, kill: bool = False) -> None:
    """Forget ``pool`` (the next page gets a new child); ``kill`` stops its child at once."""
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    if kill:  # ProcessPoolExecutor has no public way before Python 3.14's terminate_workers()
        for process in list(pool._processes.values()):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _report(started: Future) -> None:
    if started.exception() is not None:
        logger.error("the PDF layout process did not start: %r", started.exception())


def start() -> None:
    """Start this process's child now, without waiting for it (a failure is logged)."""
    _child().submit(int).add_done_callback(_report)  # any call: the pool spawns its child


def write_pdf(html: str) -> bytes:
    """``html`` (with its styles and images inline) laid out as PDF bytes by the child."""
    for _attempt in range(2):
        pool = _child()
        try:
            return pool.submit(_layout, html).result(timeout=TIMEOUT)
        except TimeoutError:
            _drop(pool, kill=True)
            raise LayoutUnavailable from None
        except BrokenProcessPool:
            _drop(pool)  # the child died (killed, out of memory): a new one, once
    raise LayoutUnavailable


def stop() -> None:
    """Stop this process's child and wait for it (tests; at a process's normal exit
    concurrent.futures stops it)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
