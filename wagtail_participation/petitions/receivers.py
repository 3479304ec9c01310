"""What petitions do when something happens elsewhere: a petition is published, saved, moved
or deleted (``caches.invalidate``, counts, answers), a view restriction changes, the outbox or
the retention command runs, a resident asks for their data or to be forgotten.

The page signals are connected in ``connect()`` (from ``AppConfig.ready()``) with ``sender=``
each concrete page type built from ``PetitionPageMixin``, so saving any other page of the host
site runs none of them.
"""

import datetime

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from wagtail_participation.core.conf import settings as core_settings
from wagtail_participation.core.privacy import describe_personal_data, forget_outbox_emails
from wagtail_participation.core.signals import (
    collect_personal_data,
    emails_due,
    participant_anonymised,
    retention_due,
)

from .caches import invalidate
from .counts import refresh_payload, schedule_recount_on_commit
from .lifecycle import open_published_petition, purge_unconfirmed_signatures
from .models import Signature, petition_index_models, petition_page_models
from .notifications import resume_notices, start_notices


def petition_published(sender, instance, **kwargs):
    invalidate(instance)
    open_published_petition(instance)
    start_notices(instance)
    # Paper signatures or thresholds may have changed: count again (this also refreshes the cache).
    schedule_recount_on_commit(instance.pk)


def petition_unpublished(sender, instance, **kwargs):
    invalidate(instance)
    transaction.on_commit(lambda: refresh_payload(instance.pk))


def petition_changed(sender, instance, **kwargs):
    """Saved or deleted: what was kept of it is forgotten."""
    invalidate(instance)


def index_changed(sender, instance, **kwargs):
    """An index saved (a new slug changes its petitions' addresses and their "All petitions"
    link): what was kept of its petitions is forgotten."""
    _forget_petitions_under(instance)


def connect() -> None:
    """Connect the page signals for each concrete petition and petition index page type
    (``sender=``)."""
    for model in petition_page_models():
        uid = f"wagtail_participation_petitions:{model._meta.label_lower}"
        page_published.connect(petition_published, sender=model, dispatch_uid=uid)
        page_unpublished.connect(petition_unpublished, sender=model, dispatch_uid=uid)
        post_save.connect(petition_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(petition_changed, sender=model, dispatch_uid=uid)
    for model in petition_index_models():
        uid = f"wagtail_participation_petitions:{model._meta.label_lower}"
        post_save.connect(index_changed, sender=model, dispatch_uid=uid)


@receiver(emails_due)
def resume_signer_emails(sender, **kwargs):
    """A worker killed while writing the response or debate emails left signers without one."""
    return resume_notices(
        started_before=timezone.now()
        - datetime.timedelta(seconds=core_settings.EMAIL_LEASE_SECONDS)
    )


@receiver(retention_due)
def purge_expired_signatures(sender, now=None, **kwargs):
    """Signatures never confirmed are deleted once their confirmation link has expired."""
    return "unconfirmed petition signature(s) whose link expired", purge_unconfirmed_signatures(now)


# Moves and view restrictions change who may see the petitions below (any page type may move,
# so this receiver takes every sender; moves are rare).


def _forget_petitions_under(page):
    if page is not None:
        ids = []
        for model in petition_page_models():
            ids += model.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
        invalidate(*ids)


@receiver(post_page_move)
def forget_moved_petitions(sender, instance, **kwargs):
    _forget_petitions_under(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def forget_restricted_petitions(sender, instance, **kwargs):
    # The page is gone when the restriction went with it.
    _forget_petitions_under(Page.objects.filter(pk=instance.page_id).first())


def _signatures_of(participant):
    """The signatures of the participant's mailbox: only a participant that holds its key (a site
    user whose address the site has not verified holds none, and sees nobody's signatures)."""
    return Signature.objects.of_mailbox(participant.mailbox_key)


def _started_by(participant):
    """(model, queryset) pairs of the petitions ``participant`` started."""
    return [(model, model.objects.filter(creator=participant)) for model in petition_page_models()]


describe_personal_data(
    "petition_signatures",
    _("Petitions you signed"),
    {
        "petition": _("Petition"),
        "name": _("Name"),
        "email": _("Email address"),
        "area": _("Area"),
        "ip_address": _("IP address"),
        "signed_at": _("Signed"),
        "confirmed_at": _("Confirmed"),
    },
)
describe_personal_data(
    "petitions_started",
    _("Petitions you started"),
    {
        "petition": _("Petition"),
        "name_shown": _("Name shown"),
        "state": _("State"),
        "started_at": _("Started"),
        "url": _("Link"),
    },
)


@receiver(collect_personal_data)
def petition_personal_data(sender, participant, **kwargs):
    """The petitions signed with the resident's email address and those they started."""
    signatures = list(_signatures_of(participant).order_by("created_at"))
    ids = {s.petition_id for s in signatures}
    titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title")) if ids else {}
    urls = {page.pk: page.url for page in Page.objects.live().filter(pk__in=ids)} if ids else {}
    started = []
    for _model, petitions in _started_by(participant):
        for petition in petitions.order_by("pk"):
            first = (
                Revision.page_revisions.filter(object_id=str(petition.pk))
                .order_by("created_at")
                .first()
            )
            started.append(
                {
                    "petition": petition.title,
                    "request": petition.request,
                    "name_shown": petition.creator_name,
                    "state": str(petition.get_state_display()),
                    "live": petition.live,
                    "started_at": first.created_at.isoformat() if first else None,
                    "url": petition.full_url if petition.live else None,
                }
            )
    return {
        "petition_signatures": [
            {
                "petition": titles.get(s.petition_id, ""),
                "name": s.name,
                "email": s.email,
                "area": s.area,
                "wants_updates": s.wants_updates,
                "wants_newsletter": s.wants_newsletter,
                "supporter": s.sponsor,
                "ip_address": s.ip_address,
                "signed_at": s.created_at.isoformat(),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
                "url": urls.get(s.petition_id),
            }
            for s in signatures
        ],
        "petitions_started": started,
    }


#: Fields of a petition that name the resident who started it, cleared on "forget me" on the page
#: and in every revision (publishing an older revision must not bring the name back).
CREATOR_FIELDS = {"creator": None, "creator_name": ""}


def scrub_revisions(page_ids, fields=CREATOR_FIELDS):
    """Set ``fields`` in the content of every revision of the pages ``page_ids``."""
    revisions = Revision.page_revisions.filter(object_id__in=[str(pk) for pk in page_ids])
    for revision in revisions.iterator():
        if any(revision.content.get(name, value) != value for name, value in fields.items()):
            revision.content = {**revision.content, **fields}
            revision.save(update_fields=["content"])


@receiver(participant_anonymised)
def forget_signatures(sender, participant, **kwargs):
    """ "Forget me": the resident's signatures keep counting but no longer say who signed."""
    signatures = _signatures_of(participant)
    # Emails to the addresses they signed with (confirmation links) leave the outbox too.
    forget_outbox_emails(set(signatures.values_list("email", flat=True)))
    signatures.update(
        **Signature.ANONYMISED,
        wants_updates=False,
        wants_newsletter=False,
        anonymised_at=timezone.now(),
    )
    # Petitions they started no longer say who started them (the text stays, as for ideas),
    # in any revision either.
    for _model, started in _started_by(participant):
        ids = list(started.values_list("pk", flat=True))
        if ids:
            invalidate(*ids)
            started.update(**CREATOR_FIELDS)
            scrub_revisions(ids)
