"""A user holding a temporary password (set by an Admin KLA) goes to the password page before
anything else: every other page redirects there until the password is changed."""

from django.shortcuts import redirect
from django.urls import reverse

# What a user with a temporary password may still reach.
ALLOWED = ("accounts:password-change", "logout", "set_language")


class TemporaryPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in ALLOWED}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password-change")
        return self.get_response(request)
