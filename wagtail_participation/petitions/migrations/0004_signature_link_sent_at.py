# When a signature's newest confirmation link was sent: unconfirmed signatures are deleted once it expires.

import django.utils.timezone
from django.db import migrations, models


def links_sent_when_signed(apps, schema_editor):
    """Existing signatures: their link was sent when they signed."""
    Signature = apps.get_model("wagtail_participation_petitions", "Signature")
    Signature.objects.update(link_sent_at=models.F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_participation_petitions', '0003_signature_mailbox_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='signature',
            name='link_sent_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='confirmation link sent'),
        ),
        migrations.RunPython(links_sent_when_signed, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='signature',
            index=models.Index(condition=models.Q(('confirmed_at__isnull', True)), fields=['link_sent_at'], name='wp_signature_unconfirmed'),
        ),
    ]
