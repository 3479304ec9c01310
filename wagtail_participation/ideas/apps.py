from django.utils.translation import gettext_lazy as _

from wagtail_participation.core import app_checks


class WagtailParticipationIdeasConfig(app_checks.ParticipationAppConfig):
    name = "wagtail_participation.ideas"
    label = "wagtail_participation_ideas"
    verbose_name = _("Idea boards")
    default_auto_field = "django.db.models.BigAutoField"
    requires = ("wagtail_participation.core", "wagtail_participation.projects")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the system checks and receivers)
