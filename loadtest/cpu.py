"""The CPU time the served app uses while `make load` runs (run.py). Per request it varies less
from one run to the next than the latencies on a shared machine (1.4x against 6x for the p95
over the same runs), but it moves with the machine's speed too: compare interleaved runs.
Beside it, how busy the whole machine was (the server, PostgreSQL, locust and anything else),
and the time a virtual machine's host took its cores for others (steal): a run whose machine
is nearly full waits for a core whatever the app does. Which processes took the machine (the
server, PostgreSQL when it runs here, locust, the rest), and how fast this machine runs Python
at the start: the same code costs more CPU on a slower day, and a faster run may only be a
faster machine."""

import math
import os
import threading
import time
from collections import Counter

from kla.ops.processes import descendants, machine_ticks, process_table

GROUPS = ("server", "PostgreSQL", "locust", "the rest")


class CpuSampler:
    """The CPU time of the server's processes (gunicorn's workers and their PDF layout children,
    or runserver) and of every process by group (``GROUPS``), read every second while the load
    runs."""

    def __init__(self, pid: int):
        self.pid = pid
        self.samples: list[tuple[float, float]] = []  # (time.time(), CPU seconds so far)
        self.machine: list[tuple[float, tuple[int, int, int]]] = []  # (time, machine_ticks())
        # (time, {pid: (group, CPU seconds so far)}) of every running process
        self.processes: list[tuple[float, dict[int, tuple[str, float]]]] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while True:
            table = process_table()
            tree = {pid: parent for pid, (parent, _name, _used) in table.items()}
            try:
                server = set(descendants(self.pid, tree))
            except ProcessLookupError:
                return  # the server has stopped: its last samples stand
            now = time.time()
            self.samples.append((now, sum(table[pid][2] for pid in server)))
            self.processes.append(
                (
                    now,
                    {
                        pid: (group_of(name, pid in server), used)
                        for pid, (_, name, used) in table.items()
                    },
                )
            )
            ticks = machine_ticks()
            if ticks is not None:
                self.machine.append((time.time(), ticks))
            if self.done.wait(1):
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()

    def between(self, start: float, end: float) -> tuple[float, float, float] | None:
        """(from, to, CPU seconds) over the samples inside [start, end]; None under two."""
        ends = first_and_last(self.samples, start, end)
        if ends is None:
            return None
        (first, used_first), (last, used_last) = ends
        return first, last, used_last - used_first


def group_of(command: str, in_server: bool) -> str:
    """Which of ``GROUPS`` a process with this command name belongs to."""
    if in_server:
        return "server"
    if command == "postgres":
        return "PostgreSQL"
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
    served = sum(1 for r in requests if first <= r["at"] < last)
    per_request = f"{used / served * 1000:.1f} ms a request" if served else "no request"
    return f"server CPU: {used / (last - first) * 100:.0f}% of a core, {per_request}"


def processes_line(cpu: CpuSampler, start: float, end: float) -> str:
    """Who used the CPU in [start, end], as shares of one core: a process that started inside
    counts from its start, one that ended inside is left out."""
    ends = first_and_last(cpu.processes, start, end)
    if ends is None:
        return "by process: not measured (too short a steady state)"
    (first, before), (last, after) = ends
    used = Counter()
    for pid, (group, seconds) in after.items():
        earlier = before.get(pid)
        used[group] += max(0.0, seconds - (earlier[1] if earlier else 0.0))
    shares = ", ".join(f"{group} {used[group] / (last - first) * 100:.0f}%" for group in GROUPS)
    return f"by process (% of a core): {shares}"


def python_speed_ms(rounds: int = 5) -> float:
    """CPU milliseconds of a fixed pure-Python workload (dictionary and string work, as a web
    request does), the least of ``rounds``: how fast this machine runs Python now."""
    best = math.inf
    for _ in range(rounds):
        started = time.process_time()
        counts: dict[str, int] = {}
        for n in range(200_000):
            key = str(n % 997)
            counts[key] = counts.get(key, 0) + n
        sorted(counts.items())
        best = min(best, time.process_time() - started)
    return best * 1000
