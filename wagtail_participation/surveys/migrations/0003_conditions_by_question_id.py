"""Survey questions come from the question type registry (SurveyQuestionsField), and conditions
name the earlier question by its id instead of its text.

The conversion runs on every survey page table (SurveyPage and a site's own pages built from
SurveyPageMixin), on the live questions and on each page's latest revision (a draft the editor
will publish). A condition whose text matches no earlier single or multiple choice question
never had an effect: it is dropped, and the output says so.
"""

import json
import sys

from django.db import migrations

import wagtail_participation.surveys.fields


def _load(raw):
    if isinstance(raw, str):
        try:
            return json.loads(raw) if raw else []
        except ValueError:
            return None
    return raw


def _dump_like(raw, stream):
    return json.dumps(stream) if isinstance(raw, str) else stream


def _survey_tables(connection):
    """(table, pk column, questions column) of each concrete survey page model installed."""
    from django.apps import apps as global_apps

    from wagtail_participation.surveys.models import SurveyPageMixin

    existing = set(connection.introspection.table_names())
    found = []
    for model in global_apps.get_models():
        if not issubclass(model, SurveyPageMixin):
            continue
        field = model._meta.get_field("questions")
        owner = field.model._meta
        entry = (owner.db_table, owner.pk.column, field.column)
        if owner.db_table in existing and entry not in found:
            found.append(entry)
    return found


def _say(page_id, where, dropped):
    for text in dropped:
        sys.stdout.write(
            f"\n  Survey page {page_id} ({where}): dropped the condition on “{text}”: no earlier single or "
            "multiple choice question has that text, so it never had an effect."
        )


def _convert(apps, schema_editor, convert, report=True):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    placeholder = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    for table, pk_column, column in _survey_tables(connection):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {qn(pk_column)}, {qn(column)} FROM {qn(table)}")
            rows = cursor.fetchall()
        for page_id, raw in rows:
            stream = _load(raw)
            if not isinstance(stream, list):
                continue
            changed, dropped = convert(stream)
            if changed:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {qn(table)} SET {qn(column)} = {placeholder} WHERE {qn(pk_column)} = %s",
                        [json.dumps(stream), page_id],
                    )
            if report:
                _say(page_id, "published", dropped)
        latest = Page.objects.filter(pk__in=[page_id for page_id, _raw in rows]).exclude(
            latest_revision=None
        )
        for page_id, revision_id in latest.values_list("pk", "latest_revision_id"):
            revision = Revision.objects.filter(pk=revision_id).first()
            content = revision.content if revision is not None else None
            if not isinstance(content, dict) or "questions" not in content:
                continue
            stream = _load(content["questions"])
            if not isinstance(stream, list):
                continue
            changed, dropped = convert(stream)
            if changed:
                content["questions"] = _dump_like(content["questions"], stream)
                Revision.objects.filter(pk=revision_id).update(content=content)
            if report:
                _say(page_id, "latest revision", dropped)


def conditions_to_ids(apps, schema_editor):
    from wagtail_participation.surveys.conditions import conditions_to_ids as convert

    _convert(apps, schema_editor, convert)


def conditions_to_texts(apps, schema_editor):
    from wagtail_participation.surveys.conditions import conditions_to_texts as convert

    _convert(apps, schema_editor, lambda stream: (convert(stream), []), report=False)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation_surveys", "0002_anonymous_network_help_texts"),
        ("wagtailcore", "0089_log_entry_data_json_null_to_object"),
    ]

    operations = [
        migrations.AlterField(
            model_name="surveypage",
            name="questions",
            field=wagtail_participation.surveys.fields.SurveyQuestionsField(
                blank=True, verbose_name="questions"
            ),
        ),
        migrations.RunPython(conditions_to_ids, conditions_to_texts),
    ]
