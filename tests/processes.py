"""Processes as Linux's /proc shows them, for tests that check what a server started."""

import os
from pathlib import Path


def stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name: [state, ppid, ...] (proc(5) fields 3 on)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def children_of(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int(stat_fields(int(entry.name))[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if parent == pid:
            found.append((int(entry.name), command))
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used."""
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def gone(pid: int) -> bool:
    """Ended: no such process, or one that only waits to be reaped."""
    try:
        return stat_fields(pid)[0] in {"Z", "X"}
    except FileNotFoundError:
        return True
