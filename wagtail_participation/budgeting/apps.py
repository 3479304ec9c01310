from django.utils.translation import gettext_lazy as _

from wagtail_participation.core import app_checks


class WagtailParticipationBudgetingConfig(app_checks.ParticipationAppConfig):
    name = "wagtail_participation.budgeting"
    label = "wagtail_participation_budgeting"
    verbose_name = _("Participatory budgets")
    default_auto_field = "django.db.models.BigAutoField"
    requires = ("wagtail_participation.core", "wagtail_participation.projects")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the system checks and receivers)
