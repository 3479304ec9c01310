from django.db import models
from django.utils.translation import gettext_lazy as _


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REJECTED = "rejected", _("Rejected")


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: nothing shows until a moderator approves it")
    POST = "post", _("Post-moderation: contributions show at once and can be hidden")
