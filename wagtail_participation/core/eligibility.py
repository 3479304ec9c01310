"""Eligibility: who may take part on a page, beyond "who is signed in" (``core.policy``).

Per page, an editor chooses what a resident needs (``EligibilityPageMixin``'s fields, in its
``eligibility_panels``), and every requirement chosen must hold:

- **signed in** (``eligibility_sign_in``): by email link or as a site user;
- **a confirmed email address** (``eligibility_confirmed_email``);
- **living in the council's area** (``eligibility_in_area`` or ``eligibility_postcodes``: the
  editor's postcode rules, else the developer's ``WAGTAIL_PARTICIPATION_ELIGIBILITY_AREAS``): the resident's postcode matches a rule; a rule
  may name an area ("North: AB1*, AB2*"), which is then the resident's area;
- **at least an age band** (``eligibility_min_age_band``);
- **a voting code** (``eligibility_voting_codes``): single-use codes staff print on letters
  (``core.voting_codes``). ``CodeMode.ACCEPTED``: a code *instead of* the requirements above
  (residents without email); ``CodeMode.REQUIRED``: everybody needs one. Only page types that
  claim codes when residents act (``voting_codes_supported = True``) offer this choice.

``core.policy.decide(participant, action, page, request=request)`` runs these as its fourth
check, for the actions in the page's ``eligibility_actions``: ``eligibility_reason()`` below.
Each refusal (``Reason.POSTCODE_REQUIRED``, ``OUTSIDE_AREA``, ``AGE_BAND_REQUIRED``,
``TOO_YOUNG``, ``VOTING_CODE_REQUIRED``, ``VOTING_CODE_USED``, and the sign-in reasons) comes
with a message and links saying what the resident can do (``eligibility_links()``): sign in,
give their postcode and age band (``wagtail_participation:my_details``), or enter their voting
code (``wagtail_participation:voting_code``).

Postcode rules, one per line or separated by commas, compared without spaces or hyphens and in
upper case: ``AB1 2CD`` (one postcode), ``AB1*`` (every postcode starting so), ``1000-2450``
(a numeric range). ``North: AB1*, AB2*`` puts the rules after the colon in the area "North".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .conf import settings
from .policy import Action, Reason

if TYPE_CHECKING:
    from .models import Participant


class AgeBand(models.TextChoices):
    """The age bands a resident may give (``Participant.age_band``), youngest first."""

    UNDER_16 = "under_16", gettext_lazy("Under 16")
    AGE_16_17 = "16_17", gettext_lazy("16 to 17")
    AGE_18_24 = "18_24", gettext_lazy("18 to 24")
    AGE_25_34 = "25_34", gettext_lazy("25 to 34")
    AGE_35_44 = "35_44", gettext_lazy("35 to 44")
    AGE_45_54 = "45_54", gettext_lazy("45 to 54")
    AGE_55_64 = "55_64", gettext_lazy("55 to 64")
    AGE_65_74 = "65_74", gettext_lazy("65 to 74")
    AGE_75_PLUS = "75_plus", gettext_lazy("75 or older")


AGE_BAND_ORDER: dict[str, int] = {band.value: i for i, band in enumerate(AgeBand)}

#: The minimum age an editor may ask for: (the youngest band allowed, its label).
MINIMUM_AGE_CHOICES = [
    (AgeBand.AGE_16_17.value, gettext_lazy("16 or older")),
    (AgeBand.AGE_18_24.value, gettext_lazy("18 or older")),
    (AgeBand.AGE_25_34.value, gettext_lazy("25 or older")),
    (AgeBand.AGE_65_74.value, gettext_lazy("65 or older")),
]


class CodeMode(models.TextChoices):
    """Whether residents take part with a voting code from a letter (``core.voting_codes``)."""

    NONE = "", gettext_lazy("No voting codes")
    ACCEPTED = "accepted", gettext_lazy("A voting code instead of the requirements above")
    REQUIRED = "required", gettext_lazy("Everybody needs a voting code")


#: The reasons this module gives (``core.policy.Reason`` members).
ELIGIBILITY_REASONS = frozenset(
    {
        Reason.POSTCODE_REQUIRED,
        Reason.OUTSIDE_AREA,
        Reason.AGE_BAND_REQUIRED,
        Reason.TOO_YOUNG,
        Reason.VOTING_CODE_REQUIRED,
        Reason.VOTING_CODE_USED,
    }
)


# Postcodes and areas


def normalise_postcode(postcode: str | None) -> str:
    """A postcode as rules compare it: upper case, without spaces or hyphens."""
    return re.sub(r"[\s\-]+", "", postcode or "").upper()


_RANGE = re.compile(r"^(\d+)-(\d+)$")


@dataclass(frozen=True)
class AreaRule:
    """One postcode rule: ``kind`` "exact", "prefix" or "range"; ``area`` its area's name ("")."""

    kind: str
    value: str
    high: str = ""
    area: str = ""

    def matches(self, postcode: str) -> bool:
        """Whether a normalised ``postcode`` matches."""
        if not postcode:
            return False
        if self.kind == "prefix":
            return postcode.startswith(self.value)
        if self.kind == "range":
            return (
                postcode.isdigit()
                and len(postcode) == len(self.value)
                and self.value <= postcode <= self.high
            )
        return postcode == self.value


