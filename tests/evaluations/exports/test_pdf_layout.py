"""WeasyPrint's layout runs in a spawned child of the web process, at a lower priority; the
child is replaced when it dies, stopped when a page takes too long, and ends with its parent."""

import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from evaluations.exports import pdf_layout
from kla.ops.processes import gone

PAGE = "<html><body><h1>Ringkasan eksekutif</h1><p>Kota Serang · 85,5 poin</p></body></html>"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def own_child():
    """Each test starts without a child and leaves none (the pool is per process)."""
    pdf_layout.stop()
    yield
    pdf_layout.stop()


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def layout_children() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if type(p).__name__ == "SpawnProcess"]


def wait_until(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_the_page_is_laid_out_by_a_spawned_child_that_is_kept():
    content = pdf_layout.write_pdf(PAGE)
    assert content.startswith(b"%PDF")
    assert "Ringkasan eksekutif" in text_of(content) and "85,5 poin" in text_of(content)
    (child,) = layout_children()
    assert child.pid != os.getpid()
    pdf_layout.write_pdf(PAGE)
    assert [p.pid for p in layout_children()] == [child.pid]  # one child, kept


def test_the_child_runs_below_the_web_process_priority():
    pdf_layout.write_pdf(PAGE)
    (child,) = layout_children()
    assert os.getpriority(os.PRIO_PROCESS, child.pid) == min(19, os.nice(0) + pdf_layout.NICE)


def test_a_child_that_died_is_replaced_and_the_page_laid_out():
    pdf_layout.write_pdf(PAGE)
    (dead,) = layout_children()
    os.kill(dead.pid, signal.SIGKILL)
    assert wait_until(lambda: not dead.is_alive())
    assert "Ringkasan eksekutif" in text_of(pdf_layout.write_pdf(PAGE))
    (new,) = layout_children()
    assert new.pid != dead.pid


def test_an_error_of_the_layout_reaches_the_caller_and_the_child_stays():
    pdf_layout.write_pdf(PAGE)
    (child,) = layout_children()
    with pytest.raises(TypeError):
        pdf_layout.write_pdf(None)  # no page: WeasyPrint's refusal, raised in the child
    assert [p.pid for p in layout_children()] == [child.pid]


def test_a_page_over_the_time_limit_stops_the_child_and_the_next_page_gets_a_new_one(
    monkeypatch,
):
    pdf_layout.write_pdf(PAGE)
    (slow,) = layout_children()
    monkeypatch.setattr(pdf_layout, "TIMEOUT", 0.001)
    with pytest.raises(pdf_layout.LayoutUnavailable):
        pdf_layout.write_pdf(PAGE * 200)
    assert wait_until(lambda: gone(slow.pid))
    monkeypatch.undo()
    assert "Ringkasan eksekutif" in text_of(pdf_layout.write_pdf(PAGE))


def test_the_child_ends_when_its_web_process_is_killed():
    script = (
        "import multiprocessing, time\n"
        "from evaluations.exports import pdf_layout\n"
        "pdf_layout.write_pdf('<p>x</p>')\n"
        "print(*[p.pid for p in multiprocessing.active_children()], flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        children = [int(pid) for pid in parent.stdout.readline().split()]
        assert children and not any(gone(pid) for pid in children)
    finally:
        parent.kill()  # SIGKILL: no exit handler runs
        parent.wait(timeout=30)
    assert wait_until(lambda: all(gone(pid) for pid in children))
