from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailParticipationIdeasConfig(AppConfig):
    name = "wagtail_participation.ideas"
    label = "wagtail_participation_ideas"
    verbose_name = _("Idea boards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the system checks and receivers)
