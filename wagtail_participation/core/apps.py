from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailParticipationCoreConfig(AppConfig):
    name = "wagtail_participation.core"
    label = "wagtail_participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, install_checks  # noqa: F401  (registers the system checks)
