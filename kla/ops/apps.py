from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the app: background jobs, the health probe, backups and restores."""

    name = "kla.ops"
    label = "ops"
    verbose_name = _("Operasional")
