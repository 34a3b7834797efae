"""The people of a working day, for locust (run by loadtest/run.py, `make load`).

Walikota opens the dashboards and the summary PDF; Admin KLA and the verifikator work the
review queue (verify or return); operators save entries through the real form with its version
token, upload evidence and submit entries (which keeps the reviewers' queue filled). Every
request, save and upload is appended to the JSON-lines file LOAD_LOG for run.py's table and
integrity check.

With LOAD_TOUR set (run.py's unloaded run) every user takes its actions in turn instead of at
random by weight, so each page gets its unloaded median however short the run.
"""

import hashlib
import io
import itertools
import json
import os
import random
import threading
import time

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from pypdf import PdfWriter

from loadtest import pages
from loadtest.tour import Either, Tour, paced

PASSWORD = os.environ.get("LOAD_PASSWORD", "demo-kla-2026")
OPERATORS = ["operator.dinkes", "operator.dindikbud", "operator.disdukcapil", "operator.dp3akb"]
# run.py names the log; locust started by hand logs nowhere (no stray file in the checkout).
LOG = open(os.environ.get("LOAD_LOG", os.devnull), "a", buffering=1)  # noqa: SIM115
LOCK = threading.Lock()
# Values unique across the unloaded and the loaded run (two locust processes): the pid first.
UNIQUE = itertools.count((os.getpid() % 10_000) * 100_000 + 1)
XHR = {"X-Requested-With": "XMLHttpRequest"}
PDF_PATH = "/evaluasi/ekspor/ringkasan-pdf/"
TOUR = os.environ.get("LOAD_TOUR") == "1"  # the unloaded run (loadtest/tour.py)
# Seconds from the start of one action of a user to the next, on average (run.py --pace).
PACE = float(os.environ.get("LOAD_PACE", "1"))
# Of the accepted saves, how many are followed by an upload and by "Ajukan" (every one in the
# unloaded run, so that both get their unloaded median).
UPLOAD_SHARE = 1 if TOUR else 0.25
SUBMIT_SHARE = 1 if TOUR else 0.15
URGENT = 10  # an operator types into the first entries of their list


def log(**record) -> None:
    with LOCK:
        LOG.write(json.dumps(record) + "\n")


@events.request.add_listener
def on_request(request_type, name, response_time, response_length, exception, **kwargs):
    response = kwargs.get("response")
    log(
        kind="request",
        name=name,
        at=time.time(),
        ms=response_time,
        status=getattr(response, "status_code", 0),
        error=repr(exception) if exception else "",
    )


class Person(FastHttpUser):
    abstract = True
    # One action every 0.8-1.2 x LOAD_PACE s (run.py --pace, 1 by default; tour.py, paced):
    # with ~1.2 requests per action over the mix of people, 50 users ask for ~60 requests/s
    # while the server keeps up. The unloaded run keeps the short think time its medians were
    # always measured with.
    wait_time = between(0.5, 1.3) if TOUR else paced(0.8 * PACE, 1.2 * PACE)
    username = ""

    def on_start(self):
        if TOUR:
            self.tasks = Tour(self.tasks)
        self.client.get(pages.LOGIN_PATH, name="login")
        ok = pages.login(self.client, "", self.username, PASSWORD, name="login")
        if not ok:
            raise RuntimeError(f"login failed for {self.username}")

    def post(self, path: str, name: str, data: dict, **kwargs):
        return self.client.post(path, data={**data, **pages.csrf(self.client)}, name=name, **kwargs)


class Walikota(Person):
    weight = 2
    username = "walikota"

    # The dashboards most of the time; the PDF now and then (one action in about forty).
    @task(16)
    def dashboard(self):
        self.client.get("/evaluasi/dasbor/pimpinan/", name="dasbor pimpinan")

    @task(8)
    def charts(self):
        self.client.get("/evaluasi/dasbor/grafik/kemajuan/", name="grafik kemajuan")
        self.client.get("/evaluasi/dasbor/grafik/klaster/", name="grafik klaster")

    @task(8)
    def score(self):
        self.client.get("/evaluasi/skor/", name="skor")

    @task(6)
    def path_to_next_tier(self):
        self.client.get("/evaluasi/skor/naik-predikat/", name="naik predikat")

    @task(1)
    def pdf(self):
        self.client.get(PDF_PATH, name="ringkasan pdf")


