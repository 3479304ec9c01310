"""An email backend for benchmarks over HTTP: each message goes to Redis for the clients.

The gunicorn workers "send" every email by pushing the whole message (as the SMTP
backend would put it on the wire) onto a Redis list per recipient; a simulated
resident waits on its own list for its confirmation email and follows the link in it.
"""

import email
import os
import re

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

_clients = {}


def redis_client(url=None):
    """One Redis client (with its pool of connections) per URL and process."""
    import redis

    url = url or os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url)
    return _clients[url]


def mailbox_key(prefix, address):
    return f"{prefix}:mail:{address.lower()}"


class RedisEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        client = redis_client(settings.BENCH_REDIS_URL)
        pipe = client.pipeline(transaction=False)
        sent = 0
        for message in email_messages:
            raw = message.message().as_bytes(linesep="\r\n")
            for address in message.recipients():
                key = mailbox_key(settings.BENCH_KEY_PREFIX, address)
                pipe.rpush(key, raw)
                pipe.expire(key, 3600)
            sent += 1
        pipe.execute()
        return sent


def wait_for_mail(client, prefix, address, timeout=15):
    """The text of the next email to ``address`` (waiting up to ``timeout`` s), or None."""
    popped = client.blpop([mailbox_key(prefix, address)], timeout=timeout)
    if popped is None:
        return None
    message = email.message_from_bytes(popped[1])
    part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def link_path(text, pattern=r"https?://[^/\s]+(/\S*/petitions/confirm/\S+/)"):
    """The path of the confirmation link in an email's text, or None."""
    found = re.search(pattern, text or "")
    return found.group(1) if found else None
