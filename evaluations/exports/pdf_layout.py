"""WeasyPrint's layout of a rendered page into PDF bytes, done in a child process.

Laying out the walikota's summary takes WeasyPrint ~0.3-0.5 s of pure Python. In a thread of a
web worker it holds the interpreter lock that the worker's other threads need after each of
their database queries, so every request that process serves meanwhile waits behind it. Measured
with ``make load`` (50 users, 60 s, PostgreSQL, this 2-core machine): with one PDF in about a
hundred requests, the p95 over all pages was 1,044 ms; without the PDF, 196 ms (docs/deploy.md).
In a child process the layout no longer holds the worker's lock: the operating system shares
the cores between it and the requests.

- One child per web process, started with the process (gunicorn's ``post_worker_init`` calls
  ``start``) or at its first PDF, and kept for the process's life: WeasyPrint is imported once
  per child, not per page. Two PDFs asked at once in one process are laid out one after the
  other.
- The child is *spawned*, never forked: a fork of a threaded web process could inherit a lock
  another thread held. It needs no Django: the page arrives as HTML with everything inline.
- A child that dies (killed, out of memory) is replaced and the page laid out once more.
"""

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

# The child's priority (Linux "nice", 0-19): the pages people wait for come first, the PDF
# takes what CPU they leave. Same priority: the pages' p95 stayed ~3x worse (docs/deploy.md).
NICE = 10

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _start_child() -> None:
    os.nice(NICE)
    import weasyprint  # noqa: F401 (imported once, before the first page)


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


def _replace(broken: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False)


def start() -> None:
    """Start this process's child now (it imports WeasyPrint), without waiting for it."""
    _child().submit(int)


def write_pdf(html: str) -> bytes:
    """``html`` (with its styles and images inline) laid out as PDF bytes by the child."""
    pool = _child()
    try:
        return pool.submit(_layout, html).result()
    except BrokenProcessPool:
        _replace(pool)  # the child died (killed, out of memory): a new one, once
    return _child().submit(_layout, html).result()
