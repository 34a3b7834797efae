"""`make load`: serve the demo as in production, load it with locust, report, check integrity.

1. A throwaway deployment: a new PostgreSQL database `<name>_load` on the server of
   DATABASE_URL (or an embedded SQLite file without it), migrated and seeded with the demo.
2. The server, on 127.0.0.1 only: gunicorn (gunicorn.conf.py) with DEBUG off, or with
   --server runserver the way the app was served before (for a before/after comparison).
   With --broker (a Redis URL) as in production: the server queues its after-commit work
   (score refreshes, mail) there and a Celery worker started here does it; without, the work
   runs in the request's process after commit (the embedded default).
3. Unloaded: 3 users (one of each kind) for --baseline seconds, each taking its actions in
   turn (LOAD_TOUR): the median of every page.
4. Loaded: --users users (default 50) spawned at --spawn-rate per second, for --seconds, each
   starting an action every --pace seconds on average (loadtest/tour.py, paced).
5. The table per page (p50/p95/p99 of the steady state, from 5 s after the last login answered,
   against 5x the unloaded median), requests/s, errors, the logins apart, and the CPU time the
   server's processes used in the steady state, per request, how busy the whole machine was
   and by which processes, beside how fast this machine ran Python at the start
   (loadtest/cpu.py); then the integrity check (loadtest/integrity.py). Exits 1 when a
   target or the integrity check fails.
"""

import argparse
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import redis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the project's modules (kla.ops, loadtest)

from kla.ops.servers import server_cursor, sibling_url  # noqa: E402
from loadtest.cpu import (  # noqa: E402
    CpuSampler,
    cpu_line,
    machine_line,
    processes_line,
    python_workload_ms,
)

BIN = Path(sys.executable).parent
APP = ROOT  # the code served (--app)
LOGIN = "login"
LIMIT_FACTOR = 5
TARGET_RPS = 50
REQUESTS_PER_ACTION = 1.2  # over the mix of people (locustfile.py), measured


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument(
        "--pace",
        type=positive_seconds,
        default=1.0,
        help="seconds from one action of a user to the next (on average; 1: ~60 requests/s)",
    )
    parser.add_argument("--baseline", type=int, default=25, help="seconds of the unloaded run")
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    # Without these, gunicorn.conf.py decides (and WEB_CONCURRENCY / GUNICORN_THREADS).
    parser.add_argument("--workers", type=int, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, help="threads per gunicorn worker")
    parser.add_argument(
        "--broker", help="Redis URL: after-commit work goes to a Celery worker, as in production"
    )
    parser.add_argument("--keep", action="store_true", help="keep the load database afterwards")
    parser.add_argument(
        "--app",
        type=Path,
        default=ROOT,
        help="serve the code in this folder (e.g. an export of an older commit, for a 'before')",
    )
    return parser.parse_args()


def positive_seconds(text: str) -> float:
    """A positive, finite number of seconds (argparse refuses anything else with this reason)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (0 < value < math.inf):
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres(url: str, statement: str) -> None:
    """One statement on the server of ``url`` (create or drop the load database)."""
    with server_cursor(url) as cursor:
        cursor.execute(statement)


def environment(folder: Path, server: str) -> dict:
    # No broker (set for the server and its worker only, with --broker), and never the
    # unloaded run's tour for the loaded one.
    left_out = {"CELERY_BROKER_URL", "LOAD_TOUR"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env |= {
        "DJANGO_SETTINGS_MODULE": "kla.settings",
        "KLA_VAR_DIR": str(folder / "var"),
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        # runserver is how the app was served before: DEBUG on serves its static files.
        "DEBUG": "1" if server == "runserver" else "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "GUNICORN_ACCESS_LOG": "",
        "AXES_FAILURE_LIMIT": "1000",
    }
    if os.environ.get("DATABASE_URL"):
        url = urlparse(os.environ["DATABASE_URL"])
        name = f"{url.path.lstrip('/')}_load"
        postgres(env["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        postgres(env["DATABASE_URL"], f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = sibling_url(env["DATABASE_URL"], name)
        env["KLA_LOAD_DATABASE"] = name
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=APP, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def seed_demo(env: dict) -> None:
    """The demo data, loaded as a developer would (DEBUG=1 and, where the code has the demo
    guard, its explicit flag); the server then runs with DEBUG off."""
    developer = {**env, "DEBUG": "1"}
    flag = "--saya-tahu-ini-data-demo"
    known = flag in manage(developer, "seed_demo", "--help")
    manage(developer, "seed_demo", *([flag] if known else []))


def start_server(env: dict, server: str, port: int, args, log: Path) -> subprocess.Popen:
    if server == "gunicorn":
        command = [str(BIN / "gunicorn"), "kla.wsgi"]
        env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}"}
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        if args.threads:
            env["GUNICORN_THREADS"] = str(args.threads)
    else:
        command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    out = log.open("w")
    process = subprocess.Popen(command, cwd=APP, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        if process.poll() is not None:
            break
        time.sleep(0.3)
    sys.exit(f"the server did not start:\n{log.read_text()[-3000:]}")


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    """A Celery worker for the server's queued work, as docs/deploy.md runs it."""
    command = [str(BIN / "celery"), "-A", "kla", "worker", "--loglevel=WARNING", "--concurrency=1"]
    out = log.open("w")
    return subprocess.Popen(command, cwd=APP, env=env, stdout=out, stderr=subprocess.STDOUT)


