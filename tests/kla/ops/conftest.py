"""Redis for the tests that need a real broker: the server CI starts (KLA_TEST_REDIS_URL), or a
redis-server started here on a free port. Without Redis those tests are skipped locally and
fail in CI (KLA_NO_SKIPS=1)."""

import os
import shutil
import subprocess
import time

import pytest

from .deployment import free_port, stop


@pytest.fixture(scope="session")
def redis_url():
    if os.environ.get("KLA_TEST_REDIS_URL"):
        yield os.environ["KLA_TEST_REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server tidak ditemukan (apt-get install redis-server)"
        if os.environ.get("KLA_NO_SKIPS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    yield f"redis://127.0.0.1:{port}/0"
    stop(process)
