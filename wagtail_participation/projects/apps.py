from django.core.checks import Tags, register
from django.utils.translation import gettext_lazy as _

from wagtail_participation.core import app_checks


class WagtailParticipationProjectsConfig(app_checks.ParticipationAppConfig):
    name = "wagtail_participation.projects"
    label = "wagtail_participation_projects"
    verbose_name = _("Participation projects")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): the checks module imports core, whose models are loaded only now.
        from . import checks

        register(checks.check_core_installed, Tags.compatibility)
