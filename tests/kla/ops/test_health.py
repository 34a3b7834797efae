"""The load balancer's probe (/sehat/): up, and down when a part does not answer."""

import subprocess
import sys

from django.urls import reverse

from .deployment import ROOT, base_env, free_port

PROBE = """
import django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="127.0.0.1").get("/sehat/")
print(response.status_code)
print(response.content.decode())
"""


def test_url():
    assert reverse("health") == "/sehat/"


def test_up_names_each_part_and_nothing_else(db, client):
    response = client.get("/sehat/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "database: ok\nevidence-storage: ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_the_storage_check_leaves_no_file_behind(db, client, media_root):
    client.get("/sehat/")
    assert [path for path in media_root.rglob("*") if path.is_file()] == []


def test_database_unreachable_says_so_with_503(tmp_path):
    """A server whose database is down (a PostgreSQL URL on a closed port)."""
    env = {
        **base_env(tmp_path),
        "DATABASE_URL": f"postgres://kla@127.0.0.1:{free_port()}/kla",
        "DB_CONN_MAX_AGE": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    status, body = result.stdout.split("\n", 1)
    assert status == "503", result.stderr[-2000:]
    assert body.strip() == "database: gagal\nevidence-storage: ok"
    assert "127.0.0.1" not in body  # no detail of the failure in the answer (it is logged)


def test_broker_checked_when_configured_and_down_is_503(db, client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/sehat/")
    assert response.status_code == 503
    assert response.content.decode() == "database: ok\nevidence-storage: ok\nbroker: gagal\n"


def test_storage_unwritable_is_503(db, client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the evidence folder should be")
    settings.MEDIA_ROOT = blocker
    response = client.get("/sehat/")
    assert response.status_code == 503
    assert "evidence-storage: gagal" in response.content.decode()
