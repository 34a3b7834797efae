"""The embedded default served as in production: gunicorn with threads, DEBUG off, WhiteNoise
static files, SQLite in WAL mode. A fresh deployment (own SQLite file, demo data) per module."""

import functools
import io
import os
import re
import threading
import time

import pytest
import requests
from pypdf import PdfReader

from evaluations.exports import pdf_layout
from kla.accounts.demo import DEMO_PASSWORD
from kla.ops.processes import children_of, cpu_seconds
from loadtest import pages

from .deployment import deployment, seeded

HASHED = re.compile(r"/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)")
EDITABLE_PERCENTAGE_ENTRIES = """
from evaluations.models import Cycle, Entry
cycle = Cycle.objects.order_by("-year").first()
result = list(
    Entry.objects.filter(cycle=cycle, question__kind="percentage", status__in=["draft", "returned"])
    .order_by("pk").values_list("pk", flat=True)[:21]
)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with deployment(tmp_path_factory.mktemp("embedded"), embedded=True) as deploy:
        seeded(deploy)
        deploy.manage("collectstatic", "--noinput", "-v0")
        with deploy.served(threads=8, workers=2) as url:
            yield deploy, url


def logged_in(url: str) -> requests.Session:
    session = requests.Session()
    # One connection per thread of save_at_once (urllib3 keeps 10 by default).
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=25))
    assert pages.login(session, url, "admin.dp3akb", DEMO_PASSWORD)
    return session


def test_hashed_css_and_js_are_served_with_debug_off_and_a_long_cache(served):
    deploy, url = served
    html = requests.get(f"{url}/masuk/", timeout=30).text
    assets = set(HASHED.findall(html))
    assert {name.rsplit(".", 1)[-1] for name in assets} == {"css", "js"}, html[:2000]
    for asset in assets:
        response = requests.get(url + asset, headers={"Accept-Encoding": "gzip"}, timeout=30)
        assert response.status_code == 200, asset
        cache = response.headers["Cache-Control"]
        max_age = int(re.search(r"max-age=(\d+)", cache).group(1))
        assert max_age >= 365 * 24 * 3600 and "immutable" in cache, (asset, cache)
        assert response.headers.get("Content-Encoding") == "gzip", asset  # compressed copy
    # The unhashed name is served too (e.g. for a bookmarked URL), but only briefly cached.
    plain = requests.get(f"{url}/static/css/app.css", timeout=30)
    assert plain.status_code == 200 and "immutable" not in plain.headers["Cache-Control"]


def save_at_once(url: str, session, posts: list[tuple[int, dict]]) -> list[int]:
    """POST every form at the same moment from its own thread; the status codes in order."""
    barrier = threading.Barrier(len(posts))
    statuses = [0] * len(posts)

    def save(index: int, pk: int, data: dict) -> None:
        barrier.wait()
        response = session.post(
            f"{url}/evaluasi/isian/{pk}/nilai/",
            data={**data, **pages.csrf(session)},
            allow_redirects=False,
            timeout=120,
        )
        statuses[index] = response.status_code

    threads = [
        threading.Thread(target=save, args=(index, pk, data))
        for index, (pk, data) in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def form_of(url: str, session, pk: int, numerator: int) -> dict:
    html = session.get(f"{url}/evaluasi/isian/{pk}/", timeout=60).text
    version = pages.version_of(html)
    assert version is not None, f"no value form on entry {pk}"
    return {"numerator": numerator, "denominator": 1000, "note": "", "version": version}


def test_twenty_concurrent_saves_are_all_stored_and_audited(served):
    deploy, url = served
    ids = deploy.query(EDITABLE_PERCENTAGE_ENTRIES)[:20]
    assert len(ids) == 20
    session = logged_in(url)
    posts = [(pk, form_of(url, session, pk, 500 + n)) for n, pk in enumerate(ids)]

    statuses = save_at_once(url, session, posts)

    assert statuses == [302] * 20  # every save accepted: no 500, no "database is locked"
    stored = deploy.query(
        f"""
from evaluations.models import AuditRecord, Entry
result = {{
    str(e.pk): [str(e.numerator), list(AuditRecord.objects.filter(
        entry=e, action="entry_saved", actor__username="admin.dp3akb"
    ).values_list("changes__numerator", flat=True))]
    for e in Entry.objects.filter(pk__in={ids})
}}
"""
    )
    for n, pk in enumerate(ids):
        numerator, audited = stored[str(pk)]
        assert float(numerator) == 500 + n, (pk, stored[str(pk)])
        assert [float(change[1]) for change in audited] == [500 + n], (pk, audited)


def test_twenty_concurrent_saves_of_one_entry_keep_exactly_one(served):
    deploy, url = served
    pk = deploy.query(EDITABLE_PERCENTAGE_ENTRIES)[-1]
    session = logged_in(url)
    form = form_of(url, session, pk, 0)
    posts = [(pk, {**form, "numerator": 700 + n}) for n in range(20)]

    statuses = save_at_once(url, session, posts)

    # One save wins; the other 19 were edited from the same version and are refused with the
    # form shown again (200), never a 500.
    assert sorted(statuses) == [200] * 19 + [302]
    winner = 700 + statuses.index(302)
    stored = deploy.query(
        f"""
from evaluations.models import AuditRecord, Entry
entry = Entry.objects.get(pk={pk})
result = [str(entry.numerator), entry.version, list(AuditRecord.objects.filter(
    entry=entry, action="entry_saved", actor__username="admin.dp3akb"
).values_list("changes__numerator", flat=True))]
"""
    )
    numerator, version, audited = stored
    assert float(numerator) == winner and version == form["version"] + 1
    assert [float(change[1]) for change in audited if float(change[1]) >= 700] == [winner]


def layout_processes(master: int) -> dict[int, int]:
    """Each gunicorn worker of ``master`` → its PDF layout child (pdf_layout.py)."""
    workers = [pid for pid, command in children_of(master) if "gunicorn" in command]
    return {
        worker: pid
        for worker in workers
        for pid, command in children_of(worker)
        if "spawn_main" in command
    }


def lowered(layout: dict[int, int]) -> bool:
    """Each worker's child runs at the worker's priority + pdf_layout.NICE."""
    priority = functools.partial(os.getpriority, os.PRIO_PROCESS)
    return all(
        priority(child) == min(19, priority(worker) + pdf_layout.NICE)
        for worker, child in layout.items()
    )


def test_the_summary_pdf_is_laid_out_by_a_child_of_each_worker_at_a_lower_priority(served):
    deploy, url = served
    (master,) = [pid for pid, command in children_of(os.getpid()) if "gunicorn" in command]
    # Each worker starts its child in post_worker_init; the child lowers its own priority once
    # its Python has started, so a child just spawned still runs at its worker's.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        layout = layout_processes(master)
        if len(layout) == 2 and lowered(layout):
            break
        time.sleep(0.2)
    assert len(layout) == 2, children_of(master)
    assert lowered(layout)
    before = sum(cpu_seconds(child) for child in layout.values())

    response = logged_in(url).get(f"{url}/evaluasi/ekspor/ringkasan-pdf/", timeout=120)

    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert "Ringkasan eksekutif" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    # The layout's CPU (a summary takes WeasyPrint ~0.3 s) was spent by a child, not a worker.
    assert sum(cpu_seconds(child) for child in layout.values()) - before > 0.1
