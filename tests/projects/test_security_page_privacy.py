"""Issue 22, item 2: the project teaser block shows nothing of a project behind a view
restriction to visitors it does not let in."""

import pytest
from django.test import Client

from tests.factories import make_index, make_project
from tests.page_privacy import KINDS, let_in, page_with_blocks, restrict
from wagtail_participation.projects.blocks import ProjectTeaserBlock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", KINDS)
def test_teaser_on_a_public_page_hides_a_restricted_project(kind):
    project = make_project(make_index(), title=f"zqsecretproject {kind}", summary="zqsecretsummary")
    restrict(project, kind)
    public = page_with_blocks(("project_teaser", {"heading": "Take part", "project": project}))
    html = Client().get(public.url).content.decode()
    assert "zqsecret" not in html
    assert "zqsecretsummary" in let_in(Client(), project, kind).get(public.url).content.decode()
    block = ProjectTeaserBlock()
    assert "zqsecret" not in block.render(block.to_python({"heading": "", "project": project.pk}))
