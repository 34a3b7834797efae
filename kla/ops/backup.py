"""Backups that restore: one dated archive with the database, every evidence file and a
manifest of SHA-256 checksums; and the restore that checks all of them.

Archive ``pantau-kla-YYYYmmdd-HHMMSS.tar.gz``:

- ``database.pgdump`` (pg_dump custom format) on PostgreSQL, or ``database.sqlite3`` (a
  consistent copy through SQLite's backup API) on the embedded default;
- ``evidence/<name>``: every file of the evidence storage (disk or object storage);
- ``manifest.json`` (last): the database vendor, the SHA-256 and size of every part, and the
  number of rows of every table as the dump saw them (the restore compares them).
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "pantau-kla-backup"
EVIDENCE = "evidence/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (in Indonesian)."""


def evidence_storage() -> Storage:
    return storages["evidence"]


def sha256_of(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file of ``storage``, walked through the Storage API (disk or S3 alike)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}{sub}/")


def row_counts(cursor) -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (table names from models)
        counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


def pg_environment() -> tuple[list[str], dict]:
    """libpq arguments and environment for pg_dump/pg_restore from Django's connection."""
    settings = connection.settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {result.stderr.strip()[-2000:]}")


def dump_database(folder: Path) -> tuple[Path, dict[str, int]]:
    """The database as one file, and the row counts of the same moment."""
    if connection.vendor == "postgresql":
        target = folder / "database.pgdump"
        args, env = pg_environment()
        # pg_dump reads the snapshot of this transaction: the counts and the dump agree.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(cursor)
            run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={target}", *args],
                env,
            )  # fmt: skip
        return target, counts
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        with copy:
            connection.connection.backup(copy)
        copy.close()
        return target, sqlite_counts(target)
    raise BackupError(f"Basis data {connection.vendor} tidak didukung.")


def sqlite_counts(path: Path) -> dict[str, int]:
    database = sqlite3.connect(path)
    try:
        return {
            model._meta.db_table: database.execute(
                f'SELECT COUNT(*) FROM "{model._meta.db_table}"'  # noqa: S608
            ).fetchone()[0]
            for model in apps.get_models(include_auto_created=True)
        }
    finally:
        database.close()


def add_stream(tar: tarfile.TarFile, arcname: str, stream, size: int) -> str:
    """Add ``stream`` to the archive while hashing it (one read of each file)."""
    digest = hashlib.sha256()

    class Hashing(io.RawIOBase):
        def read(self, n=-1):
            chunk = stream.read(n)
            digest.update(chunk)
            return chunk

    info = tarfile.TarInfo(arcname)
    info.size, info.mtime = size, int(timezone.now().timestamp())
    tar.addfile(info, Hashing())
    return digest.hexdigest()


