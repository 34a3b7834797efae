"""The CPU time the served app uses while `make load` runs (run.py). Per request it varies less
from one run to the next than the latencies on a shared machine (1.4x against 6x for the p95
over the same runs), but it moves with the machine's speed too: compare interleaved runs.
Beside it, how busy the whole machine was (the server, PostgreSQL, locust and anything else),
and the time a virtual machine's host took its cores for others (steal): a run whose machine
is nearly full waits for a core whatever the app does. Which processes took the machine (the
server, PostgreSQL when it runs here, locust, the rest) and what a request cost it in all, and
how fast this machine runs Python at the start: the same code costs more CPU on a slower day,
and a faster run may only be a faster machine."""

import math
import os
import threading
import time
from collections import Counter

from kla.ops.processes import descendants, machine_ticks, process_table

GROUPS = ("server", "PostgreSQL", "Celery worker", "locust", "the rest")


class CpuSampler:
    """The CPU time of every running process, the server's (gunicorn's workers and their PDF
    layout children, or runserver) told apart, and the machine's clock ticks, read every second
    while the load runs."""

    def __init__(self, pid: int):
        self.pid = pid
        self.machine: list[tuple[float, tuple[int, int, int]]] = []  # (time, machine_ticks())
        # (time, {(pid, started): (group, CPU seconds so far)}) of every running process
        self.processes: list[tuple[float, dict[tuple[int, int], tuple[str, float]]]] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while True:
            table = process_table()
            tree = {pid: process.parent for pid, process in table.items()}
            try:
                server = set(descendants(self.pid, tree))
            except ProcessLookupError:
                return  # the server has stopped: its last samples stand
            reading = {
                (pid, process.started): (group_of(process.name, pid in server), process.used)
                for pid, process in table.items()
            }
            now, ticks = time.time(), machine_ticks()
            self.processes.append((now, reading))
            if ticks is not None:
                self.machine.append((now, ticks))
            if self.done.wait(1):
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()

    def used(self, start: float, end: float) -> tuple[float, float, Counter] | None:
        """(from, to, {group: CPU seconds}) between the first and the last reading inside
        [start, end]; None under two. A process that started inside counts from its start; one
        that ended inside is left out (what it used inside is lost: rare, gunicorn recycles a
        worker after ~20,000 requests)."""
        ends = first_and_last(self.processes, start, end)
        if ends is None:
            return None
        (first, before), (last, after) = ends
        used = Counter()
        for process, (group, seconds) in after.items():
            used[group] += seconds - before.get(process, (group, 0.0))[1]
        return first, last, used

    def between(self, start: float, end: float) -> tuple[float, float, float] | None:
        """(from, to, the server's CPU seconds) as ``used``."""
        span = self.used(start, end)
        return None if span is None else (span[0], span[1], span[2]["server"])


def group_of(command: str, in_server: bool) -> str:
    """Which of ``GROUPS`` a process with this command name (as the kernel keeps it: at most 15
    characters) belongs to."""
    if in_server:
        return "server"
    if command == "postgres":
        return "PostgreSQL"
    if command.startswith("celery"):
        return "Celery worker"
    return "locust" if command.startswith("locust") else "the rest"


def first_and_last(samples: list[tuple], start: float, end: float) -> tuple | None:
    """The first and the last of the (time, reading) samples inside [start, end]; None under
    two."""
    inside = [sample for sample in samples if start <= sample[0] <= end]
    return (inside[0], inside[-1]) if len(inside) >= 2 else None


def machine_line(cpu: CpuSampler, start: float, end: float) -> str:
    """The whole machine in [start, end]: the share of its cores busy, and stolen."""
    ends = first_and_last(cpu.machine, start, end)
    if ends is None:
        return "machine: not measured (no /proc/stat, or too short a steady state)"
    (_, (busy0, all0, steal0)), (_, (busy1, all1, steal1)) = ends
    ticks = all1 - all0
    if ticks <= 0:
        return "machine: not measured (no clock ticks counted)"
    return (
        f"machine: {(busy1 - busy0) / ticks * 100:.0f}% busy "
        f"(all processes, {os.cpu_count()} cores), {(steal1 - steal0) / ticks * 100:.0f}% stolen"
    )


def cpu_line(cpu: CpuSampler, requests: list[dict], start: float, end: float) -> str:
    """The server's CPU in [start, end]: share of one core and milliseconds a request."""
    span = cpu.between(start, end)
    if span is None:
        return "server CPU: too short a steady state to tell"
    first, last, used = span
    served = served_between(requests, first, last)
    per_request = f"{used / served * 1000:.1f} ms a request" if served else "no request"
    return f"server CPU: {used / (last - first) * 100:.0f}% of a core, {per_request}"


def served_between(requests: list[dict], first: float, last: float) -> int:
    """The requests answered between two samples (each counted in one span only)."""
    return sum(1 for r in requests if first <= r["at"] < last)


def processes_line(cpu: CpuSampler, requests: list[dict], start: float, end: float) -> str:
    """Who used the CPU in [start, end], as shares of one core (``CpuSampler.used``); the
    Celery worker only when there is one (``--broker``). Then what a request cost the whole
    machine, all of them together (a background the load does not grow included), and the rate
    at which that fills every core: the load the machine can take at all. The pages miss their
    target well before it (docs/deploy.md, the load test's runs against the number of users)."""
    span = cpu.used(start, end)
    if span is None:
        return "by process: not measured (too short a steady state)"
    first, last, used = span
    shares = ", ".join(
        f"{group} {used[group] / (last - first) * 100:.0f}%"
        for group in GROUPS
        if group != "Celery worker" or used[group] > 0
    )
    line = f"by process (% of a core): {shares}"
    served, seconds = served_between(requests, first, last), sum(used.values())
    if served and seconds > 0:
        cores = os.cpu_count() or 1
        line += (
            f"; in all {seconds / served * 1000:.1f} ms of CPU a request, "
            f"{cores} cores full at ~{cores * served / seconds:.0f} requests/s"
        )
    return line


def python_workload_ms(rounds: int = 5, clock=time.thread_time) -> float:
    """CPU milliseconds of a fixed pure-Python workload (dictionary and string work, as a web
    request does), the least of ``rounds``: more on a slower machine or interpreter. The
    calling thread's own CPU time (``clock``), whatever else this process runs."""
    least = math.inf
    for _ in range(rounds):
        started = clock()
        counts: dict[str, int] = {}
        for n in range(200_000):
            key = str(n % 997)
            counts[key] = counts.get(key, 0) + n
        sorted(counts.items())
        least = min(least, clock() - started)
    return least * 1000
