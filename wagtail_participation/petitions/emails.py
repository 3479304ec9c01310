"""Recognising one mailbox behind the many ways of writing its address, for signatures.

A petition holds one signature per mailbox: ``Ann.Lee+petition@GoogleMail.com``,
``annlee@gmail.com`` and ``annlee@ｇmail.com`` are one. The rules are core's, the same that
make one participant per mailbox (``wagtail_participation.core.mailboxes``); this module
only names them for signatures.
"""

from wagtail_participation.core.mailboxes import InvalidMailbox, mailbox_domain, mailbox_key

__all__ = ["InvalidMailbox", "email_domain", "normalise_signature_email"]


def email_domain(email):
    """The provider domain (canonical, aliases applied), counted by PETITION_DOMAIN_LIMITS."""
    return mailbox_domain(email)


def normalise_signature_email(email):
    """The mailbox key a signature is unique on; raises InvalidMailbox for an address without one."""
    return mailbox_key(email)
