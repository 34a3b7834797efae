"""gunicorn settings, read from the environment (gunicorn loads this file from the working
directory): `make run`, `make load` and the systemd unit of docs/deploy.md all use it."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One process per core, many threads each. Measured with `make load` (50 users, PostgreSQL,
# a shared 2-core machine): 4 workers x 4 threads gave 12-16 requests/s with a p99 of ~17 s,
# because a keep-alive connection waits inside its worker behind that worker's few threads
# (busy with 1 s PBKDF2 logins or slow pages) while other workers idle; 2 x 16 gave ~47
# requests/s with a p99 under 2.5 s. Threads wait on the database and on the password hash
# (which releases the GIL), so more of them cost little memory and no CPU.
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, multiprocessing.cpu_count()))))
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then so a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = "-"
# Behind nginx on the same machine (docs/deploy.md) the proxy's X-Forwarded-* are trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 24+ opens a control socket under ~/.gunicorn: one path for every instance of a
# user, so two servers on one machine (tests, make load) would fight over it. Not needed here.
control_socket_disable = True
