"""The load balancer's probe: is this app server able to serve? (django-health-check).

Checks the database (SELECT 1), the evidence storage (write, read, delete a small file) and,
when a broker is configured, the broker (PING). The answer is plain text naming each part as
``ok`` or ``gagal`` with 200 or 503; it carries no data and no error detail (those go to the
log): anyone who can reach the probe learns only whether the parts answer.
"""

import asyncio

from django.conf import settings
from django.http import HttpResponse
from health_check.checks import Database, Storage
from health_check.views import HealthCheckView


def broker_check():
    from health_check.contrib.redis import Redis
    from redis.asyncio import Redis as RedisClient

    url = settings.CELERY_BROKER_URL
    return Redis(client_factory=lambda: RedisClient.from_url(url, socket_connect_timeout=2))


class HealthView(HealthCheckView):
    def named_checks(self) -> list[tuple[str, object]]:
        checks = [("database", Database()), ("evidence-storage", Storage(alias="evidence"))]
        if settings.CELERY_BROKER_URL:
            checks.append(("broker", broker_check()))
        return checks

    async def get(self, request, *args, **kwargs):
        named = self.named_checks()
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for _, check in named))
        lines = [
            f"{name}: {'gagal' if result.error else 'ok'}"
            for (name, _), result in zip(named, results, strict=True)
        ]
        failed = any(result.error for result in results)
        return HttpResponse(
            "\n".join(lines) + "\n",
            status=503 if failed else 200,
            content_type="text/plain; charset=utf-8",
        )


health = HealthView.as_view()