def _parse_pattern(pattern: str, area: str) -> AreaRule:
    raw = pattern.strip()
    found = _RANGE.match(raw.replace(" ", ""))
    if found:
        low, high = found.groups()
        if len(low) != len(high) or low > high:
            raise ValidationError(
                _("“%(rule)s” is not a range: both ends need as many digits, lowest first.")
                % {"rule": raw}
            )
        return AreaRule("range", low, high, area)
    if raw.endswith("*"):
        value = normalise_postcode(raw[:-1])
        if not value or "*" in value:
            raise ValidationError(_("“%(rule)s” is not a postcode rule.") % {"rule": raw})
        return AreaRule("prefix", value, area=area)
    value = normalise_postcode(raw)
    if not value or not re.fullmatch(r"[A-Z0-9]+", value):
        raise ValidationError(_("“%(rule)s” is not a postcode rule.") % {"rule": raw})
    return AreaRule("exact", value, area=area)


def parse_area_rules(text: str) -> list[AreaRule]:
    """The rules in an editor's text (see the module's docstring); raises ValidationError.

    Lines starting with ``#`` are comments.
    """
    rules: list[AreaRule] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        area = ""
        if ":" in line:
            area, line = (part.strip() for part in line.split(":", 1))
            if not area or len(area) > 100:
                raise ValidationError(_("An area needs a name before the colon."))
        for pattern in line.split(","):
            if pattern.strip():
                rules.append(_parse_pattern(pattern, area))
    return rules


def rules_from_setting(value: Mapping[str, Iterable[str]] | None) -> list[AreaRule]:
    """The rules of ``WAGTAIL_PARTICIPATION_ELIGIBILITY_AREAS`` ({area name or "": [patterns]})."""
    rules: list[AreaRule] = []
    for area, patterns in (value or {}).items():
        rules.extend(_parse_pattern(pattern, area) for pattern in patterns)
    return rules


def match_postcode(rules: Iterable[AreaRule], postcode: str | None) -> AreaRule | None:
    """The first rule ``postcode`` matches (named areas before the rest), or None."""
    normalised = normalise_postcode(postcode)
    matching = [rule for rule in rules if rule.matches(normalised)]
    named = [rule for rule in matching if rule.area]
    found = named or matching
    return found[0] if found else None


# The page mixin


