from django.utils.translation import gettext_lazy as _

from wagtail_participation.core import app_checks


class WagtailParticipationEventsConfig(app_checks.ParticipationAppConfig):
    name = "wagtail_participation.events"
    label = "wagtail_participation_events"
    verbose_name = _("Events and meetings")
    default_auto_field = "django.db.models.BigAutoField"
    requires = (
        "wagtail_participation.core",
        "wagtail_participation.projects",
        "wagtail_participation.surveys",  # the questions at registration
    )

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the system checks and receivers)
