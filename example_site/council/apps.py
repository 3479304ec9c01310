from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "example_site.council"
    label = "council"
    verbose_name = "Riverside Borough Council"
    default_auto_field = "django.db.models.BigAutoField"