class EligibilityPageMixin(models.Model):
    """Who may take part on a page: mix into a page built from core's mixins (``PolicyMixin``).

    Add ``eligibility_panels`` to the page's panels (its settings tab, say). Override
    ``eligibility_actions`` (the actions checked), ``voting_codes_supported`` (True when the
    page's views claim codes with ``core.voting_codes.claim_code``), ``voting_code_areas()``
    (the areas staff generate codes for) and ``area_rules()`` (where postcodes come from).
    """

    eligibility_sign_in = models.BooleanField(
        _("must be signed in"),
        default=False,
        help_text=_("Residents sign in by email link or with a login on this site."),
    )
    eligibility_confirmed_email = models.BooleanField(
        _("must have a confirmed email address"), default=False
    )
    eligibility_in_area = models.BooleanField(
        _("must live in the area"),
        default=False,
        help_text=_(
            "Residents give their postcode, which must match the postcodes below, or the "
            "site's own list when they are empty."
        ),
    )
    eligibility_postcodes = models.TextField(
        _("postcodes of the area"),
        blank=True,
        help_text=_(
            "One rule per line or separated by commas: a postcode (AB1 2CD), a beginning (AB1*) "
            "or a numeric range (1000-2450). “North: AB1*, AB2*” names an area. Filled in, only "
            "residents whose postcode matches take part."
        ),
    )
    eligibility_min_age_band = models.CharField(
        _("minimum age"),
        max_length=20,
        blank=True,
        choices=MINIMUM_AGE_CHOICES,
        help_text=_("Residents give their age band; leave empty for any age."),
    )
    eligibility_voting_codes = models.CharField(
        _("voting codes"),
        max_length=10,
        blank=True,
        choices=CodeMode.choices,
        default=CodeMode.NONE,
        help_text=_(
            "Single-use codes printed on letters, for residents without email. Generate them "
            "from the Participation menu."
        ),
    )

    #: The actions the requirements apply to (comments follow the page's own rule).
    eligibility_actions: ClassVar[frozenset[str]] = frozenset(
        {Action.CONTRIBUTE, Action.VOTE, Action.ANSWER, Action.SIGN}
    )
    #: True when the page's views claim a voting code as residents act (``claim_code``).
    voting_codes_supported: ClassVar[bool] = False

    eligibility_panels = [
        MultiFieldPanel(
            [
                FieldPanel("eligibility_sign_in"),
                FieldPanel("eligibility_confirmed_email"),
                FieldPanel("eligibility_in_area"),
                FieldPanel("eligibility_postcodes"),
                FieldPanel("eligibility_min_age_band"),
                FieldPanel("eligibility_voting_codes"),
            ],
            heading=gettext_lazy("Who may take part"),
        )
    ]

    class Meta:
        abstract = True

    if TYPE_CHECKING:  # Page's
        pk: Any
        url: str | None

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        try:
            parse_area_rules(self.eligibility_postcodes)
        except ValidationError as error:
            errors["eligibility_postcodes"] = error
        else:
            if self.eligibility_in_area and not self.area_rules():
                errors["eligibility_postcodes"] = _(
                    "Give the area's postcodes here: this site has no list of its own."
                )
        if self.eligibility_voting_codes and not self.voting_codes_supported:
            errors["eligibility_voting_codes"] = _("This page type does not take voting codes.")
        if errors:
            raise ValidationError(errors)

    def eligibility_applies(self, action: Action | str) -> bool:
        """Whether the requirements apply to ``action`` here."""
        return action in self.eligibility_actions

    def has_eligibility_requirements(self) -> bool:
        return bool(
            self.eligibility_sign_in
            or self.eligibility_confirmed_email
            or self.eligibility_min_age_band
            or self.eligibility_voting_codes
            or self.requires_area()
        )

    def requires_area(self) -> bool:
        """Whether residents must live in the area (postcodes given, or the box ticked)."""
        return bool(self.eligibility_in_area or self.eligibility_postcodes.strip())

    def area_rules(self) -> list[AreaRule]:
        """The postcode rules: the page's, else ``ELIGIBILITY_AREAS`` ([] when neither has any).

        Override to take them from elsewhere (a budget's districts, say).
        """
        if self.eligibility_postcodes.strip():
            try:
                return parse_area_rules(self.eligibility_postcodes)
            except ValidationError:  # saved before validation existed: nobody matches
                return [AreaRule("exact", "\0")]
        return rules_from_setting(settings.ELIGIBILITY_AREAS)

    def area_for_postcode(self, postcode: str | None) -> str | None:
        """The area (a name; "" when the rule names none) of ``postcode``, None when outside."""
        rule = match_postcode(self.area_rules(), postcode)
        return None if rule is None else rule.area

    def voting_code_areas(self) -> list[tuple[str, str]]:
        """The areas staff may generate codes for: ``[(key, label)]``, ``("", ...)`` the whole
        page. By default the whole page and the named areas of ``area_rules()``."""
        names = sorted({rule.area for rule in self.area_rules() if rule.area})
        return [("", _("The whole page"))] + [(name, name) for name in names]

    def voting_code_next_url(self) -> str:
        """Where a resident goes once their code is accepted (by default this page)."""
        return self.url or "/"

    def eligibility_refusal_message(self, action: Action | str, reason: Reason) -> str:
        """What to tell a resident refused for one of ``ELIGIBILITY_REASONS`` (override)."""
        return default_eligibility_message(self, reason)


