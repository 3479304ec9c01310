"""Recognising one mailbox behind the many ways of writing its address.

``Ann.Lee+petition@GoogleMail.com`` and ``annlee@gmail.com`` reach the same inbox,
so a petition holds one signature for both: the normalised form is what the
database keeps unique per petition.
"""

from wagtail_participation.core.conf import settings


def split_email(email):
    local, _, domain = (email or "").strip().lower().rpartition("@")
    return local, domain


def email_domain(email):
    _local, domain = split_email(email)
    return settings.PETITION_EMAIL_DOMAIN_ALIASES.get(domain, domain)


def normalise_signature_email(email):
    """Lower case, without a ``+tag``, and without dots where the provider ignores them."""
    local, domain = split_email(email)
    domain = settings.PETITION_EMAIL_DOMAIN_ALIASES.get(domain, domain)
    local = local.split("+", 1)[0]
    if domain in settings.PETITION_DOTLESS_EMAIL_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"
