"""Remove residents' text from the package's existing entries in Wagtail's log.

Until 0.1 the moderation entries (published, hidden, rejected, sent back, reported,
hidden after reports) kept the first 120 characters of the contribution in their data
(``summary``), where every editor of the page read it in the page history and the site
history, after "forget me" too. Entries now hold the contribution's id and type only;
this keeps those keys (and the non-personal ``reason`` code and ``reports`` count) and
drops everything else. It cannot be reversed: the text is not kept anywhere.
"""

from django.db import migrations

ACTIONS = [
    "wagtail_participation.publish", "wagtail_participation.hide", "wagtail_participation.reject",
    "wagtail_participation.unpublish", "wagtail_participation.report", "wagtail_participation.auto_hide",
]
KEEP = {"contribution_id", "model", "type", "reason", "reports"}


def scrub_log_entries(apps, schema_editor):
    for model_name in ("PageLogEntry", "ModelLogEntry"):
        model = apps.get_model("wagtailcore", model_name)
        entries = model.objects.filter(action__in=ACTIONS).order_by("pk")
        last = 0
        while True:
            # Batches by primary key: no cursor stays open on the table being written to.
            batch = list(entries.filter(pk__gt=last).values_list("pk", "data")[:1000])
            if not batch:
                break
            for pk, data in batch:
                data = data if isinstance(data, dict) else {}
                kept = {key: value for key, value in data.items() if key in KEEP}
                if kept != data:
                    model.objects.filter(pk=pk).update(data=kept)
            last = batch[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ("wagtail_participation", "0003_network_claim"),
        ("wagtailcore", "0089_log_entry_data_json_null_to_object"),
    ]

    operations = [
        migrations.RunPython(scrub_log_entries, migrations.RunPython.noop, elidable=True),
    ]