# The check (core.policy.decide's fourth)


def uses_eligibility(page: Any, action: Action | str) -> bool:
    """Whether ``page`` has eligibility requirements for ``action``."""
    return (
        isinstance(page, EligibilityPageMixin)
        and page.eligibility_applies(action)
        and page.has_eligibility_requirements()
    )


def code_satisfies(page: EligibilityPageMixin, request: HttpRequest | None) -> bool:
    """Whether the request holds a voting code for ``page`` it may still use."""
    if request is None or not page.eligibility_voting_codes:
        return False
    from .voting_codes import held_code_usable  # cycle: voting_codes imports this module

    return held_code_usable(request, page)


def code_instead(page: Any, request: HttpRequest | None) -> bool:
    """Whether ``page`` takes a voting code instead of its requirements, and the request holds
    a usable one (then ``core.policy`` skips the page's sign-in requirement too)."""
    return (
        isinstance(page, EligibilityPageMixin)
        and page.eligibility_voting_codes == CodeMode.ACCEPTED
        and code_satisfies(page, request)
    )


def _person_reason(
    page: EligibilityPageMixin, participant: Participant | None, *, with_area: bool = True
) -> Reason | None:
    # A postcode or an age band belongs to a participant: those rules need one signed in too.
    needs_person = (
        page.eligibility_sign_in
        or page.eligibility_confirmed_email
        or page.eligibility_min_age_band
        or (with_area and page.requires_area())
    )
    if needs_person and participant is None:
        return Reason.SIGN_IN_REQUIRED
    if (
        page.eligibility_confirmed_email
        and participant is not None
        and not (participant.mailbox_key and participant.is_verified)
    ):
        return Reason.VERIFIED_EMAIL_REQUIRED
    return None


def _area_reason(page: EligibilityPageMixin, participant: Participant | None) -> Reason | None:
    if not page.requires_area():
        return None
    postcode = participant.postcode if participant is not None else ""
    if not postcode:
        return Reason.POSTCODE_REQUIRED
    return None if page.area_for_postcode(postcode) is not None else Reason.OUTSIDE_AREA


def _age_reason(page: EligibilityPageMixin, participant: Participant | None) -> Reason | None:
    minimum = page.eligibility_min_age_band
    if not minimum:
        return None
    band = participant.age_band if participant is not None else ""
    if band not in AGE_BAND_ORDER:
        return Reason.AGE_BAND_REQUIRED
    return None if AGE_BAND_ORDER[band] >= AGE_BAND_ORDER[minimum] else Reason.TOO_YOUNG


def eligibility_reason(
    page: Any,
    action: Action | str,
    participant: Participant | None,
    request: HttpRequest | None = None,
) -> Reason | None:
    """Why ``participant`` (or None), with the voting code ``request``'s session holds, is not
    eligible for ``action`` on ``page`` (a Reason), or None when eligible (or no rules apply).

    The checks run in the order of the module's docstring; the first that fails decides.
    """
    if not uses_eligibility(page, action):
        return None
    if code_instead(page, request):
        return None
    if page.eligibility_voting_codes == CodeMode.REQUIRED:
        if not code_satisfies(page, request):
            return _code_reason(page, request)
        # The code stands for the area: its letter went to an address there.
        return _person_reason(page, participant, with_area=False) or _age_reason(page, participant)
    return (
        _person_reason(page, participant)
        or _area_reason(page, participant)
        or _age_reason(page, participant)
    )


