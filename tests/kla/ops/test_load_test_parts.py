"""The parts `make load` stands on that a load run alone would not check: the gunicorn worker's
garbage-collector settings, the unloaded run's tour of every action, the cookies read from
either kind of client session, the wait for a worker's queue and the server's CPU time (its
reading of the real entry page: test_entry_submit.py)."""

import argparse
import gc
import http.cookiejar
import json
import os
import random
import runpy
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests

from kla.ops.processes import machine_ticks, parse_stat, process_table
from loadtest import pages, run
from loadtest.cpu import (
    GROUPS,
    CpuSampler,
    cpu_line,
    group_of,
    machine_line,
    processes_line,
    python_workload_ms,
)
from loadtest.tour import Either, Tour, paced

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def gc_settings_restored():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_a_gunicorn_worker_moves_the_loaded_app_out_of_the_collectors_way(gc_settings_restored):
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)  # Python's defaults

    config["post_worker_init"](None)

    assert gc.get_freeze_count() > 10_000  # the app's modules and objects, never scanned again
    assert gc.get_threshold()[0] >= 10_000  # young objects collected less often


def test_the_tour_takes_each_action_once_in_turn():
    def first():
        pass

    def second():
        pass

    # locust's task list repeats an action by its weight; the tour keeps each once.
    tour = Tour([first, first, first, second])

    picked = [random.choice(tour) for _ in range(5)]

    assert picked == [first, second, first, second, first]


def test_either_gives_yes_and_no_in_turn_in_the_tour_and_by_chance_otherwise():
    in_tour = Either(0.7, tour=True)
    by_chance = Either(0.7, tour=False, chance=iter([0.1, 0.69, 0.7, 0.95]).__next__)

    assert [in_tour() for _ in range(4)] == [True, False, True, False]  # both get a median
    assert [by_chance() for _ in range(4)] == [True, True, False, False]


def a_cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return requests.cookies.create_cookie(name, value, domain="127.0.0.1")


def test_a_paced_user_starts_each_action_a_period_after_the_previous_began():
    times = iter([0.0, 0.0, 1.3, 1.5, 3.6, 4.0]).__next__

    class User:  # as locust calls it: the class's wait_time, bound to the user
        wait_time = paced(0.8, 1.2, clock=times, period=lambda low, high: (low + high) / 2)

    one, other = User(), User()

    pauses = [f() for f in (one.wait_time, other.wait_time, one.wait_time, other.wait_time)]
    pauses += [one.wait_time(), one.wait_time()]

    # one: the first pause is the whole period; an action of 0.3 s leaves 0.7 s of the next
    # second; one of 1.6 s (longer than its period) is followed at once; then 0.4 s → 0.6 s.
    # other keeps its own pace: its action took 0.5 s.
    assert [round(p, 6) for p in pauses] == [1.0, 1.0, 0.7, 0.5, 0.0, 0.6]


@pytest.mark.parametrize("pace", ["0", "-1", "nan", "inf", "soon"])
def test_the_load_run_refuses_a_pace_that_is_not_a_positive_number_of_seconds(
    pace, monkeypatch, capsys
):
    monkeypatch.setattr(sys, "argv", ["run.py", "--pace", pace])

    with pytest.raises(SystemExit) as stopped:
        run.arguments()

    assert stopped.value.code == 2
    assert f"not a positive number of seconds: {pace!r}" in capsys.readouterr().err