def create_backup(directory: Path, *, now: datetime.datetime | None = None) -> Path:
    """Write one archive into ``directory`` (under a temporary name until it is complete)."""
    now = timezone.localtime(now or timezone.now())
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"pantau-kla-{now:%Y%m%d-%H%M%S}.tar.gz"
    partial = final.with_suffix(".partial")
    storage = evidence_storage()
    parts = {}
    with tempfile.TemporaryDirectory() as work:
        database, counts = dump_database(Path(work))
        with tarfile.open(partial, "w:gz") as tar:
            size = database.stat().st_size
            with database.open("rb") as stream:
                parts[database.name] = add_stream(tar, database.name, stream, size)
            for name in stored_files(storage):
                with storage.open(name, "rb") as stream:
                    parts[EVIDENCE + name] = add_stream(
                        tar, EVIDENCE + name, stream, storage.size(name)
                    )
            manifest = {
                "format": FORMAT,
                "version": 1,
                "created": now.isoformat(),
                "database": {"vendor": connection.vendor, "file": database.name, "rows": counts},
                "sha256": parts,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            add_stream(tar, "manifest.json", io.BytesIO(data), len(data))
    partial.rename(final)
    return final


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives (names sort by date)."""
    archives = sorted(directory.glob("pantau-kla-*.tar.gz"))
    old = archives[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


# --- Restore ----------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("Arsip tidak berisi manifest.json yang sah.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Berkas ini bukan arsip cadangan Pantau KLA.")
    try:  # the database part among those with a checksum: none is restored unchecked
        database, parts = manifest["database"], manifest["sha256"]
        complete = (
            isinstance(parts, dict)
            and database["file"] in parts
            and {"vendor", "rows"} <= database.keys()
        )
    except (KeyError, TypeError, AttributeError):
        complete = False
    if not complete:
        raise BackupError("Manifest tidak lengkap: bagian basis data tanpa checksum.")
    return manifest


def verify_archive(tar: tarfile.TarFile, manifest: dict) -> None:
    """Every part named by the manifest is in the archive with its checksum."""
    for name, expected in manifest["sha256"].items():
        try:
            stream = tar.extractfile(name)
        except KeyError as error:
            raise BackupError(f"Bagian {name} hilang dari arsip.") from error
        if stream is None:  # a folder or a device under that name: no content to check
            raise BackupError(f"Bagian {name} bukan berkas biasa.")
        if sha256_of(stream)[0] != expected:
            raise BackupError(f"Checksum {name} tidak cocok: arsip rusak atau diubah.")


def target_problems(storage: Storage) -> list[str]:
    problems = []
    if connection.introspection.table_names():
        problems.append(f"basis data {connection.settings_dict['NAME']} tidak kosong")
    if next(stored_files(storage), None) is not None:
        problems.append("penyimpanan bukti tidak kosong")
    return problems


def restore_database(tar: tarfile.TarFile, manifest: dict, *, force: bool) -> None:
    vendor, name = manifest["database"]["vendor"], manifest["database"]["file"]
    if vendor != connection.vendor:
        raise BackupError(f"Arsip dari {vendor} tidak dapat dipulihkan ke {connection.vendor}.")
    with tempfile.TemporaryDirectory() as work:
        # Copied out under a name of ours, so nothing in the archive chooses a path here. Not
        # tar.extract(filter="data"): that filter came with Python 3.11.4, and Debian 12's
        # python3.11 is 3.11.2 (it raised TypeError there).
        source = Path(work) / "database"
        with tar.extractfile(name) as stream, source.open("wb") as copy:
            shutil.copyfileobj(stream, copy)
        if vendor == "postgresql":
            args, env = pg_environment()
            clean = ["--clean", "--if-exists"] if force else []
            connection.close()
            run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *clean,
                 *args, str(source)],
                env,
            )  # fmt: skip
        else:
            connection.ensure_connection()
            backup = sqlite3.connect(source)
            with backup:
                backup.backup(connection.connection)
            backup.close()
            connection.close()


def restore_files(tar: tarfile.TarFile, manifest: dict, storage: Storage) -> int:
    count = 0
    for part, expected in manifest["sha256"].items():
        if not part.startswith(EVIDENCE):
            continue
        name = part.removeprefix(EVIDENCE)
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, File(tar.extractfile(part), name=name))
        with storage.open(saved, "rb") as stream:
            if saved != name or sha256_of(stream)[0] != expected:
                raise BackupError(f"Berkas {name} tidak tersimpan utuh.")
        count += 1
    return count


def check_restored(manifest: dict) -> None:
    """Row counts as the backup saw them; every evidence row's checksum matches its file."""
    from evaluations.models import Evidence

    with connection.cursor() as cursor:
        counts = row_counts(cursor)
    different = {
        table: (rows, counts.get(table))
        for table, rows in manifest["database"]["rows"].items()
        if counts.get(table) != rows
    }
    if different:
        raise BackupError(f"Jumlah baris berbeda setelah pemulihan: {different}")
    storage = evidence_storage()
    for evidence in Evidence.objects.only("file", "sha256").iterator():
        with storage.open(evidence.file.name, "rb") as stream:
            if sha256_of(stream)[0] != evidence.sha256:
                raise BackupError(f"Bukti {evidence.file.name}: checksum tidak cocok.")


def restore_backup(archive: Path, *, force: bool = False) -> dict:
    """Check the archive, refuse a non-empty target (unless ``force``), restore, verify."""
    storage = evidence_storage()
    with tarfile.open(archive, "r:gz") as tar:
        manifest = read_manifest(tar)
        verify_archive(tar, manifest)
        problems = target_problems(storage)
        if problems and not force:
            raise BackupError(
                "Target tidak kosong (" + "; ".join(problems) + "). Pulihkan ke basis data dan "
                "penyimpanan yang kosong, atau tambahkan --paksa untuk menimpanya."
            )
        restore_database(tar, manifest, force=force)
        files = restore_files(tar, manifest, storage)
    check_restored(manifest)
    return {"files": files, "tables": len(manifest["database"]["rows"])}
