"""Issue 23, point 3: "Now" marks every step whose dates include today, and nothing else."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_index, make_method_page, make_project
from wagtail_participation.projects.models import ProjectMilestone

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def steps(project):
    project = type(project).objects.get(pk=project.pk)
    return {s["label"]: s["current"] for s in project.timeline()}


def test_every_running_step_is_now_and_nothing_else():
    project = make_project(make_index())
    now, today = timezone.now(), timezone.localdate()
    make_method_page(parent=project, title="Survey", opens_at=now - DAY, closes_at=now + DAY)
    make_method_page(parent=project, title="Ideas", opens_at=now - 5 * DAY)  # open for good
    make_method_page(parent=project, title="Old", opens_at=now - 9 * DAY, closes_at=now - DAY)
    make_method_page(parent=project, title="Later", opens_at=now + DAY)
    ProjectMilestone.objects.create(page=project, date=today, title="Workshop today")
    ProjectMilestone.objects.create(page=project, date=today - DAY, title="Launch")
    assert steps(project) == {
        "Old": False,
        "Launch": False,
        "Ideas": True,
        "Survey": True,
        "Workshop today": True,
        "Later": False,
    }
    html = Client().get(project.url).content.decode()
    assert html.count('<strong class="wp-badge">Now</strong>') == 3
    assert 'aria-current="step"' not in html  # it names one item of a set: not given to three


def test_between_two_steps_nothing_is_now():
    project = make_project(make_index())
    now, today = timezone.now(), timezone.localdate()
    make_method_page(parent=project, title="Done", opens_at=now - 9 * DAY, closes_at=now - DAY)
    ProjectMilestone.objects.create(page=project, date=today - 2 * DAY, title="Launch")
    ProjectMilestone.objects.create(page=project, date=today + 5 * DAY, title="Decision")
    assert not any(steps(project).values())
    html = Client().get(project.url).content.decode()
    assert "wp-badge" not in html.split("wp-timeline", 1)[1]
