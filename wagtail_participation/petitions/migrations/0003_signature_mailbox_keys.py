from django.db import migrations


def rekey_signatures(apps, schema_editor):
    """Signatures' ``email_normalised`` and ``email_domain`` by core's mailbox rules.

    The old rules removed a ``+tag`` on every domain and did not canonicalise domains (IDNA);
    the new key keeps a ``+tag`` where the provider does not use sub-addresses and maps
    ``ｇmail.com`` to ``gmail.com``. Only rows whose values change are written, oldest first.
    Where a new key is already held by another signature of the same petition (one mailbox
    that signed twice before), the newer keeps its old value and goes on counting: nothing is
    merged or removed here; moderators can invalidate it by its address.
    """
    from wagtail_participation.core.mailboxes import InvalidMailbox, mailbox_domain, mailbox_key

    Signature = apps.get_model("wagtail_participation_petitions", "Signature")
    rows = (
        Signature.objects.filter(anonymised_at__isnull=True).exclude(email="")
        .order_by("created_at", "pk").values_list("pk", "petition_id", "email", "email_normalised", "email_domain")
    )
    changes = []
    for pk, petition_id, email, normalised, domain in rows.iterator(chunk_size=5000):
        try:
            new_key, new_domain = mailbox_key(email), mailbox_domain(email)
        except InvalidMailbox:
            continue
        if (new_key, new_domain) != (normalised, domain):
            changes.append((pk, petition_id, normalised, new_key, new_domain))
    for pk, _petition_id, _normalised, _new_key, new_domain in changes:
        Signature.objects.filter(pk=pk).update(email_domain=new_domain)
    pending = [change for change in changes if change[3] != change[2]]
    while pending:  # again while some move: a key may be freed by a row after it
        left = []
        for change in pending:
            pk, petition_id, _normalised, new_key, _new_domain = change
            if Signature.objects.filter(
                petition_id=petition_id, email_normalised=new_key, anonymised_at__isnull=True,
            ).exists():
                left.append(change)
            else:
                Signature.objects.filter(pk=pk).update(email_normalised=new_key)
        if len(left) == len(pending):
            break
        pending = left


class Migration(migrations.Migration):

    dependencies = [
        ("wagtail_participation_petitions", "0002_scrub_signer_details_from_log_entries"),
    ]

    operations = [
        migrations.RunPython(rekey_signatures, migrations.RunPython.noop, elidable=True),
    ]
