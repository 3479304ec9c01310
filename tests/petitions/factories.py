"""Builders for petitions and signatures."""

import re

from django.core import mail
from django.utils import timezone

from tests.factories import add_page, post_form
from wagtail_participation.petitions.counts import recount
from wagtail_participation.petitions.models import PetitionIndexPage, PetitionPage, Signature


def make_petition_index(**fields):
    n = PetitionIndexPage.objects.count() + 1
    fields.setdefault("title", f"Petitions {n}")
    fields.setdefault("slug", f"petitions-{n}")
    return add_page(PetitionIndexPage(**fields))


def make_petition(index=None, **fields):
    """A live, open petition (published by an editor) under ``index`` (one is made if None)."""
    index = index or make_petition_index()
    n = PetitionPage.objects.count() + 1
    fields.setdefault("title", f"Open the library on Sundays {n}")
    fields.setdefault("slug", f"petition-{n}")
    fields.setdefault("request", "Open the central library on Sundays.")
    fields.setdefault("background", "Many residents work during the week.")
    return add_page(PetitionPage(**fields), parent=index)


def add_signature(petition, email=None, confirmed=True, **fields):
    """A signature row (confirmed by default); call ``recount`` when the tally matters."""
    n = Signature.objects.count() + 1
    email = email or f"signer{n}@example.org"
    fields.setdefault("name", f"Signer {n}")
    signature = Signature.for_email(
        email,
        petition_id=petition.pk,
        confirmed_at=timezone.now() if confirmed else None,
        **fields,
    )
    signature.save()
    return signature


def add_signatures(petition, count, **fields):
    for _ in range(count):
        add_signature(petition, **fields)
    recount(petition.pk)


def sign(client, petition, email, name="Ann Lee", **extra):
    data = {"name": name, "email": email, "area": "RB1 2AB", "wants_updates": "on", **extra}
    return post_form(client, petition.url + petition.reverse_subpage("sign"), data)


def last_link(to=None, pattern=r"https?://\S+/petitions/(?:confirm|support)/\S+/"):
    """The newest link of that kind emailed (to ``to``, if given)."""
    for message in reversed(mail.outbox):
        if to is None or to in message.to:
            found = re.findall(pattern, message.body)
            if found:
                return found[-1]
    raise AssertionError(f"no link emailed to {to}")


def confirm(client, link):
    """Follow a confirmation link as a resident would: open it, press the button."""
    path = link.split("://", 1)[-1].split("/", 1)[-1]
    path = "/" + path
    page = client.get(path)
    assert page.status_code == 200, page.content[:500]
    return client.post(path)
