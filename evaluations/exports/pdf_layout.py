"""WeasyPrint's layout of a rendered page into PDF bytes, done in a child process at a lower
priority.

Laying out the walikota's summary takes WeasyPrint ~0.3-0.5 s of pure Python, ten times any
page. Done in a thread of the web worker, that CPU was taken at the priority of the pages people
wait for: measured with ``make load`` (50 users, 60 s, PostgreSQL, this 2-core machine, one PDF
in about 150 requests), the p95 over all pages was 823 ms with it, 297 ms with the layout here
at ``NICE``, and 856 ms in a child at the web server's own priority (so it is the CPU, not the
worker's interpreter lock); without the PDF in the mix at all, 196 ms (docs/deploy.md). The
pages come first; the PDF takes the CPU they leave, and under a full load it waits longer.

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

NICE = 10  # added to the web process's niceness (Linux, 0-19) in the child

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
    _child().submit(int)  # any call: the pool spawns its child for the first one


def write_pdf(html: str) -> bytes:
    """``html`` (with its styles and images inline) laid out as PDF bytes by the child."""
    pool = _child()
    try:
        return pool.submit(_layout, html).result()
    except BrokenProcessPool:
        _replace(pool)  # the child died (killed, out of memory): a new one, once
    return _child().submit(_layout, html).result()
