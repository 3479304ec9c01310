from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One email waiting to go out, or sent (the outbox; see ``core.tasks``).

    Written in the same transaction as what causes it, so an email exists exactly when its
    cause committed; a sender claims due rows for a lease, sends, and stamps ``sent_at``.
    """

    to = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    due_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(sent_at__isnull=True), name="wp_outbox_due"
            ),
            models.Index(
                fields=["sent_at"], condition=Q(sent_at__isnull=False), name="wp_outbox_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
