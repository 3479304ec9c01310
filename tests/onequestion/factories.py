"""One-question pages and answers for the tests of the test app's participation method."""

from tests.factories import add_page
from tests.testapp.onequestion.models import OneQuestionPage


def make_question_page(parent=None, **fields):
    """A live, open one-question page (post-moderated, taking comments)."""
    n = OneQuestionPage.objects.count() + 1
    fields.setdefault("title", f"One question {n}")
    fields.setdefault("slug", f"one-question-{n}")
    fields.setdefault("question", "What should the new square be called?")
    fields.setdefault("allow_comments", True)
    return add_page(OneQuestionPage(**fields), parent=parent)


def answer_url(page):
    return page.url + page.reverse_subpage("answer")