class Reviewer(Person):
    """Verifikator and Admin KLA: open the queue, open an entry, verify or return it."""

    weight = 2

    def on_start(self):
        self.username = random.choice(["verifikator", "admin.dp3akb"])
        self.verifies = Either(0.7, tour=TOUR)  # or returns, with its reason
        super().on_start()

    @task(1)
    def dashboard(self):
        self.client.get("/evaluasi/dasbor/dp3akb/", name="dasbor dp3akb")

    @task(3)
    def work_the_queue(self):
        queue = self.client.get("/evaluasi/verifikasi/", name="antrean verifikasi")
        ids = pages.entry_ids(queue.text or "")  # None: no answer
        if not ids:
            return
        pk = random.choice(ids[:10])
        self.client.get(f"/evaluasi/isian/{pk}/", name="isian")
        if self.verifies():
            response = self.post(f"/evaluasi/isian/{pk}/verifikasi/", "verifikasi", {})
        else:
            reason = {"reason": "Bukti belum memuat tanda tangan kepala OPD."}
            response = self.post(f"/evaluasi/isian/{pk}/kembalikan/", "kembalikan", reason)
        log(kind="review", entry=pk, status=response.status_code)


def pdf_named(name: str) -> bytes:
    """A real one-page PDF (the upload check opens every PDF with pypdf), unique by its title."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": name})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class Operator(Person):
    """An OPD officer: the task list, reading entries, a save with the version token, an
    upload, a submission."""

    weight = 3

    def on_start(self):
        self.username = random.choice(OPERATORS)
        super().on_start()
        self.entries = []
        self.not_to_type = set()  # editable entries with no number to type (yes/no, options)
        self.task_list()

    @task(1)
    def task_list(self):
        html = self.client.get("/evaluasi/tugas-saya/", name="tugas saya").text or ""
        self.entries = pages.entry_ids(html) or self.entries

    @task(2)
    def read_an_entry(self):
        """Open one of the list's entries to read it (its evidence, comments, history)."""
        if self.entries:
            self.client.get(f"/evaluasi/isian/{random.choice(self.entries)}/", name="isian")

    @task(2)
    def save_an_entry(self):
        """Type a number into one of the most urgent entries (the top of the list, which puts
        returned and unanswered ones first) that takes one (the officer knows which do)."""
        open_ones = [pk for pk in self.entries if pk not in self.not_to_type]
        candidates = open_ones[:URGENT] or self.entries
        if not candidates:
            return
        pk = random.choice(candidates)
        html = self.client.get(f"/evaluasi/isian/{pk}/", name="isian").text or ""
        version = pages.version_of(html)
        if version is None:
            return  # not editable now (submitted, verified): it may come back returned
        if 'name="numerator"' not in html:
            self.not_to_type.add(pk)
            return  # not a number to type
        value = next(UNIQUE)
        data = {"numerator": value, "denominator": 10**9, "note": "", "version": version}
        response = self.post(
            f"/evaluasi/isian/{pk}/nilai/", "simpan isian", data, allow_redirects=False
        )
        log(kind="save", entry=pk, value=value, version=version, status=response.status_code)
        if response.status_code != 302:
            return
        if random.random() < UPLOAD_SHARE:
            self.upload(pk)
        if pages.can_submit(html, pk) and random.random() < SUBMIT_SHARE:
            # Refused when a required document is missing: a redirect with its reason too.
            path = f"/evaluasi/isian/{pk}/ajukan/"
            response = self.post(path, "ajukan isian", {}, allow_redirects=False)
            log(kind="submit", entry=pk, status=response.status_code)

    def upload(self, pk: int):
        name = f"bukti-{os.getpid()}-{next(UNIQUE)}.pdf"
        content = pdf_named(name)
        with self.client.post(
            f"/evaluasi/isian/{pk}/bukti/",
            # The required-document choice is explicit: an extra document fulfils none.
            data={"requirement": "lainnya", "title": name, **pages.csrf(self.client)},
            files={"file": (name, content, "application/pdf")},
            headers=XHR,
            name="unggah bukti",
            catch_response=True,
        ) as response:
            # 400 with a reason: the entry was verified meanwhile, a refusal and not an error.
            if response.status_code == 400:
                response.success()
            ok = response.status_code == 200 and response.json().get("ok", False)
        sha256 = hashlib.sha256(content).hexdigest()
        log(kind="upload", entry=pk, file=name, sha256=sha256, status=response.status_code, ok=ok)
