"""Admin side of wagtail-participation: the moderation queue and listings (wagtail-modeladmin)."""