def queued(client) -> int:
    """Tasks waiting in kombu's Redis transport (the default queue's list) or taken by a worker
    and not yet finished (``unacked``)."""
    return client.llen("celery") + client.hlen("unacked")


def broker_busy(broker: str) -> str:
    """Why ``broker`` cannot be used for a run ("" if it can): work left in it (by another
    worker, or a run that was killed) would be taken for this run's, or this run's by it."""
    if queued(redis.Redis.from_url(broker)):
        return (
            f"the broker {broker} has work queued already: give the load test a Redis "
            "database of its own (e.g. redis://127.0.0.1:6379/15)"
        )
    return ""


def drain(broker: str, worker: subprocess.Popen | None = None, seconds: float = 120) -> str:
    """Wait until the worker has done all queued work, so that the integrity check compares
    the snapshots of the last refresh; "" when done, else why not."""
    client = redis.Redis.from_url(broker)
    deadline, empty = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        if worker is not None and worker.poll() is not None:
            return "the Celery worker stopped before the queue was empty (see worker.log)"
        # Empty twice in a row: a worker takes a task off the list just before it records it
        # as unacknowledged.
        empty = 0 if queued(client) else empty + 1
        if empty == 2:
            return ""
        time.sleep(0.5)
    return f"the worker did not finish the queued work within {seconds:.0f} s"


