"""Security headers every response of the app gets (docs/deployment-security.md).

- ``Permissions-Policy``: the browser features the app never uses are switched off.
- ``Cache-Control: private, no-store`` on every page served to a logged-in user (children's data
  must not stay in a shared cache or on the disk of an office PC), unless the view set its own.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response
