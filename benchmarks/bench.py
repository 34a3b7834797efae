"""One benchmark, one table: national scoring against plain SQL, and every page of a small and a
large city against the bare authenticated page.

    make bench                                   # PostgreSQL when DATABASE_URL is set, else SQLite
    .venv/bin/python benchmarks/bench.py --rounds 15 --kode 36   # a subset (one province)

Where: with DATABASE_URL (PostgreSQL) the data lives in a database of its own next to it,
``<name>_bench`` on the same server (created when missing); without it in
``var/bench/bench.sqlite3``. The data is the generated nation (``generate_nation --seed 7``,
all 514 kabupaten/kota unless ``--kode``), built on the first run and reused afterwards.

(a) Scoring every cycle of the data in all three tracks, through the app's national scoring
    path, against the plainest SQL that reads the same rows (entries with their option's share,
    and the documents attached), and the ratio. One run each (they read everything).
(b) For a 6-kecamatan city (Kota Serang) and a 40-kecamatan city (the first with 40 kecamatan,
    else the largest): each dashboard, chart, score, path and what-if page, the province
    dashboard and the bare page (base.html only, a URL of this script). Interleaved: each round
    requests every page once, in the same order; the median over the rounds; the queries of one
    request; the peak Python memory of one request (tracemalloc, measured apart from timing).
    Pages keep a cycle's results while it is unchanged (evaluations/scores/cached.py), so the
    dashboards, score and path pages are also timed "after a change": the cycle's state moves
    (an entry's updated_at) just before each of those requests, as any save does.
Ratios are to the bare page of the same run. DEBUG is off (no query log, cached templates).
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
import types
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SQLITE = ROOT / "var" / "bench" / "bench.sqlite3"
SEED = 7
BIG = 40  # kecamatan of the large city


def bench_database_url() -> str:
    """The benchmark's own database next to DATABASE_URL's (created when missing)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        SQLITE.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{SQLITE}"
    from kla.ops.servers import server_cursor, sibling_url

    name = urlparse(url).path.lstrip("/") + "_bench"
    with server_cursor(url) as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    return sibling_url(url, name)


