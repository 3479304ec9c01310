"""The blocks editors build a survey from, the poll block and the survey teaser block.

Each question is a StreamField child, so Wagtail gives it a UUID (``block.id``)
that stays the same when the editor rewrites its text, moves it or changes its
options: answers are stored under that id, never under the question's text.

The survey's StreamField offers one block per registered question type
(``registry.register_question_type``): ``SurveyQuestionsBlock`` looks them up when it is
used, so a type a site registers appears in the editor like the built-in ones.
"""

from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from wagtail_participation.core.cache_control import keep_private
from wagtail_participation.core.page_privacy import page_is_viewable
from wagtail_participation.core.page_types import MixinPageChooserBlock, page_models
from wagtail_participation.core.participants import get_participant

from .browser import browser_token
from .conditions import raise_condition_errors, show_if_answer_block, show_if_question_block
from .polls import poll_dedupe_key, poll_results, voted_choice
from .registry import child_blocks


class QuestionBlock(blocks.StructBlock):
    """What every question has: its text, help, whether it must be answered, when it shows."""

    label = blocks.CharBlock(label=_("question"), max_length=500)
    help_text = blocks.CharBlock(label=_("help text"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("an answer is required"), required=False)
    show_if_question = show_if_question_block()
    show_if_answer = show_if_answer_block()

    class Meta:
        icon = "help"


class ChoicesMixin(blocks.StructBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("choice"), max_length=255), label=_("choices"), min_num=2
    )


class ShortTextQuestion(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("longest answer (characters)"), default=255, min_value=1, max_value=1000
    )

    class Meta:
        label = _("Short text")
        icon = "edit"


class LongTextQuestion(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("longest answer (characters)"), default=5000, min_value=1, max_value=20000
    )

    class Meta:
        label = _("Long text")
        icon = "doc-full"


class SingleChoiceQuestion(QuestionBlock, ChoicesMixin):
    display = blocks.ChoiceBlock(
        label=_("show as"),
        default="radio",
        choices=[("radio", _("Radio buttons")), ("dropdown", _("Dropdown list"))],
    )
    allow_other = blocks.BooleanBlock(label=_("offer 'Other' with a text box"), required=False)

    class Meta:
        label = _("Single choice")
        icon = "radio-full"


class MultipleChoiceQuestion(QuestionBlock, ChoicesMixin):
    min_choices = blocks.IntegerBlock(label=_("fewest choices"), required=False, min_value=0)
    max_choices = blocks.IntegerBlock(label=_("most choices"), required=False, min_value=1)
    allow_other = blocks.BooleanBlock(label=_("offer 'Other' with a text box"), required=False)

    class Meta:
        label = _("Multiple choice")
        icon = "tasks"


class ScaleQuestion(QuestionBlock):
    points = blocks.IntegerBlock(
        label=_("points on the scale"), default=5, min_value=2, max_value=11
    )
    min_label = blocks.CharBlock(
        label=_("label of the lowest point"), max_length=100, default=_("Strongly disagree")
    )
    max_label = blocks.CharBlock(
        label=_("label of the highest point"), max_length=100, default=_("Strongly agree")
    )

    class Meta:
        label = _("Scale (agree or disagree)")
        icon = "order"


class RatingQuestion(QuestionBlock):
    max_rating = blocks.IntegerBlock(
        label=_("highest rating"), default=5, min_value=2, max_value=10
    )

    class Meta:
        label = _("Rating")
        icon = "pick"


class RankingQuestion(QuestionBlock, ChoicesMixin):
    class Meta:
        label = _("Ranking")
        icon = "list-ol"


class NumberQuestion(QuestionBlock):
    min_value = blocks.DecimalBlock(label=_("lowest number"), required=False)
    max_value = blocks.DecimalBlock(label=_("highest number"), required=False)

    class Meta:
        label = _("Number")
        icon = "plus-inverse"


class DateQuestion(QuestionBlock):
    class Meta:
        label = _("Date")
        icon = "date"


class EmailQuestion(QuestionBlock):
    class Meta:
        label = _("Email address")
        icon = "mail"


class MatrixQuestion(QuestionBlock):
    rows = blocks.ListBlock(
        blocks.CharBlock(label=_("row"), max_length=255), label=_("rows (statements)"), min_num=1
    )
    columns = blocks.ListBlock(
        blocks.CharBlock(label=_("column"), max_length=100), label=_("columns (answers)"), min_num=2
    )

    class Meta:
        label = _("Matrix (rows by columns)")
        icon = "table"


class InformationBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(
        label=_("text"), features=["bold", "italic", "link", "ul", "ol", "h3"]
    )
    show_if_question = show_if_question_block()
    show_if_answer = show_if_answer_block()

    class Meta:
        label = _("Information")
        icon = "info-circle"


class PageBreakBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title of the next step"), required=False, max_length=255)
    show_if_question = show_if_question_block()
    show_if_answer = show_if_answer_block()

    class Meta:
        label = _("Page break (next step)")
        icon = "arrow-right"


class SurveyQuestionsBlock(blocks.StreamBlock):
    """A survey's questions: a child block per registered question type, in registration order.

    Its children are looked up in the registry when used (not fixed when the model is
    defined), and it deconstructs without them: a type a site registers changes no
    migration of this package. Saving checks every condition (``conditions.condition_errors``)."""

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(None, **kwargs)

    @property
    def child_blocks(self):
        return child_blocks()

    @child_blocks.setter
    def child_blocks(self, value):
        """Set by StreamBlock's constructor: the registry decides."""

    def deconstruct(self):
        return (
            "wagtail_participation.surveys.blocks.SurveyQuestionsBlock",
            [],
            self._constructor_kwargs,
        )

    def deconstruct_with_lookup(self, lookup):
        return self.deconstruct()

    def clean(self, value):
        try:
            cleaned = super().clean(value)
        except blocks.StreamBlockValidationError as errors:
            raise_condition_errors(value, errors)
            raise
        raise_condition_errors(value)
        return cleaned


def survey_question_blocks():
    """(name, block) of every registered question type (``SurveyQuestionsBlock`` holds them)."""
    return list(child_blocks().items())


class PollBlock(blocks.StructBlock):
    """A poll on any page: one question, one vote per resident or browser, results after voting."""

    poll = SnippetChooserBlock("wagtail_participation_surveys.Poll", label=_("poll"))

    class Meta:
        icon = "pick"
        label = _("Poll")
        template = "wagtail_participation_surveys/blocks/poll.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        poll = value.get("poll")
        request = (parent_context or {}).get("request")
        voted = False
        choice = None
        if poll is not None and request is not None:
            participant = get_participant(request)
            choice = voted_choice(poll, poll_dedupe_key(poll, participant, browser_token(request)))
            voted = choice is not None
            if voted:  # this browser's own view of the poll: never kept by a shared cache
                keep_private(request)
        context.update(
            poll=poll,
            voted=voted,
            voted_choice=choice,
            results=poll_results(poll) if poll is not None else None,
            show_results=poll is not None
            and (voted or not poll.is_open or poll.results_before_voting),
            next_url=request.get_full_path() if request is not None else "",
        )
        return context


class SurveyChooserBlock(MixinPageChooserBlock):
    """Chooses a survey: a page of any type built from ``SurveyPageMixin`` (the package's own,
    or a site's)."""

    recorded_page_type = "wagtail_participation_surveys.SurveyPage"

    @cached_property
    def target_models(self) -> list[type[Page]]:
        from .models import SurveyPageMixin  # cycle: the models' question field uses this module

        return page_models(SurveyPageMixin) or [Page]


#: Words of the survey's introduction a teaser shows when the editor gives no summary.
TEASER_INTRO_WORDS = 40


class SurveyTeaserBlock(blocks.StructBlock):
    """A survey's title, its dates, a few words about it and a link to take it (or to its
    results once they are public), for any StreamField: a news article announces a survey as
    it does a project, an idea board, a poll or a petition."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    survey = SurveyChooserBlock(label=_("survey"))
    summary = blocks.TextBlock(
        label=_("summary"),
        required=False,
        max_length=300,
        help_text=_("A sentence or two. Empty: the start of the survey's introduction."),
    )

    class Meta:
        icon = "form"
        label = _("Survey teaser")
        template = "wagtail_participation_surveys/blocks/survey_teaser.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("survey")
        # Nothing of a survey this visitor may not view (unpublished, or behind a view restriction).
        request = (parent_context or {}).get("request")
        survey = page.specific if page and page_is_viewable(page, request) else None
        if survey is not None and not hasattr(survey, "results_public"):
            survey = None  # a page that is no longer a survey
        summary = ""
        if survey is not None:
            summary = value.get("summary") or Truncator(
                " ".join(strip_tags(survey.intro or "").split())
            ).words(TEASER_INTRO_WORDS)
        context.update(survey=survey, summary=summary)
        return context
