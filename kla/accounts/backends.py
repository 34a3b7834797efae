"""How a request's user is loaded from the session (settings.AUTHENTICATION_BACKENDS)."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class UserBackend(ModelBackend):
    """Django's ModelBackend, whose user comes with their city, province and OPD: the navbar
    shows them and the access checks read them on nearly every page, one query each before."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("kabupaten", "provinsi", "opd").get(
                pk=user_id
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