def setup(args) -> str:
    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "kla.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import clear_url_caches

    # What the test client needs, without setup_test_environment(): that one instruments
    # every template render to copy its context for the test (a cost production never pays,
    # and one that grows with the number of form widgets on a page).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Every request reads the cycle's state (production: at most every 5 s per process),
    # so a row "after a change" is timed as the first request that sees the change.
    settings.KLA_SCORES_RECHECK_SECONDS = 0
    settings.ROOT_URLCONF = bare_urlconf()
    clear_url_caches()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: hashed names
    started = time.perf_counter()
    generate = ["generate_nation", "--seed", str(SEED)] + (
        ["--kode", args.kode] if args.kode else []
    )
    call_command(*generate, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Database: {urlparse(url).scheme} {urlparse(url).path.lstrip('/')}")
    print(f"Data ready in {time.perf_counter() - started:.1f} s (generated once, then reused)")
    return url


def bare_urlconf() -> str:
    """The project's URLs plus /bench/bare/: base.html with the navbar, nothing else."""
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render
    from django.urls import include, path

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [
        path("bench/bare/", login_required(lambda request: render(request, "base.html"))),
        path("", include("kla.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def national_tiers() -> str:
    from collections import Counter

    from evaluations.demo.generated_answers import tier_quota
    from evaluations.models import Cycle, ScoreSnapshot

    latest = Cycle.objects.order_by("-year").values_list("year", flat=True).first()
    got = Counter(
        ScoreSnapshot.objects.filter(cycle__year=latest, track="verified").values_list(
            "tier_code", flat=True
        )
    )
    n = sum(got.values())
    want = tier_quota(n)
    cells = [f"{code or 'none'} {got.get(code, 0)}/{want[code]}" for code in want]
    return f"Verified tiers {latest} (generated/target, {n} cities): " + ", ".join(cells)


# --- (a) national scoring -----------------------------------------------------------------------


PLAIN_ENTRIES = """
SELECT e.cycle_id, e.question_id, e.unit_id, e.status, o.share, e.numerator, e.denominator, e.yes
FROM evaluations_entry e LEFT JOIN indicators_answeroption o ON o.id = e.option_id
"""
# The documents that can count (current ones of existence answers): the rows scoring reads.
PLAIN_DOCUMENTS = """
SELECT v.entry_id, r.code FROM evaluations_evidence v
JOIN indicators_documentrequirement r ON r.id = v.requirement_id
JOIN evaluations_entry e ON e.id = v.entry_id
JOIN indicators_question q ON q.id = e.question_id
WHERE v.superseded_by_id IS NULL AND v.withdrawn_at IS NULL AND q.kind = 'existence'
"""


def plain_sql() -> int:
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for sql in (PLAIN_ENTRIES, PLAIN_DOCUMENTS):
            cursor.execute(sql)
            rows += len(cursor.fetchall())
    return rows


def score_nation() -> int:
    """Every cycle, all tracks, through the app's national path: ``scores.national`` when it
    exists (set-based), else the per-cycle loader every page uses."""
    from evaluations import names
    from evaluations.models import Cycle

    try:
        from evaluations.scores.national import score_all_cycles
    except ImportError:
        from evaluations.scores.loader import load_cycle_data

        scored = 0
        for cycle in Cycle.objects.select_related("kabupaten", "instrument"):
            data = load_cycle_data(cycle)
            for track in names.TRACKS:
                data.score(track)
                scored += 1
        return scored
    return sum(len(tracks) for tracks in score_all_cycles(names.TRACKS).values())


def measured(function):
    """(seconds, queries, peak MiB, result) of one call (queries counted by an execute
    wrapper: the query log keeps only the last 9,000)."""
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, len(executed), peak, result


# --- (b) pages ----------------------------------------------------------------------------------


def people(city, province):
    from kla.accounts.models import Role, User

    def user(username, **fields):
        made, _ = User.objects.update_or_create(username=username, defaults=fields)
        return made

    admin = user(f"bench.admin.{city.code}", role=Role.ADMIN_KLA, kabupaten=city)
    pimpinan = user(f"bench.pimpinan.{city.code}", role=Role.PIMPINAN, kabupaten=city)
    reader = user(f"bench.provinsi.{province.code}", role=Role.PIMPINAN_PROVINSI, provinsi=province)
    return admin, pimpinan, reader


def city_pages(label: str, city) -> list[tuple[str, object, str]]:
    from django.urls import reverse

    admin, pimpinan, reader = people(city, city.parent)
    pages = [
        ("Pimpinan dashboard", pimpinan, "evaluations:dashboard-pimpinan"),
        ("DP3AKB dashboard", admin, "evaluations:dashboard-dp3akb"),
        ("chart: tier progress", pimpinan, "evaluations:chart-tier-progress"),
        ("chart: clusters", pimpinan, "evaluations:chart-clusters"),
        ("chart: kecamatan", pimpinan, "evaluations:chart-kecamatan"),
        ("chart: OPD progress", admin, "evaluations:chart-opd-progress"),
        ("score page", admin, "evaluations:score"),
        ("path page", admin, "evaluations:path"),
        ("what-if page", admin, "evaluations:what-if"),
    ]
    rows = [(f"{label}: bare page", pimpinan, "/bench/bare/", None)]
    rows += [(f"{label}: {name}", user, reverse(url), None) for name, user, url in pages]
    rows.append(
        (f"{label}: province dashboard", reader, reverse("evaluations:dashboard-province"), None)
    )
    # The same pages the first time after a change: the cycle's state moves (an entry's
    # updated_at, as any save does) just before the request, so nothing kept serves it.
    touch = changer(city)
    rows += [
        (f"{label}: {name}, after a change", user, reverse(url), touch)
        for name, user, url in pages
        if name in AFTER_A_CHANGE
    ]
    return rows


AFTER_A_CHANGE = ("Pimpinan dashboard", "DP3AKB dashboard", "score page", "path page")


def changer(city):
    """A function that moves the state of ``city``'s latest cycle (evaluations/scores/cached.py)
    without changing what it scores."""
    from django.utils import timezone

    from evaluations.models import Entry

    cycle = city.cycles.order_by("-year").first()
    entry = Entry.objects.filter(cycle=cycle).order_by("pk").values_list("pk", flat=True)[0]

    def touch():
        Entry.objects.filter(pk=entry).update(updated_at=timezone.now())

    return touch


def pick_cities():
    from django.db.models import Count

    from kla.wilayah.models import Region

    cities = (
        Region.objects.kabupaten_kota()
        .annotate(n=Count("children", distinct=True))
        .filter(cycles__isnull=False)
    )
    small = cities.filter(code="36.73").first() or cities.order_by("n", "code").first()
    big = cities.filter(n=BIG).order_by("code").first() or cities.order_by("-n", "code").first()
    return small, big


def time_pages(pages, rounds: int):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}

    def get(user, url, touch):
        if touch:
            touch()
        return clients[user.pk].get(url)

    kept = [(user, url) for _label, user, url, touch in pages if touch is None]
    for label, user, url, touch in pages:
        client = clients.setdefault(user.pk, Client())
        client.force_login(user)
        for _ in range(2):  # warm up (template cache, connection)
            assert get(user, url, touch).status_code == 200, (label, url)
    times = {label: [] for label, _user, _url, _touch in pages}
    for _ in range(rounds):
        for label, user, url, touch in pages:
            if touch:
                touch()  # not timed: the change is not the page's
            started = time.perf_counter()
            response = clients[user.pk].get(url)
            times[label].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, url)
        for user, url in kept:  # the pages timed warm see the last change before the next round
            clients[user.pk].get(url)
    results = {}
    for label, user, url, touch in pages:
        if touch:
            touch()
        # Each request empties the connection's query log as it starts (request_started), so
        # the log must be empty before the capture begins for its slice to be the request's.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = clients[user.pk].get(url)
        count = len(queries)  # now: the captured list is read from the log the next request clears
        if touch:
            touch()
        tracemalloc.start()
        clients[user.pk].get(url)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        size = len(response.content) / 1024
        results[label] = (statistics.median(times[label]), count, peak, size)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--kode", default="", help="only this province (e.g. 36): a subset")
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()
    setup(args)
    from evaluations.models import Cycle, Entry

    print(national_tiers())
    print(f"{Cycle.objects.count()} cycles, {Entry.objects.count()} entries")
    print()
    row("measure", "median ms", "queries", "peak MiB", "KiB", "ratio")
    if not args.skip_national:
        plain_s, plain_q, plain_mem, rows = measured(plain_sql)
        score_s, score_q, score_mem, scored = measured(score_nation)
        row(f"(a) plain SQL read ({rows} rows)", plain_s * 1000, plain_q, plain_mem, "", 1.0)
        label = f"(a) national scoring ({scored} cycle x track)"
        row(label, score_s * 1000, score_q, score_mem, "", score_s / plain_s)
    small, big = pick_cities()
    for city in (small, big):
        n = city.children.count()
        pages = city_pages(f"{n}-kec", city)
        results = time_pages(pages, args.rounds)
        print(f"(b) {city.name} ({city.code}, {n} kecamatan), {args.rounds} interleaved rounds")
        bare = results[pages[0][0]][0]
        for label, _user, _url, _touch in pages:
            median, queries, peak, size = results[label]
            row("  " + label, median, queries, peak, size, median / bare)


def row(label, ms, queries, peak, size, ratio) -> None:
    def cell(value, width: int, places: int) -> str:
        return f"{value:>{width}.{places}f}" if isinstance(value, float) else f"{value:>{width}}"

    print(
        f"{label:<46} {cell(ms, 10, 1)} {queries:>8} {cell(peak, 9, 1)} "
        f"{cell(size, 7, 0)} {cell(ratio, 7, 1)}"
    )


if __name__ == "__main__":
    main()
