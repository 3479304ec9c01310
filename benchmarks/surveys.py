"""Surveys beside Wagtail's form builder: one submission, a 100,000-row export, the results view."""

import random

from django.test import Client

QUESTIONS = [
    (
        "single_choice",
        "Which ward do you live in?",
        {"choices": ["North", "South", "Old Town"], "display": "radio", "allow_other": False},
    ),
    (
        "single_choice",
        "How often do you visit?",
        {"choices": ["Daily", "Weekly", "Monthly"], "display": "dropdown", "allow_other": False},
    ),
    ("short_text", "Your street", {"max_length": 255}),
    ("long_text", "What should change?", {"max_length": 2000}),
    ("email", "Your email, for a reply", {}),
]


def _survey_and_form(parent):
    import uuid

    from wagtail.models import Page

    from example_site.council.models import FormField, FormPage
    from wagtail_participation.surveys.models import SurveyPage

    stream = []
    for kind, label, extra in QUESTIONS:
        value = {
            "label": label,
            "help_text": "",
            "required": True,
            "show_if_question": "",
            "show_if_answer": "",
            **extra,
        }
        stream.append({"type": kind, "value": value, "id": str(uuid.uuid4())})
    survey = SurveyPage(
        title="Benchmark survey",
        slug="benchmark-survey",
        questions=stream,
        one_response_per_resident=False,
    )
    parent.add_child(instance=survey)
    survey.save_revision().publish()
    form = FormPage(title="Benchmark form", slug="benchmark-form")
    parent.add_child(instance=form)
    kinds = {
        "single_choice": "radio",
        "short_text": "singleline",
        "long_text": "multiline",
        "email": "email",
    }
    for n, (kind, label, extra) in enumerate(QUESTIONS):
        field_type = "dropdown" if extra.get("display") == "dropdown" else kinds[kind]
        FormField.objects.create(
            page=form,
            sort_order=n,
            label=label,
            field_type=field_type,
            required=True,
            choices="\n".join(extra.get("choices", [])),
        )
    form.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk), Page.objects.get(pk=form.pk).specific


def _answers(survey_or_form, n, rng, for_survey):
    values = [
        rng.choice(["North", "South", "Old Town"]),
        rng.choice(["Daily", "Weekly", "Monthly"]),
        f"{rng.randint(1, 200)} Mill Lane",
        "More benches and cleaner paths, please." * rng.randint(1, 3),
        f"resident{n}@example.org",
    ]
    if for_survey:
        return {q.id: v for q, v in zip(survey_or_form.structure.questions, values, strict=True)}
    fields = list(survey_or_form.get_form_fields())
    return {f.clean_name: v for f, v in zip(fields, values, strict=True)}


def run(responses=100000, rounds=60):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from wagtail.contrib.forms.models import FormSubmission

    from wagtail_participation.surveys.models import SurveyResponse

    from .data import analyze, site_root
    from .measure import interleaved, time_and_peak_memory, time_once

    survey, form = _survey_and_form(site_root())
    client = Client()
    admin = get_user_model().objects.create_superuser("bench-admin", "bench@example.org", "bench")
    staff = Client()
    staff.force_login(admin)

    # 1. One submission, the same five answers.
    rng = random.Random(3)
    survey_post = {f"q-{k}": v for k, v in _answers(survey, 0, rng, True).items()}
    survey_post["step"] = "1"
    survey_post["next"] = "1"
    form_post = _answers(form, 0, rng, False)

    def submit_survey():
        response = client.post(survey.url, survey_post)
        assert response.status_code == 302, response.status_code

    def submit_form():
        response = client.post(form.url, form_post)
        assert response.status_code == 200, response.status_code

    submissions = interleaved(
        {"survey_submission": submit_survey, "formpage_submission": submit_form}, rounds=rounds
    )

    # 2. Exports of the same `responses` rows, each through its admin view.
    SurveyResponse.objects.filter(page_id=survey.pk).delete()
    FormSubmission.objects.filter(page_id=form.pk).delete()
    rng = random.Random(4)
    with transaction.atomic():
        SurveyResponse.objects.bulk_create(
            (
                SurveyResponse(page=survey, answers=_answers(survey, n, rng, True))
                for n in range(responses)
            ),
            batch_size=5000,
        )
    rng = random.Random(4)
    with transaction.atomic():
        FormSubmission.objects.bulk_create(
            (
                FormSubmission(page=form, form_data=_answers(form, n, rng, False))
                for n in range(responses)
            ),
            batch_size=5000,
        )

    analyze()

    def consume(url):
        def call():
            response = staff.get(url)
            assert response.status_code == 200, (url, response.status_code)
            body = response.streaming_content if response.streaming else [response.content]
            rows = sum(
                chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
                for chunk in body
            )
            assert rows >= responses, (url, rows)

        return call

    ours_url = f"/admin/participation/surveys/{survey.pk}/export.csv"
    theirs_url = f"/admin/forms/submissions/{form.pk}/?export=csv"
    # Time without tracing (tracemalloc slows allocation-heavy code), then peak memory with it.
    ours_time, theirs_time = time_once(consume(ours_url)), time_once(consume(theirs_url))
    _t, ours_memory = time_and_peak_memory(consume(ours_url))
    _t, theirs_memory = time_and_peak_memory(consume(theirs_url))

    # 3. The results view over those responses.
    def results():
        response = staff.get(f"/admin/participation/surveys/{survey.pk}/results/")
        assert response.status_code == 200

    results_timing = interleaved({"results_view": results}, rounds=5, warmup=1)["results_view"]

    sub, peer = submissions["survey_submission"], submissions["formpage_submission"]
    sub_ratio = round(sub["median_ms"] / peer["median_ms"], 2)
    time_ratio = round(theirs_time / ours_time, 2) if ours_time else None
    memory_ratio = round(ours_memory / theirs_memory, 2) if theirs_memory else None
    return {
        "data": {"responses": responses, "questions": len(QUESTIONS)},
        "rows": [
            {
                "benchmark": "surveys.submission",
                **sub,
                "peer": "wagtail FormPage POST",
                "peer_median_ms": peer["median_ms"],
                "ratio": sub_ratio,
                "goal": "<= 1.0x",
                "met": sub_ratio <= 1.0,
            },
            {
                "benchmark": "surveys.export_csv_seconds",
                "value": ours_time,
                "peer": "wagtail form submissions CSV",
                "peer_value": theirs_time,
                "ratio": time_ratio,
                "goal": ">= 2x faster",
                "met": time_ratio is not None and time_ratio >= 2,
            },
            {
                "benchmark": "surveys.export_csv_peak_mib",
                "value": ours_memory,
                "peer": "wagtail form submissions CSV",
                "peer_value": theirs_memory,
                "ratio": memory_ratio,
                "goal": "<= 0.33x memory",
                "met": memory_ratio is not None and memory_ratio <= 0.34,
            },
            {
                "benchmark": "surveys.results_view",
                **results_timing,
                "peer": "",
                "goal": "< 1000 ms",
                "met": results_timing["median_ms"] < 1000,
            },
        ],
    }
