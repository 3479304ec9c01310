from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OneQuestionConfig(AppConfig):
    name = "tests.testapp.onequestion"
    label = "testapp_onequestion"
    verbose_name = _("One-question pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (registers the system checks and receivers)
