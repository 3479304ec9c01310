from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NetworkClaim(models.Model):
    """One anonymous answer taken from one client network in one scope (a poll, a survey) until
    ``expires_at`` (see ``core.network_claims``).

    ``network_key`` is a keyed hash (HMAC with the site's SECRET_KEY) of the network, never the
    address; the unique constraint makes a second claim fail while the first holds, whatever
    the timing. Expired rows are taken over by a conditional update, and deleted by
    ``participation_retention``.
    """

    scope = models.CharField(_("scope"), max_length=100)
    network_key = models.CharField(_("network key"), max_length=64)
    expires_at = models.DateTimeField(_("expires"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("network claim")
        verbose_name_plural = _("network claims")
        constraints = [
            models.UniqueConstraint(fields=["scope", "network_key"], name="wp_networkclaim_once"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} until {self.expires_at:%Y-%m-%d %H:%M}"
