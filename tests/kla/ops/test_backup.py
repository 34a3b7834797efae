"""Backups that restore: the demo city backed up, restored into a fresh database and evidence
storage (a second PostgreSQL database when DATABASE_URL is set, as in CI), scoring the same."""

import hashlib
import io
import os
import sys
import tarfile
from pathlib import Path

import pytest

from kla.ops.backup import prune

from .deployment import deployment, seeded

SCORES = """
import io
from django.core.management import call_command
from evaluations.models import Cycle
result = {}
for cycle in Cycle.objects.select_related("kabupaten").order_by("year"):
    for track in ("claimed", "verified", "projection"):
        out = io.StringIO()
        call_command("kla_score", kode=cycle.kabupaten.code, tahun=cycle.year, track=track,
                     json=True, stdout=out)
        result[f"{cycle.kabupaten.code} {cycle.year} {track}"] = json.loads(out.getvalue())
"""
ENTRY_COUNT = "from evaluations.models import Entry\nresult = Entry.objects.count()"
# tarfile as Python before 3.11.4 has it (Debian 12's python3.11 is 3.11.2): no extraction
# filters. Loaded into the restoring process as its sitecustomize.
TARFILE_BEFORE_3_11_4 = """
import tarfile
del tarfile.data_filter
extract = tarfile.TarFile.extract
def old_extract(self, member, path="", set_attrs=True, *, numeric_owner=False):
    return extract(self, member, path, set_attrs, numeric_owner=numeric_owner)
tarfile.TarFile.extract = old_extract
"""


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    with deployment(tmp_path_factory.mktemp("source")) as source:
        seeded(source)
        out = source.manage("backup", "--folder", str(source.dir / "backups"))
        archive = Path(out.split("Arsip cadangan: ", 1)[1].split()[0])
        yield source, archive


def test_one_dated_archive_with_database_evidence_and_manifest(backed_up):
    source, archive = backed_up
    assert archive.parent == source.dir / "backups"
    assert archive.name.startswith("pantau-kla-20") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] in {"database.pgdump", "database.sqlite3"} and names[-1] == "manifest.json"
    evidence = {name.removeprefix("evidence/") for name in names if name.startswith("evidence/")}
    assert evidence == set(checksums(source.dir / "media")) and len(evidence) > 100


def test_restore_into_a_fresh_database_and_storage_scores_the_same(backed_up, tmp_path):
    """With the tarfile of Python 3.11.2 (Debian 12's): restore once asked it for a filter."""
    source, archive = backed_up
    old_python = tmp_path / "python-3.11.2"
    old_python.mkdir()
    (old_python / "sitecustomize.py").write_text(TARFILE_BEFORE_3_11_4)
    with deployment(tmp_path / "target") as target:
        path = os.pathsep.join(filter(None, [str(old_python), target.env.get("PYTHONPATH")]))
        assert "data_filter: False" in target.run(
            sys.executable,
            "-c",
            "import tarfile; print('data_filter:', hasattr(tarfile, 'data_filter'))",
            env={"PYTHONPATH": path},
        )
        out = target.manage("restore", str(archive), env={"PYTHONPATH": path})
        assert "semua checksum cocok" in out
        restored_scores = target.query(SCORES)
        restored_files = checksums(target.dir / "media")
    scores = source.query(SCORES)
    cycles = source.query("from evaluations.models import Cycle\nresult = Cycle.objects.count()")
    # Kota Serang's five demo cycles and Banten's generated ones, three tracks each.
    assert cycles > 5 and len(scores) == 3 * cycles
    assert restored_scores == scores
    assert restored_files == checksums(source.dir / "media")


def test_a_non_empty_target_is_refused_and_left_alone(backed_up):
    source, archive = backed_up
    before = source.query(ENTRY_COUNT)
    with pytest.raises(AssertionError, match="Target tidak kosong"):
        source.manage("restore", str(archive))
    assert source.query(ENTRY_COUNT) == before


def test_a_damaged_archive_is_refused_before_anything_is_written(backed_up, tmp_path):
    _, archive = backed_up
    damaged = tmp_path / archive.name
    with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as copy:
        first_pdf = next(name for name in original.getnames() if name.endswith(".pdf"))
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == first_pdf:
                data += b"%"  # one byte more in one evidence file
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    with deployment(tmp_path / "target") as target:
        with pytest.raises(AssertionError, match="Checksum evidence/.* tidak cocok"):
            target.manage("restore", str(damaged))
        tables = "from django.db import connection\nresult = connection.introspection.table_names()"
        assert target.query(tables) == []
        assert not (target.dir / "media").exists()


def test_retention_keeps_the_newest_archives(tmp_path):
    for day in ("20260101", "20260102", "20260103"):
        (tmp_path / f"pantau-kla-{day}-020000.tar.gz").write_bytes(b"x")
    removed = prune(tmp_path, 2)
    assert [path.name for path in removed] == ["pantau-kla-20260101-020000.tar.gz"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "pantau-kla-20260102-020000.tar.gz",
        "pantau-kla-20260103-020000.tar.gz",
    ]
