"""Posting a survey's page editor form, as the editor's browser does."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def listed(values):
    """ListBlock form data."""
    data = {"count": str(len(values))}
    for n, value in enumerate(values):
        data[str(n)] = {"value": value, "deleted": "", "order": str(n)}
    return data


def form_value(name, value):
    """A block's form data: choices one per line in one box, other lists as ListBlock data."""
    if name == "choices" and isinstance(value, list):
        return "\n".join(value)
    return listed(value) if isinstance(value, list) else value


def stream(items):
    """StreamField form data from (type, id, value) triples."""
    data = {"count": str(len(items))}
    for n, (kind, block_id, value) in enumerate(items):
        value = {name: form_value(name, v) for name, v in value.items()}
        data[str(n)] = {
            "type": kind,
            "id": block_id,
            "deleted": "",
            "order": str(n),
            "value": value,
        }
    return data


def question_value(label, **value):
    return {"label": label, "help_text": "", "show_if_question": "", "show_if_answer": "", **value}


def post_questions(client, page, items, publish=False):
    """Save the survey's questions through the page editor (a draft, or published)."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "thank_you_text": rich_text(""),
            "questions": stream(items),
            "response_requirement": page.response_requirement,
            "results_visibility": page.results_visibility,
            "one_response_per_resident": "on" if page.one_response_per_resident else "",
            "comments": inline_formset([]),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)