def run_py(*args: str, env: dict) -> subprocess.CompletedProcess:
    """loadtest/run.py with ``args``, as `make load` starts it (for the runs that must stop
    before they start anything)."""
    command = [sys.executable, str(ROOT / "loadtest" / "run.py"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def test_a_run_with_a_bad_pace_stops_before_creating_anything(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # where the run's throwaway folder would be

    result = run_py("--pace", "0", env=env)

    assert result.returncode == 2
    assert "not a positive number of seconds: '0'" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no folder, so no database, server or users


def test_the_load_run_paces_one_action_a_second_unless_told(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["run.py"])
    assert run.arguments().pace == 1.0
    monkeypatch.setattr(sys, "argv", ["run.py", "--pace", "2.5"])
    assert run.arguments().pace == 2.5


def test_the_csrf_token_is_read_from_a_requests_session_and_from_a_bare_cookie_jar():
    session = requests.Session()
    session.cookies.set_cookie(a_cookie("csrftoken", "dari-requests"))

    class FastSession:  # locust's FastHttpSession keeps its cookies in ``cookiejar``
        cookiejar = http.cookiejar.CookieJar()

    FastSession.cookiejar.set_cookie(a_cookie("sessionid", "x"))
    FastSession.cookiejar.set_cookie(a_cookie("csrftoken", "dari-cookiejar"))

    assert pages.csrf(session) == {"csrfmiddlewaretoken": "dari-requests"}
    assert pages.csrf(FastSession()) == {"csrfmiddlewaretoken": "dari-cookiejar"}
    assert pages.cookie(requests.Session(), "csrftoken") == ""


@pytest.fixture
def spare_redis(redis_url):
    """A Redis database no test worker listens on, emptied before and after."""
    url = redis_url.rsplit("/", 1)[0] + "/15"
    client = redis.Redis.from_url(url)
    client.delete("celery", "unacked")
    yield url, client
    client.delete("celery", "unacked")


def test_the_load_run_waits_for_the_queued_work_before_checking(spare_redis):
    url, client = spare_redis
    client.rpush("celery", "a task not yet taken")
    assert "did not finish" in run.drain(url, seconds=1)

    client.delete("celery")
    client.hset("unacked", "tag", "a task taken, not finished")
    assert "did not finish" in run.drain(url, seconds=1)

    client.delete("unacked")
    assert run.drain(url, seconds=2) == ""  # nothing waits: done


def test_a_worker_that_died_is_reported_at_once(spare_redis):
    url, client = spare_redis
    client.rpush("celery", "a task nobody will take")
    dead = subprocess.Popen(["true"])
    dead.wait()

    assert "stopped" in run.drain(url, dead, seconds=30)


def test_a_broker_with_work_left_in_it_is_refused_before_the_run(spare_redis):
    url, client = spare_redis
    assert run.broker_busy(url) == ""

    client.hset("unacked", "tag", "left by a run that was killed")

    assert "of its own" in run.broker_busy(url)


def test_a_run_with_a_busy_broker_stops_before_creating_anything(spare_redis, tmp_path):
    """Refused at once: no load database, no throwaway folder, no server or worker."""
    url, client = spare_redis
    client.rpush("celery", "someone else's task")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["TMPDIR"] = str(tmp_path)  # where the run's throwaway folder would be made

    result = run_py("--broker", url, env=env)

    assert result.returncode == 1
    assert "has work queued already" in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert client.lrange("celery", 0, -1) == [b"someone else's task"]  # left as it was


BURN = """
import subprocess, sys, time
if sys.argv[1:] == ["child"]:
    end = time.process_time() + 0.6
    while time.process_time() < end:
        pass
    time.sleep(4)  # still running when the test stops sampling
else:
    subprocess.run([sys.executable, __file__, "child"])
"""


def test_the_cpu_of_a_server_and_the_processes_under_it_is_measured(tmp_path):
    """A parent that only waits for its child, which burns 0.6 s of CPU: the sampler of the
    parent counts the child's time (as gunicorn's master counts its workers')."""
    script = tmp_path / "burn.py"
    script.write_text(BURN)
    started = time.time()
    parent = subprocess.Popen([sys.executable, str(script)])
    try:
        with CpuSampler(parent.pid) as cpu:
            time.sleep(3)  # samples at about 0, 1 and 2 s
    finally:
        parent.wait(timeout=30)
    _first, _last, used = cpu.between(started, time.time())
    assert 0.5 <= used < 2


def test_the_cpu_line_gives_the_share_of_a_core_and_the_time_a_request():
    cpu = CpuSampler(pid=os.getpid())
    cpu.processes = [
        (at, {(1, 7): ("server", used), (2, 7): ("PostgreSQL", 5 * used)})
        for at, used in [(100.0, 1.0), (101.0, 1.5), (102.0, 2.0), (103.0, 9.0)]
    ]
    requests = [{"at": 100.5}] * 50 + [{"at": 101.5}] * 50 + [{"at": 102.5}] * 10
    # Between the first and the last sample inside [100, 102]: 1 s of CPU in 2 s, 100 requests.
    assert cpu_line(cpu, requests, 100, 102) == "server CPU: 50% of a core, 10.0 ms a request"
    assert "too short" in cpu_line(cpu, requests, 100.2, 100.9)


def test_the_machine_line_gives_the_share_of_every_core_busy_and_stolen(tmp_path):
    stat = tmp_path / "stat"
    # user nice system idle iowait irq softirq steal guest guest_nice, then one line per core
    stat.write_text("cpu  600 100 200 1000 50 0 30 20 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n")
    assert machine_ticks(stat) == (950, 2000, 20)  # idle and iowait are not busy
    assert machine_ticks(tmp_path / "none") is None  # not Linux: not measured

    cpu = CpuSampler(pid=os.getpid())
    cpu.machine = [(100.0, (950, 2000, 20)), (101.0, (1100, 2200, 30)), (102.0, (1250, 2400, 40))]
    # Between the first and the last sample inside [100, 102]: 300 of 400 ticks busy, 20 stolen.
    assert machine_line(cpu, 100, 102) == (
        f"machine: 75% busy (all processes, {os.cpu_count()} cores), 5% stolen"
    )
    assert "not measured" in machine_line(cpu, 100.2, 100.9)


def test_the_sampler_reads_the_machine_while_the_load_runs():
    # Linux (the machines this runs on): /proc/stat counts every core's ticks as they pass.
    busy, total, _steal = machine_ticks()
    time.sleep(0.2)
    busy2, total2, _ = machine_ticks()
    assert total2 > total and busy2 >= busy
    with CpuSampler(pid=os.getpid()) as cpu:
        time.sleep(0.2)  # the first reading is taken at once
    assert cpu.machine and cpu.machine[0][1][1] >= total2


def test_a_line_the_code_does_not_know_is_not_measured(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  600 100\n")
    assert machine_ticks(stat) is None
    stat.write_text("cpu  a b c d e f g h\n")
    assert machine_ticks(stat) is None


def test_the_processes_line_gives_each_groups_share_of_a_core():
    cpu = CpuSampler(pid=os.getpid())
    cpu.processes = [
        (100.0, {(1, 5): ("server", 10.0), (2, 5): ("PostgreSQL", 3.0), (3, 5): ("locust", 1.0),
                 (9, 5): ("server", 5.0), (8, 5): ("the rest", 7.0)}),
        (101.0, {(1, 5): ("server", 11.0), (2, 5): ("PostgreSQL", 3.2), (3, 5): ("locust", 1.1)}),
        # 9 ended (left out); 4 started inside (counted from its start); pid 8 is another
        # process now, started later: counted from its own start, not against the first one's.
        (102.0, {(1, 5): ("server", 12.6), (2, 5): ("PostgreSQL", 3.4), (3, 5): ("locust", 1.2),
                 (4, 90): ("the rest", 0.1), (8, 95): ("the rest", 0.3)}),
    ]  # fmt: skip
    # 100 requests answered between the first and the last sample; one after the last.
    requests = [{"at": 100.5}] * 60 + [{"at": 101.5}] * 40 + [{"at": 102.0}]
    cores = os.cpu_count()
    # 3.6 s of CPU in all (2.6 + 0.4 + 0.2 + 0.4) for 100 requests: 36 ms a request.
    assert processes_line(cpu, requests, 100, 102) == (
        "by process (% of a core): server 130%, PostgreSQL 20%, locust 10%, the rest 20%; "
        f"in all 36.0 ms of CPU a request, {cores} cores full at ~{cores * 1000 / 36:.0f} "
        "requests/s"
    )
    assert processes_line(cpu, [], 100, 102).endswith("the rest 20%")  # no request: no cost
    assert cpu.between(100, 102) == (100.0, 102.0, pytest.approx(2.6))
    assert "not measured" in processes_line(cpu, requests, 100.2, 100.9)
    cpu.processes[-1][1][(7, 99)] = ("Celery worker", 0.5)  # with --broker: shown
    line = processes_line(cpu, requests, 100, 102)
    assert "Celery worker 25%" in line and "in all 41.0 ms of CPU a request" in line
    idle = CpuSampler(pid=os.getpid())
    idle.processes = [(at, {(1, 5): ("server", 1.0)}) for at in (100.0, 101.0)]
    assert processes_line(idle, requests, 100, 102).endswith("the rest 0%")  # no CPU: no cost


def test_processes_are_grouped_by_the_servers_tree_and_their_command():
    assert group_of("python3.11", in_server=True) == "server"  # a PDF layout child too
    assert group_of("postgres", in_server=True) == "server"  # under the server: the server's
    assert group_of("postgres", in_server=False) == "PostgreSQL"
    assert group_of("locust", in_server=False) == "locust"
    assert group_of("celery", in_server=False) == "Celery worker"
    assert group_of("redis-server", in_server=False) == "the rest"


def test_a_stat_line_gives_its_name_with_spaces_and_parentheses_and_the_fields_after_it():
    line = "4242 (a b) (c) S 17 4242 4242 0 -1 4194560 9 0 0 0 250 50 0 0 20 0 1 0 777 9 9\n"
    name, fields = parse_stat(line)
    assert name == "a b) (c"
    assert fields[:2] == ["S", "17"] and fields[11:13] == ["250", "50"] and fields[19] == "777"


def test_the_process_table_holds_a_running_child_with_its_parent_and_start():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        table = process_table()
        assert table[child.pid].parent == os.getpid()
        assert table[child.pid].started >= table[os.getpid()].started
        assert table[os.getpid()].used > 0  # this process has run Python
    finally:
        child.kill()
        child.wait()


def test_the_sampler_sorts_the_running_processes_into_groups():
    with CpuSampler(pid=os.getpid()) as cpu:
        pass  # the first reading is taken at once
    _at, processes = cpu.processes[0]
    mine = [group for (pid, _started), (group, _used) in processes.items() if pid == os.getpid()]
    assert mine == ["server"]  # the "server" here: this test's process
    assert {group for group, _used in processes.values()} <= set(GROUPS)


def test_the_python_workload_gives_the_least_cpu_time_of_its_rounds_in_milliseconds():
    ticks = iter([0.0, 0.050, 1.0, 1.030, 2.0, 2.045])  # three rounds: 50, 30 and 45 ms
    assert python_workload_ms(rounds=3, clock=lambda: next(ticks)) == pytest.approx(30.0)
    assert python_workload_ms(rounds=1) > 0  # the real clock: it does take time


def write_log(path: Path, requests: list[tuple[str, float]]) -> Path:
    """A locust log (locustfile.log) of answered requests: (page, time)."""
    records = [
        {"kind": "request", "name": name, "ms": 40.0, "at": at, "status": 200}
        for name, at in requests
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


@pytest.mark.parametrize("unloaded_pages", [("isian", "simpan isian"), ("isian",)])
def test_a_page_the_unloaded_run_did_not_reach_fails_the_run(tmp_path, capsys, unloaded_pages):
    """60 requests/s at the unloaded median: every target met, unless a page has no median."""
    baseline = write_log(tmp_path / "baseline.jsonl", [(name, 990.0) for name in unloaded_pages])
    # 50 users spawned at 5/s from 1,000: steady from 1,015 (no login); 30 s at 60 a second.
    steady = [(("isian", "simpan isian")[n % 2], 1015 + n / 60) for n in range(1801)]
    loaded = write_log(tmp_path / "load.jsonl", steady)
    args = argparse.Namespace(users=50, spawn_rate=5, pace=1.0)

    met = run.report(baseline, loaded, args, 1000.0, CpuSampler(pid=os.getpid()))

    out = capsys.readouterr().out
    assert "60.0 requests/s" in out
    if len(unloaded_pages) == 2:
        assert met and "not judged" not in out
    else:
        assert not met
        assert "not judged, no unloaded median" in out and out.count("simpan isian") == 2
