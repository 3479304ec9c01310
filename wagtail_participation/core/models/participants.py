from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..mailboxes import mailbox_key_or_none


def normalise_email(email: str | None) -> str:
    """The form an address is stored in: trimmed, lower case (identity uses ``mailbox_key``)."""
    return (email or "").strip().lower()


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def active(self) -> ParticipantQuerySet:
        """Participants who have not been forgotten ("forget me")."""
        return self.filter(anonymised_at__isnull=True)


class Participant(models.Model):
    """A resident who takes part, with or without a Django user account."""

    email = models.EmailField(
        _("email address"),
        null=True,
        blank=True,
        help_text=_(
            "Where emails go: stored lower case, as first typed. Empty once the participant is "
            "anonymised, and for a site user whose address the site has not verified."
        ),
    )
    mailbox_key = models.CharField(
        _("mailbox key"),
        max_length=254,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The canonical mailbox of the email address (core.mailboxes): one participant per "
            "mailbox, however its address is written. Empty without an address."
        ),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_(
            "Shown next to contributions. Residents who leave it empty appear as 'Resident'."
        ),
    )
    for_council = models.BooleanField(
        _("posts for the council"),
        default=False,
        help_text=_(
            "Council staff (users of the Wagtail admin) may choose to show that they take part "
            "for the council: their name then says so."
        ),
    )
    user = models.OneToOneField(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("site user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
    )
    postcode = models.CharField(_("postcode or ward"), max_length=20, blank=True)
    age_band = models.CharField(_("age band"), max_length=20, blank=True)
    wants_updates = models.BooleanField(
        _("wants updates by email"),
        default=False,
        help_text=_("The resident agreed to receive emails about what happens with their input."),
    )
    language = models.CharField(
        _("language"),
        max_length=15,
        blank=True,
        help_text=_(
            "The language the resident last took part in: emails to them are written in it. "
            "Empty: the site's language."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)
    last_signed_in_at = models.DateTimeField(_("last signed in"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "unsaved", False):
            # A site user's participant while they only view (participants.get_participant):
            # it is stored, as a new row, by participant_for_user when they take part.
            raise ValueError("This participant is not stored: take part through a POST request.")
        # A new participant's key follows its address; code that changes an address later sets
        # the key itself (a participant left without one on purpose keeps it empty).
        if self._state.adding and self.mailbox_key is None and self.email:
            self.mailbox_key = mailbox_key_or_none(self.email)
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        if self.anonymised_at:
            return str(_("Former participant"))
        name = self.display_name or str(_("Resident"))
        if self.for_council:
            return str(_("%(name)s (council)") % {"name": name})
        return name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None or self.user_id is not None

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None
