"""The Celery application: the queue for side effects, rescoring, reminders and jobs.

Configured from Django's settings (the ``CELERY_*`` names). Nothing here needs a broker: with
``CELERY_BROKER_URL`` unset, ``evaluations.services.side_effects.after_commit`` runs the same
tasks in-process after commit, so the embedded default needs no Redis.

    celery -A kla worker --loglevel=INFO      # the worker
    celery -A kla beat --loglevel=INFO        # the schedule (deadline reminders at 07:00)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla.settings")

app = Celery("kla")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
