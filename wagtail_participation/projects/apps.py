from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailParticipationProjectsConfig(AppConfig):
    name = "wagtail_participation.projects"
    label = "wagtail_participation_projects"
    verbose_name = _("Participation projects")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