def _code_reason(page: EligibilityPageMixin, request: HttpRequest | None) -> Reason:
    from .voting_codes import held_code  # cycle: voting_codes imports this module

    code = held_code(request, page) if request is not None else None
    return Reason.VOTING_CODE_USED if code is not None else Reason.VOTING_CODE_REQUIRED


def resident_area(
    page: EligibilityPageMixin,
    participant: Participant | None,
    request: HttpRequest | None = None,
) -> str | None:
    """The resident's area on ``page``: their voting code's (held in ``request``'s session),
    else their postcode's (``page.area_for_postcode``); "" in the page's area without a named
    one; None when unknown or outside."""
    if request is not None and page.eligibility_voting_codes:
        from .voting_codes import held_code  # cycle: voting_codes imports this module

        code = held_code(request, page)
        if code is not None:
            return code.area
    if participant is not None and participant.postcode:
        return page.area_for_postcode(participant.postcode)
    return None


# What the resident can do


def details_url(next_url: str | None = None) -> str:
    """The page where a resident gives their postcode and age band, coming back to ``next_url``."""
    url = reverse("wagtail_participation:my_details")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def code_entry_url(page: Any, code: str = "") -> str:
    """The page where a resident enters the voting code for ``page`` (``code`` pre-filled)."""
    url = reverse("wagtail_participation:voting_code", args=[page.pk])
    return f"{url}?{urlencode({'code': code})}" if code else url


def default_eligibility_message(page: Any, reason: Reason | str) -> str:
    """What to tell a resident refused for one of ``ELIGIBILITY_REASONS``."""
    messages: dict[str, str] = {
        Reason.POSTCODE_REQUIRED: _(
            "This is for residents of the area. Please tell us your postcode first."
        ),
        Reason.OUTSIDE_AREA: _(
            "This is only for residents of the area, and your postcode is outside it. If your "
            "postcode is wrong, please correct it."
        ),
        Reason.AGE_BAND_REQUIRED: _(
            "This is for residents of a certain age. Please tell us your age band first."
        ),
        Reason.TOO_YOUNG: _(
            "This is only for residents aged %(age)s. If your age band is wrong, please correct it."
        )
        % {"age": _min_age_label(page)},
        Reason.VOTING_CODE_REQUIRED: _(
            "This needs the voting code from the letter the council sent you. Please enter it."
        ),
        Reason.VOTING_CODE_USED: _(
            "The voting code you entered has already been used, so it cannot be used again. If "
            "you did not use it, please contact the council."
        ),
    }
    return messages.get(reason, _("This page is not available."))


def _min_age_label(page: Any) -> str:
    minimum = getattr(page, "eligibility_min_age_band", "")
    return str(dict(MINIMUM_AGE_CHOICES).get(minimum, ""))


def eligibility_links(
    page: Any, action: Action | str, reason: Reason | str | None, next_url: str | None = None
) -> list[tuple[str, str]]:
    """``[(label, url)]``: what a resident refused for ``reason`` on ``page`` can do next."""
    if not uses_eligibility(page, action):
        return []
    links: list[tuple[str, str]] = []
    back = next_url or page.url or "/"
    if reason in (Reason.POSTCODE_REQUIRED, Reason.OUTSIDE_AREA):
        links.append((_("Give your postcode"), details_url(back)))
    elif reason in (Reason.AGE_BAND_REQUIRED, Reason.TOO_YOUNG):
        links.append((_("Give your age band"), details_url(back)))
    if page.eligibility_voting_codes and reason != Reason.VOTING_CODE_USED:
        links.append((_("Enter a voting code"), code_entry_url(page)))
    return links
