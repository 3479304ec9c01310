"""Builders for surveys: questions as StreamField data with fixed ids."""

import uuid

from tests.factories import add_page
from wagtail_participation.surveys.models import SurveyPage


def question(kind, label, id=None, **value):
    """One StreamField item of type ``kind``; ``id`` fixed so tests can read answers."""
    base = {
        "label": label,
        "help_text": "",
        "required": False,
        "show_if_question": "",
        "show_if_answer": "",
    }
    if kind in ("information", "page_break"):
        base = {"show_if_question": "", "show_if_answer": ""}
        if kind == "information":
            base["text"] = label
        else:
            base["title"] = label
    return {"type": kind, "value": {**base, **value}, "id": id or str(uuid.uuid4())}


def make_survey(questions, parent=None, model=SurveyPage, **fields):
    """A published survey of ``model`` (the package's ``SurveyPage``, or a site's own type)."""
    n = model.objects.count() + 1
    prefix = "survey" if model is SurveyPage else model._meta.model_name
    fields.setdefault("title", f"Survey {n}")
    fields.setdefault("slug", f"{prefix}-{n}")
    page = add_page(model(questions=questions, **fields), parent=parent)
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


WARD = "11111111-1111-4111-8111-111111111111"
CYCLE = "22222222-2222-4222-8222-222222222222"
ROUTE = "33333333-3333-4333-8333-333333333333"
RATING = "44444444-4444-4444-8444-444444444444"
COMMENTS = "55555555-5555-4555-8555-555555555555"


def three_step_survey(**fields):
    """Step 1: ward, do you cycle? Step 2: (if cycling) which route; rating. Step 3: comments."""
    return make_survey(
        [
            question(
                "single_choice",
                "Which ward do you live in?",
                id=WARD,
                required=True,
                choices=["North", "South", "Old Town"],
                display="radio",
                allow_other=False,
            ),
            question(
                "single_choice",
                "Do you cycle in the borough?",
                id=CYCLE,
                required=True,
                choices=["Yes", "No"],
                display="radio",
                allow_other=False,
            ),
            question("page_break", "Getting around"),
            question(
                "single_choice",
                "Which route do you cycle most?",
                id=ROUTE,
                required=True,
                choices=["River path", "High Street"],
                display="dropdown",
                allow_other=True,
                show_if_question=CYCLE,
                show_if_answer="Yes",
            ),
            question(
                "rating",
                "How safe do you feel on the roads?",
                id=RATING,
                required=True,
                max_rating=5,
            ),
            question("page_break", "Anything else"),
            question(
                "long_text", "Anything else you want to tell us?", id=COMMENTS, max_length=1000
            ),
        ],
        **fields,
    )
