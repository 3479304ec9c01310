"""Choices are typed one per line in one box: a question's stored ``choices`` become one text
(one choice a line) instead of a list of separate blocks.

Runs on every installed model holding a survey's questions (a ``SurveyQuestionsField``:
SurveyPage, a site's own survey pages, EventPage's registration questions...), on the live
data and on each page's latest revision. The choice texts do not change, so answers (stored
under the choice's text) still match. Old data a migration missed still reads: the choices
block takes a list too.
"""

import json
import uuid

from django.db import migrations


def _load(raw):
    if isinstance(raw, str):
        try:
            return json.loads(raw) if raw else []
        except ValueError:
            return None
    return raw


def _fields(connection):
    """(model, table, pk column, column, field name) of each installed SurveyQuestionsField."""
    from django.apps import apps as global_apps

    from wagtail_participation.surveys.fields import SurveyQuestionsField

    existing = set(connection.introspection.table_names())
    found = []
    for model in global_apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, SurveyQuestionsField):
                continue
            owner = field.model._meta
            entry = (owner.db_table, owner.pk.column, field.column, field.name)
            if owner.db_table in existing and entry not in found:
                found.append(entry)
    return found


def _to_lists(stream):
    changed = False
    result = []
    for child in stream:
        value = child.get("value") if isinstance(child, dict) else None
        if isinstance(value, dict) and isinstance(value.get("choices"), str):
            items = [
                {"type": "item", "value": text.strip(), "id": str(uuid.uuid4())}
                for text in value["choices"].splitlines()
                if text.strip()
            ]
            child = {**child, "value": {**value, "choices": items}}
            changed = True
        result.append(child)
    return result, changed


def _convert(apps, schema_editor, convert):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    placeholder = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    for table, pk_column, column, name in _fields(connection):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {qn(pk_column)}, {qn(column)} FROM {qn(table)}")
            rows = cursor.fetchall()
        for pk, raw in rows:
            stream = _load(raw)
            if not isinstance(stream, list):
                continue
            stream, changed = convert(stream)
            if changed:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {qn(table)} SET {qn(column)} = {placeholder} WHERE {qn(pk_column)} = %s",
                        [json.dumps(stream), pk],
                    )
        latest = Page.objects.filter(pk__in=[pk for pk, _raw in rows]).exclude(latest_revision=None)
        for revision_id in latest.values_list("latest_revision_id", flat=True):
            revision = Revision.objects.filter(pk=revision_id).first()
            content = revision.content if revision is not None else None
            if not isinstance(content, dict) or name not in content:
                continue
            stream = _load(content[name])
            if not isinstance(stream, list):
                continue
            stream, changed = convert(stream)
            if changed:
                was_text = isinstance(content[name], str)
                content[name] = json.dumps(stream) if was_text else stream
                revision.content = content
                revision.save(update_fields=["content"])


def choices_to_lines(apps, schema_editor):
    from wagtail_participation.surveys.blocks import choices_as_lines

    _convert(apps, schema_editor, choices_as_lines)


def choices_to_lists(apps, schema_editor):
    _convert(apps, schema_editor, _to_lists)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation_surveys", "0003_conditions_by_question_id"),
        ("wagtailcore", "0089_log_entry_data_json_null_to_object"),
    ]

    operations = [migrations.RunPython(choices_to_lines, choices_to_lists)]
