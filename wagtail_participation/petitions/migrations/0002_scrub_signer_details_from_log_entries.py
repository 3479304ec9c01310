"""Remove signers' IP and email addresses from the package's existing entries in Wagtail's log.

Until 0.1 invalidating signatures (or counting held ones) logged the conditions used with
their values, so an IP address or an email address typed to find one signer stayed in the
petition's history, read by every editor of the page, after "forget me" too. Entries now
name those two conditions without their values (an email domain and dates are kept).
It cannot be reversed: the addresses are not kept anywhere.
"""

import re

from django.db import migrations

ACTIONS = ["wagtail_participation.signatures_invalidated", "wagtail_participation.signatures_released"]
CONDITIONS = ("ip_address", "email_domain", "email", "since", "until")
PERSONAL = ("ip_address", "email")
#: The ", " before the next condition's name (a value may hold ", " itself, such as a quoted email).
BOUNDARY = re.compile(r", (?=(?:%s)=)" % "|".join(CONDITIONS))


def without_personal_values(conditions):
    parts = BOUNDARY.split(conditions)
    return ", ".join(
        part.split("=", 1)[0] if part.split("=", 1)[0] in PERSONAL else part for part in parts if part
    )


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
                if isinstance(data, dict) and isinstance(data.get("conditions"), str):
                    scrubbed = without_personal_values(data["conditions"])
                    if scrubbed != data["conditions"]:
                        model.objects.filter(pk=pk).update(data={**data, "conditions": scrubbed})
            last = batch[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ("wagtail_participation_petitions", "0001_initial"),
        ("wagtailcore", "0089_log_entry_data_json_null_to_object"),
    ]

    operations = [
        migrations.RunPython(scrub_log_entries, migrations.RunPython.noop, elidable=True),
    ]
