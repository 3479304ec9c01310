from django.utils.translation import gettext_lazy as _

from wagtail_participation.core import app_checks


class WagtailParticipationPetitionsConfig(app_checks.ParticipationAppConfig):
    name = "wagtail_participation.petitions"
    label = "wagtail_participation_petitions"
    verbose_name = _("Petitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the system checks and receivers)

        receivers.connect()  # the page signals, for each concrete petition page type
