"""WeasyPrint's layout runs in a spawned child of the web process, which survives its death."""

import io
import multiprocessing
import os
import signal
import time

import pytest
from pypdf import PdfReader

from evaluations.exports import pdf_layout

PAGE = "<html><body><h1>Ringkasan eksekutif</h1><p>Kota Serang · 85,5 poin</p></body></html>"


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def layout_children() -> list:
    return [p for p in multiprocessing.active_children() if type(p).__name__ == "SpawnProcess"]


def test_the_page_is_laid_out_by_a_spawned_child_that_is_kept():
    content = pdf_layout.write_pdf(PAGE)
    assert content.startswith(b"%PDF")
    assert "Ringkasan eksekutif" in text_of(content) and "85,5 poin" in text_of(content)
    children = layout_children()
    assert len(children) == 1 and children[0].pid != os.getpid()
    pdf_layout.write_pdf(PAGE)
    assert [p.pid for p in layout_children()] == [children[0].pid]  # one child, kept


def test_a_child_that_died_is_replaced_and_the_page_laid_out():
    pdf_layout.write_pdf(PAGE)
    (dead,) = layout_children()
    os.kill(dead.pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while dead.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    content = pdf_layout.write_pdf(PAGE)
    assert "Ringkasan eksekutif" in text_of(content)
    assert [p.pid for p in layout_children()] != [dead.pid]
    assert len(layout_children()) == 1


def test_an_error_of_the_layout_reaches_the_caller_and_the_child_stays():
    pdf_layout.write_pdf(PAGE)
    (child,) = layout_children()
    with pytest.raises(TypeError, match="Expected exactly one source"):
        pdf_layout.write_pdf(None)  # no page: WeasyPrint's refusal, raised in the child
    assert [p.pid for p in layout_children()] == [child.pid]


def test_the_child_runs_below_the_web_process_priority():
    pdf_layout.write_pdf(PAGE)
    (child,) = layout_children()
    assert os.getpriority(os.PRIO_PROCESS, child.pid) == min(19, os.nice(0) + pdf_layout.NICE)
