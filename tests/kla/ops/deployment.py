"""A fresh deployment, for the tests that need the app as it is really run.

Each gets its own database (a SQLite file, the embedded default; or a new PostgreSQL database
on the server of DATABASE_URL, dropped afterwards), evidence folder, static root and mail
folder. manage.py, gunicorn and the Celery worker run as subprocesses in its environment, so
what is tested is the served app (settings, WSGI stack, processes), not pytest's test database.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from kla.ops.servers import server_cursor, sibling_url

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
# Variables of the outer run that must not leak into a deployment (it has its own).
OWN = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "KLA_VAR_DIR",
    "EMAIL_BACKEND",
    "DEBUG",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited {process.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"port {port} never opened:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Deployment:
    dir: Path
    env: dict = field(default_factory=dict)

    def run(self, *args: str, env: dict | None = None, timeout: float = 300):
        result = subprocess.run(
            args,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(f"{args} exited {result.returncode}:\n{result.stderr[-4000:]}")
        return result.stdout

    def manage(self, *args: str, env: dict | None = None, timeout: float = 300) -> str:
        return self.run(sys.executable, "manage.py", *args, env=env, timeout=timeout)

    def query(self, code: str, env: dict | None = None):
        """Run ``code`` in ``manage.py shell``; it assigns ``result``, returned as JSON."""
        out = self.manage("shell", "-c", f"import json\n{code}\nprint(json.dumps(result))", env=env)
        return json.loads(out.strip().splitlines()[-1])

    @contextmanager
    def served(self, *, threads: int = 8, workers: int = 2, **env) -> Iterator[str]:
        """gunicorn as `make run` and production serve (gunicorn.conf.py), on a free port."""
        port = free_port()
        log = self.dir / f"gunicorn-{port}.log"
        server_env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            **env,
        }
        with log.open("w") as out:
            process = subprocess.Popen(
                [str(BIN / "gunicorn"), "kla.wsgi"],
                cwd=ROOT,
                env=server_env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for_port(port, process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)
        self.server_log = log.read_text()

    @contextmanager
    def worker(self, broker_url: str) -> Iterator[subprocess.Popen]:
        """A real Celery worker (one process, solo pool) reading ``broker_url``."""
        log = self.dir / "worker.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [str(BIN / "celery"), "-A", "kla", "worker", "--pool=solo", "--loglevel=INFO"],
                cwd=ROOT,
                env={**self.env, "CELERY_BROKER_URL": broker_url},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 60
            while "ready." not in log.read_text():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
            yield process
        finally:
            stop(process)

    def mails(self) -> list[str]:
        folder = Path(self.env["EMAIL_FILE_PATH"])
        return [path.read_text() for path in sorted(folder.glob("*.log"))]


def base_env(folder: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in OWN}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "kla.settings",
        "KLA_VAR_DIR": str(folder / "var"),
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONUNBUFFERED": "1",
    }


@contextmanager
def postgres_database(url: str, name: str) -> Iterator[str]:
    """A new, empty database on the server of ``url``; dropped afterwards."""
    with server_cursor(url) as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield sibling_url(url, name)
    finally:
        with server_cursor(url) as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def deployment(folder: Path, *, embedded: bool = False) -> Iterator[Deployment]:
    """A deployment in ``folder``: on the embedded SQLite file when ``embedded`` or when no
    DATABASE_URL is set, else on a new database of that PostgreSQL server."""
    folder.mkdir(parents=True, exist_ok=True)
    env = base_env(folder)
    url = os.environ.get("DATABASE_URL")
    if embedded or not url:
        yield Deployment(folder, env)
        return
    name = f"kla_e2e_{os.getpid()}_{secrets.token_hex(3)}"
    with postgres_database(url, name) as database_url:
        yield Deployment(folder, {**env, "DATABASE_URL": database_url})


def seeded(deploy: Deployment) -> Deployment:
    deploy.manage("migrate", "--noinput")
    # Demo data is loaded as a developer would (DEBUG=1, and the explicit flag off the embedded
    # default: issue 9's guard); the deployment is then served with DEBUG off.
    deploy.manage("seed_demo", "--saya-tahu-ini-data-demo", env={"DEBUG": "1"})
    return deploy


def session() -> requests.Session:
    return requests.Session()