def locust(env: dict, url: str, users: int, rate: float, seconds: int, log: Path, *, pace=None):
    """The unloaded run's tour without ``pace``; the loaded run paced (loadtest/tour.py)."""
    # On a shared machine the load generator must not be the bottleneck: as root it runs with
    # a higher priority than the server and the rest of the machine (nice -5).
    boost = ["nice", "-n", "-5"] if os.geteuid() == 0 else []
    command = [
        *boost, str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
        "--host", url, "-u", str(users), "-r", str(rate), "-t", f"{seconds}s",
        "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10",
    ]  # fmt: skip
    subprocess.run(
        command,
        cwd=ROOT,
        env=env
        | {"LOAD_LOG": str(log), "PYTHONPATH": str(ROOT)}
        | ({"LOAD_TOUR": "1"} if pace is None else {"LOAD_PACE": str(pace)}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def is_error(request: dict) -> bool:
    status = request["status"]
    if request["name"] == "unggah bukti" and status == 400:
        return False  # a refusal with its reason (the entry was verified meanwhile)
    return status == 0 or status >= 400


def requests_of(log: Path) -> list[dict]:
    with log.open() as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return [r for r in records if r["kind"] == "request"]


def report(baseline: Path, loaded: Path, args, started: float, cpu: CpuSampler) -> bool:
    unloaded = {}
    for request in requests_of(baseline):
        unloaded.setdefault(request["name"], []).append(request["ms"])
    medians = {name: percentile(ms, 0.5) for name, ms in unloaded.items()}
    requests = requests_of(loaded)
    logins = [r for r in requests if r["name"] == LOGIN]
    # Steady: 5 s after the last login answered (every user is in and the password hashing of
    # the ramp-up is over), and never before the last user was spawned.
    spawned = started + args.users / args.spawn_rate
    steady_from = max([spawned, *(r["at"] for r in logins)]) + 5
    steady = [r for r in requests if r["at"] >= steady_from and r["name"] != LOGIN]
    window = max(r["at"] for r in requests) - steady_from if steady else 0
    rps = len(steady) / window if window > 0 else 0
    errors = [r for r in requests if is_error(r)]
    ok, unjudged = True, []
    print(f"\n{'page':<20}{'n':>6}{'p50':>8}{'p95':>8}{'p99':>8}{'idle p50':>10}{'5x':>8}  ok")
    for name in sorted({r["name"] for r in steady}):
        ms = [r["ms"] for r in steady if r["name"] == name]
        p95 = percentile(ms, 0.95)
        limit = LIMIT_FACTOR * medians[name] if name in medians else None
        if limit is None:
            unjudged.append(name)
        good = limit is not None and p95 <= limit
        ok &= good
        limit_text = f"{limit:8.0f}" if limit is not None else "     n/a"
        median_text = f"{medians[name]:>10.0f}" if name in medians else "       n/a"
        print(
            f"{name:<20}{len(ms):>6}{percentile(ms, 0.5):>8.0f}{p95:>8.0f}"
            f"{percentile(ms, 0.99):>8.0f}{median_text}{limit_text}  "
            # A page the unloaded run never asked for has no limit: not judged, and not met.
            + ("n/a" if limit is None else "ya" if good else "TIDAK")
        )
    all_ms = [r["ms"] for r in steady]
    print(
        f"{'(all but logins)':<20}{len(all_ms):>6}{percentile(all_ms, 0.5):>8.0f}"
        f"{percentile(all_ms, 0.95):>8.0f}{percentile(all_ms, 0.99):>8.0f}"
    )
    if logins:
        ms = [r["ms"] for r in logins]
        print(
            f"{'login (apart)':<20}{len(ms):>6}{percentile(ms, 0.5):>8.0f}"
            f"{percentile(ms, 0.95):>8.0f}{percentile(ms, 0.99):>8.0f}"
        )
    print(f"\nsteady state: {window:.0f} s, {rps:.1f} requests/s (target >= {TARGET_RPS})")
    print("   " + cpu_line(cpu, steady, steady_from, steady_from + window))
    print("   " + machine_line(cpu, steady_from, steady_from + window))
    print("   " + processes_line(cpu, steady, steady_from, steady_from + window))
    asked = args.users * REQUESTS_PER_ACTION / args.pace
    if asked < TARGET_RPS:  # a run that looks for where the pages hold (docs/deploy.md)
        print(f"   (the users ask for ~{asked:.0f} requests/s: fewer than the target)")
    if unjudged:
        print(
            "   not judged, no unloaded median (a longer --baseline, or a quieter machine): "
            + ", ".join(unjudged)
        )
    print(f"errors: {len(errors)} of {len(requests)} requests (target 0)")
    for error in errors[:10]:
        print("  ", error)
    ok &= not errors and rps >= TARGET_RPS
    return ok


def main() -> None:
    global APP
    args = arguments()
    APP = args.app.resolve()
    if args.broker and (busy := broker_busy(args.broker)):
        sys.exit(busy)
    folder = Path(tempfile.mkdtemp(prefix="kla-load-"))
    env = environment(folder, args.server)
    where = "PostgreSQL " + env["KLA_LOAD_DATABASE"] if "KLA_LOAD_DATABASE" in env else "SQLite"
    print(f"== {args.server} on 127.0.0.1, {where}; {args.users} users, {args.seconds} s")
    print(f"   code: {APP}")
    if args.server == "gunicorn":
        shape = f"{args.workers or 'default'} workers x {args.threads or 'default'} threads"
        print(f"   gunicorn: {shape} (default: the served code's gunicorn.conf.py)")
    print(f"   load on the machine before: {os.getloadavg()[0]:.2f} (1 min average)")
    print(
        f"   Python here: a fixed workload took {python_workload_ms():.1f} ms of CPU "
        "(loadtest/cpu.py; more on a slower machine or interpreter)"
    )
    manage(env, "migrate", "--noinput")
    seed_demo(env)
    if args.server == "gunicorn":
        manage(env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    served = env | ({"CELERY_BROKER_URL": args.broker} if args.broker else {})
    url = f"http://127.0.0.1:{port}"
    baseline, loaded = folder / "baseline.jsonl", folder / "load.jsonl"
    worker = server = None
    unfinished = ""
    try:
        if args.broker:
            print(f"   broker: {args.broker}, one Celery worker")
            worker = start_worker(served, folder / "worker.log")
        server = start_server(served, args.server, port, args, folder / "server.log")
        print(f"== unloaded: 3 users, {args.baseline} s")
        locust(env, url, 3, 3, args.baseline, baseline)
        print(
            f"== loaded: {args.users} users, {args.spawn_rate}/s, {args.seconds} s, "
            f"an action every {args.pace:g} s each"
        )
        started = time.time()
        with CpuSampler(server.pid) as cpu:
            locust(env, url, args.users, args.spawn_rate, args.seconds, loaded, pace=args.pace)
        print(f"   load on the machine after: {os.getloadavg()[0]:.2f} (1 min average)")
    finally:
        # The worker is stopped whatever happened, never left to take a later run's work.
        try:
            if server is not None:
                server.send_signal(signal.SIGTERM if args.server == "gunicorn" else signal.SIGINT)
                server.wait(timeout=60)
            if worker is not None:
                unfinished = drain(args.broker, worker)
        finally:
            if worker is not None:
                worker.terminate()  # a warm shutdown: the task at hand is finished first
                worker.wait(timeout=60)
    if unfinished:
        sys.exit(unfinished)
    targets = report(baseline, loaded, args, started, cpu)
    combined = folder / "all.jsonl"
    combined.write_text(baseline.read_text() + loaded.read_text())
    code = f"exec(open({str(ROOT / 'loadtest' / 'integrity.py')!r}).read())"
    out = manage(env | {"LOAD_LOG": str(combined)}, "shell", "-c", code)
    integrity = json.loads(out.strip().splitlines()[-1])
    problems = integrity.pop("problems")
    print(f"\n== integrity: {json.dumps(integrity)}")
    print("   " + ("OK: no problem" if not problems else f"{len(problems)} PROBLEMS"))
    for problem in problems[:20]:
        print("  ", problem)
    if "KLA_LOAD_DATABASE" in env and not args.keep:
        postgres(os.environ["DATABASE_URL"], f'DROP DATABASE "{env["KLA_LOAD_DATABASE"]}"')
    print(f"   logs: {folder}")
    sys.exit(0 if targets and not problems else 1)


if __name__ == "__main__":
    main()
