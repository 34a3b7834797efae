"""How long the dashboards take to render, against a bare page that renders only base.html.

Builds Kota Serang with ten cycles (2017-2026: every entry answered, snapshots refreshed,
official results for the odd years) in a throwaway SQLite file under var/bench/, logs in with
the Django test client, and prints the median time of N requests per page (after a warm-up),
the queries each page runs, and each page's ratio to the bare page. The bare page exists only
here (a URLconf of this script), never in the project's URLs.

    make bench                      # or: .venv/bin/python benchmarks/dashboards.py [RUNS]
"""

import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = ROOT / "var" / "bench" / "dashboards.sqlite3"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
WARM_UP = 3

sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ["DJANGO_SETTINGS_MODULE"] = "kla.settings"
os.environ["DEBUG"] = "0"  # as in production: no query log, cached templates
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")


def build_city():
    """Kota Serang with ten answered cycles; returns (walikota, admin)."""
    from evaluations.scores.snapshots import refresh_snapshots
    from kla.accounts.models import Role
    from tests import factories

    city = factories.kota_serang()
    factories.default_instrument()
    admin = factories.make_user(city=city, role=Role.ADMIN_KLA, username="admin.bench")
    walikota = factories.make_user(city=city, role=Role.PIMPINAN, username="walikota.bench")
    for n, year in enumerate(range(2017, 2027)):
        cycle = factories.make_cycle(city=city, year=year, by=admin, open_entry=year == 2026)
        # Past years verified, the current one only claimed; the city improves a little a year.
        factories.fill_answers(
            cycle, status="submitted" if year == 2026 else "verified", level=50 + 3 * n
        )
        refresh_snapshots(cycle)
        if year % 2:
            factories.official_result(cycle, "final", total=480 + 9 * n, tier_code="", by=admin)
    return walikota, admin


def bare_urlconf():
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


def measure(client, url: str) -> tuple[float, int]:
    """Median milliseconds over RUNS requests, and the queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # now: the next request clears the connection's query log
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return statistics.median(times), count


def main() -> None:
    import django

    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import clear_url_caches, reverse

    setup_test_environment()  # "testserver" allowed, locmem e-mail
    settings.ROOT_URLCONF = bare_urlconf()
    clear_url_caches()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    walikota, admin = build_city()
    print(f"Dataset: Kota Serang, 10 cycles, built in {time.perf_counter() - started:.1f} s")

    pages = [
        ("bare page (base.html only)", walikota, "/bench/bare/"),
        ("Pimpinan dashboard", walikota, reverse("evaluations:dashboard-pimpinan")),
        ("DP3AKB dashboard", admin, reverse("evaluations:dashboard-dp3akb")),
        ("chart: yearly tier progress", walikota, reverse("evaluations:chart-tier-progress")),
        ("chart: clusters", walikota, reverse("evaluations:chart-clusters")),
        ("chart: kecamatan", walikota, reverse("evaluations:chart-kecamatan")),
        ("chart: progress per OPD", admin, reverse("evaluations:chart-opd-progress")),
    ]
    print(f"Median of {RUNS} requests each (after {WARM_UP} warm-up), Django test client:")
    print(f"{'page':<30} {'median ms':>10} {'queries':>8} {'x bare':>8}")
    bare = None
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        median, queries = measure(client, url)
        bare = bare or median
        print(f"{label:<30} {median:>10.1f} {queries:>8} {median / bare:>8.1f}")


if __name__ == "__main__":
    main()
