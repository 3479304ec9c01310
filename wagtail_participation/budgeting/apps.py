from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailParticipationBudgetingConfig(AppConfig):
    name = "wagtail_participation.budgeting"
    label = "wagtail_participation_budgeting"
    verbose_name = _("Participatory budgets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the system checks and receivers)
