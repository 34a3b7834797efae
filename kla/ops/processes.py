"""Processes as Linux's /proc shows them: what a server started (tests) and the CPU time it
used (`make load`), and how busy the whole machine is."""

import os
from pathlib import Path
from typing import NamedTuple


def stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name: [state, ppid, ...] (proc(5) fields 3 on)."""
    return parse_stat(Path(f"/proc/{pid}/stat").read_text())[1]


def parse_stat(line: str) -> tuple[str, list[str]]:
    """A stat line's command name (which may hold spaces and parentheses; the kernel cuts it to
    15 characters) and the fields after it."""
    name, rest = line.split("(", 1)[1].rsplit(")", 1)
    return name, rest.split()


def parents() -> dict[int, int]:
    """{pid: parent's pid} of every running process."""
    return {pid: process.parent for pid, process in process_table().items()}


class Process(NamedTuple):
    parent: int  # its pid
    name: str  # the command name
    used: float  # CPU seconds so far
    started: int  # clock ticks after boot: with the pid, names a process (pids are reused)


def process_table() -> dict[int, Process]:
    """Every running process by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            try:
                name, fields = parse_stat(line)
                process = Process(int(fields[1]), name, used_seconds(fields), int(fields[19]))
            except (ValueError, IndexError):
                continue  # a line this code does not know
            found[int(entry.name)] = process
    return found


def children_of(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is ``pid``."""
    found = []
    for child in [child for child, parent in parents().items() if parent == pid]:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        found.append((child, command))
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used."""
    return used_seconds(stat_fields(pid))


def used_seconds(fields: list[str]) -> float:
    """User and system CPU time in a process's stat fields (``stat_fields``)."""
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def gone(pid: int) -> bool:
    """Ended: no such process, or one that only waits to be reaped."""
    try:
        return stat_fields(pid)[0] in {"Z", "X"}
    except FileNotFoundError:
        return True


def descendants(pid: int, tree: dict[int, int] | None = None) -> list[int]:
    """``pid`` and every process under it (children, their children...) in ``tree`` ({pid:
    parent's pid}, running processes by default); ProcessLookupError when ``pid`` has ended."""
    tree = parents() if tree is None else tree
    if pid not in tree:
        raise ProcessLookupError(pid)
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in tree.items() if parent in frontier]
        found += frontier
    return found


PROC_STAT = Path("/proc/stat")


def machine_ticks(stat: Path = PROC_STAT) -> tuple[int, int, int] | None:
    """(busy, all, stolen) clock ticks of every core since boot, from /proc/stat (None where
    there is none): busy is all but idle and waiting for the disk; stolen is counted in all."""
    try:
        first = stat.read_text().split("\n", 1)[0].split()
        user, nice, system, idle, iowait, irq, softirq, steal = map(int, first[1:9])
    except (OSError, ValueError):  # not Linux, or a line this code does not know
        return None
    total = user + nice + system + idle + iowait + irq + softirq + steal
    return total - idle - iowait, total, steal
