"""After the load: is everything that was accepted really there, and nothing else?

Run inside the loaded deployment (``manage.py shell -c``, by run.py) with LOAD_LOG naming the
JSON-lines log of locustfile.py. Prints one JSON object: counts and a list of problems.
"""

import hashlib
import json
import os
from collections import Counter
from decimal import Decimal

from evaluations.models import AuditRecord, Cycle, Evidence, ScoreSnapshot
from evaluations.scores.loader import load_cycle_data

CENT = Decimal("0.01")


def read_log(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as log:
        return [json.loads(line) for line in log if line.strip()]


def check_saves(saves: list[dict], problems: list[str]) -> dict:
    """Each accepted save: exactly one audit record with its value; a refused one: none."""
    audited = Counter()
    changes = AuditRecord.objects.filter(
        action=AuditRecord.Action.ENTRY_SAVED, entry_id__in={s["entry"] for s in saves}
    ).values_list("entry_id", "changes")
    for entry_id, change in changes:
        if "numerator" in change and change["numerator"][1] is not None:
            audited[(entry_id, Decimal(change["numerator"][1]))] += 1
    accepted = [s for s in saves if s["status"] == 302]
    for save in saves:
        count = audited[(save["entry"], Decimal(save["value"]))]
        wanted = 1 if save["status"] == 302 else 0
        if count != wanted:
            problems.append(f"save {save} has {count} audit records, expected {wanted}")
    return {"saves_accepted": len(accepted), "saves_refused": len(saves) - len(accepted)}


def check_uploads(uploads: list[dict], problems: list[str]) -> dict:
    stored = {
        evidence.original_name: evidence
        for evidence in Evidence.objects.filter(original_name__in=[u["file"] for u in uploads])
    }
    for upload in uploads:
        evidence = stored.get(upload["file"])
        if not upload["ok"]:
            if evidence is not None:
                problems.append(f"refused upload {upload['file']} was stored")
            continue
        if evidence is None or evidence.sha256 != upload["sha256"]:
            problems.append(f"upload {upload['file']} missing or with another checksum")
            continue
        with evidence.file.storage.open(evidence.file.name, "rb") as stream:
            if hashlib.sha256(stream.read()).hexdigest() != upload["sha256"]:
                problems.append(f"file of {upload['file']} does not match its checksum")
    return {"uploads_stored": sum(1 for u in uploads if u["ok"])}


def check_snapshots(problems: list[str]) -> dict:
    """The stored score snapshots equal a fresh scoring of every cycle and track."""
    compared = 0
    for cycle in Cycle.objects.all():
        data = load_cycle_data(cycle)
        stored = {s.track: s for s in ScoreSnapshot.objects.filter(cycle=cycle)}
        for track, snapshot in stored.items():
            fresh = data.score(track).total.quantize(CENT)
            if snapshot.total != fresh:
                problems.append(f"{cycle} {track}: snapshot {snapshot.total}, fresh {fresh}")
            compared += 1
    return {"snapshots_compared": compared}


def main() -> dict:
    records = read_log(os.environ["LOAD_LOG"])
    problems: list[str] = []
    result = {}
    result |= check_saves([r for r in records if r["kind"] == "save"], problems)
    result |= check_uploads([r for r in records if r["kind"] == "upload"], problems)
    result |= check_snapshots(problems)
    result["reviews"] = sum(1 for r in records if r["kind"] == "review")
    result["submissions"] = sum(1 for r in records if r["kind"] == "submit")
    result["problems"] = problems
    return result


print(json.dumps(main()))
