"""Remove ideas' titles from the package's existing entries in Wagtail's log.

Until 0.1 a status change or a response was logged with the idea's title, where every
editor of the board read it in the page history and the site history, after "forget me"
too (and a rejected or pending idea's title is not public). Entries now hold the idea's
id and its statuses only. It cannot be reversed: the titles are not kept anywhere.
"""

from django.db import migrations

ACTIONS = ["wagtail_participation.idea_status"]
KEEP = {"contribution_id", "model", "type", "old_status", "status", "responded"}


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
        ("wagtail_participation_ideas", "0001_initial"),
        ("wagtailcore", "0089_log_entry_data_json_null_to_object"),
    ]

    operations = [
        migrations.RunPython(scrub_log_entries, migrations.RunPython.noop, elidable=True),
    ]
