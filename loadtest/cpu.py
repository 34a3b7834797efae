"""The CPU time the served app uses while `make load` runs (run.py). Per request it varies less
from one run to the next than the latencies on a shared machine (1.4x against 6x for the p95
over the same runs), but it moves with the machine's speed too: compare interleaved runs.
Beside it, how busy the whole machine was (the server, PostgreSQL, locust and anything else),
and the time a virtual machine's host took its cores for others (steal): a run whose machine
is nearly full waits for a core whatever the app does."""

import os
import threading
import time

from kla.ops.processes import machine_ticks, tree_cpu_seconds


class CpuSampler:
    """The CPU time of the server's processes (gunicorn's workers and their PDF layout children,
    or runserver), read every second while the load runs."""

    def __init__(self, pid: int):
        self.pid = pid
        self.samples: list[tuple[float, float]] = []  # (time.time(), CPU seconds so far)
        self.machine: list[tuple[float, tuple[int, int, int]]] = []  # (time, machine_ticks())
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while True:
            try:
                self.samples.append((time.time(), tree_cpu_seconds(self.pid)))
            except ProcessLookupError:
                return  # the server has stopped: its last samples stand
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
