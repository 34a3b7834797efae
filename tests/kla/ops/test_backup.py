"""Backups that restore: the demo city backed up, restored into a fresh database and evidence
storage (a second PostgreSQL database when DATABASE_URL is set, as in CI), scoring the same."""

import hashlib
import io
import json
import os
import sys
import tarfile
from pathlib import Path

import pytest

from kla.ops.backup import FORMAT, BackupError, prune, read_manifest, verify_archive

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
import inspect, tarfile
vars(tarfile).pop("data_filter", None)
if "filter" in inspect.signature(tarfile.TarFile.extract).parameters:
    extract, extractall = tarfile.TarFile.extract, tarfile.TarFile.extractall
    def old_extract(self, member, path="", set_attrs=True, *, numeric_owner=False):
        return extract(self, member, path, set_attrs, numeric_owner=numeric_owner)
    def old_extractall(self, path=".", members=None, *, numeric_owner=False):
        return extractall(self, path, members, numeric_owner=numeric_owner)
    tarfile.TarFile.extract, tarfile.TarFile.extractall = old_extract, old_extractall
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


def archive_of(members: list[tarfile.TarInfo], manifest: dict) -> tarfile.TarFile:
    """An archive in memory: the members (empty), then the manifest."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        for member in members:
            tar.addfile(member, io.BytesIO(b"") if member.isfile() else None)
        text = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(text)
        tar.addfile(info, io.BytesIO(text))
    data.seek(0)
    return tarfile.open(fileobj=data)


def part(name: str, kind: bytes = tarfile.REGTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    return info


EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
DATABASE = {"file": "database.sqlite3", "vendor": "sqlite", "rows": {}}


@pytest.mark.parametrize(
    "manifest",
    [
        {"format": FORMAT, "database": DATABASE, "sha256": {}},  # its checksum left out
        {"format": FORMAT, "database": {"file": "database.sqlite3"}, "sha256": {}},
        {"format": FORMAT, "sha256": {"database.sqlite3": EMPTY_SHA256}},
        {"format": FORMAT, "database": DATABASE, "sha256": ["database.sqlite3"]},
        ["not", "a", "manifest"],
    ],
)
def test_a_manifest_that_leaves_the_database_unchecked_is_refused(manifest):
    refused = pytest.raises(BackupError, match="Manifest tidak lengkap|bukan arsip cadangan")
    with archive_of([part("database.sqlite3")], manifest) as tar, refused:
        read_manifest(tar)


def test_a_part_that_is_a_folder_or_missing_is_refused_with_its_name():
    manifest = {
        "format": FORMAT,
        "database": DATABASE,
        "sha256": {"database.sqlite3": EMPTY_SHA256, "evidence/x": EMPTY_SHA256},
    }
    members = [part("database.sqlite3"), part("evidence/x", tarfile.DIRTYPE)]
    with archive_of(members, manifest) as tar:
        verify_archive(tar, {**manifest, "sha256": {"database.sqlite3": EMPTY_SHA256}})
        with pytest.raises(BackupError, match="Bagian evidence/x bukan berkas biasa"):
            verify_archive(tar, read_manifest(tar))
    missing = pytest.raises(BackupError, match="Bagian evidence/x hilang dari arsip")
    with archive_of([part("database.sqlite3")], manifest) as tar, missing:
        verify_archive(tar, read_manifest(tar))


def test_retention_keeps_the_newest_archives(tmp_path):
    for day in ("20260101", "20260102", "20260103"):
        (tmp_path / f"pantau-kla-{day}-020000.tar.gz").write_bytes(b"x")
    removed = prune(tmp_path, 2)
    assert [path.name for path in removed] == ["pantau-kla-20260101-020000.tar.gz"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "pantau-kla-20260102-020000.tar.gz",
        "pantau-kla-20260103-020000.tar.gz",
    ]
