from django.utils.translation import gettext_lazy as _

from wagtail_participation.core import app_checks


class WagtailParticipationSurveysConfig(app_checks.ParticipationAppConfig):
    name = "wagtail_participation.surveys"
    label = "wagtail_participation_surveys"
    verbose_name = _("Surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the system checks and receivers)
