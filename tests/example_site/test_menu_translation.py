"""Issue 23, point 14: the example site's menu is in the resident's language too (its page
titles through the example site's catalogue: council/menu.py)."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, titles",
    [
        ("de", ["Mitreden", "Neuigkeiten", "Petitionen", "Müll und Recycling", "Grundsteuer"]),
        ("fr", ["Donnez votre avis", "Actualités", "Pétitions", "Déchets et recyclage"]),
        ("en", ["Have your say", "News", "Petitions", "Bins and recycling", "Council tax"]),
    ],
)
def test_the_menu_follows_the_chosen_language(client, language, titles):
    call_command("load_demo_content", stdout=StringIO())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/news/").content.decode()
    start = html.index('<nav class="council-nav"')
    nav = html[start : html.index("</nav>", start)]
    for title in titles:
        assert f">{title}</a>" in nav, title
