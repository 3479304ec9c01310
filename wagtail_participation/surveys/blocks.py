"""The blocks editors build a survey from, the poll block and the survey teaser block.

Each question is a StreamField child, so Wagtail gives it a UUID (``block.id``)
that stays the same when the editor rewrites its text, moves it or changes its
options: answers are stored under that id, never under the question's text.

The survey's StreamField offers one block per registered question type
(``registry.register_question_type``): ``SurveyQuestionsBlock`` looks them up when it is
used, so a type a site registers appears in the editor like the built-in ones.
"""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
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


def lines(value) -> list[str]:
    """The non-empty lines of ``value``, stripped; a list (the old ``ListBlock`` data, plain
    strings or ``{"type": "item", "value": ...}`` items) gives its items the same way."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.splitlines()
    else:
        items = [item.get("value") if isinstance(item, dict) else item for item in value]
    return [text for text in (str(item or "").strip() for item in items) if text]


class LinesBlock(blocks.TextBlock):
    """A list of strings typed one per line in one box, as Wagtail's form builder takes choices.

    Its value is a list of strings (what the question types read); it is stored as the text
    with one item a line, and reads the old ``ListBlock`` data (a list) too."""

    def __init__(self, min_num=0, max_length=255, **kwargs):
        self.min_num = min_num
        self.max_line_length = max_length
        super().__init__(**kwargs)

    def get_default(self):
        return lines(super().get_default())

    def normalize(self, value):
        return lines(value)

    def to_python(self, value):
        return lines(value)

    def bulk_to_python(self, values):
        return [lines(value) for value in values]

    def get_prep_value(self, value):
        return "\n".join(lines(value))

    def value_for_form(self, value):
        return "\n".join(lines(value))

    def value_from_form(self, value):
        return lines(value)

    def get_form_state(self, value):
        return self.value_for_form(value)

    # wagtail-localize: one segment a line, so translators translate each choice on its own.

    def get_translatable_segments(self, value):
        from wagtail_localize.segments import StringSegmentValue

        return [StringSegmentValue(str(i), line) for i, line in enumerate(lines(value))]

    def restore_translated_segments(self, value, segments):
        items = lines(value)
        for segment in segments:
            index = int(str(segment.path).split(".")[0])
            if index < len(items):
                items[index] = segment.render_text()
        return items

    def clean(self, value):
        value = lines(value)
        if self.required and not value:
            raise ValidationError(self.field.error_messages["required"])
        if len(value) < self.min_num:
            raise ValidationError(
                ngettext(
                    "Give at least %(count)d line.",
                    "Give at least %(count)d lines, one on each line.",
                    self.min_num,
                )
                % {"count": self.min_num}
            )
        long = [item for item in value if len(item) > self.max_line_length]
        if long:
            raise ValidationError(
                _("Keep each line to %(max)d characters or fewer.") % {"max": self.max_line_length}
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("Give each line only once."))
        return value

    def get_searchable_content(self, value):
        return lines(value)


def choices_as_lines(raw_stream):
    """``raw_stream`` (a survey StreamField's stored JSON) with every question's choices
    stored as one text, one choice a line, instead of the old list: the data migrations use
    it. Returns ``(new raw stream, whether anything changed)``; choice texts stay the same,
    so answers (stored under the choice's text) still match."""
    changed = False
    result = []
    for child in raw_stream or []:
        value = child.get("value") if isinstance(child, dict) else None
        if isinstance(value, dict) and isinstance(value.get("choices"), list):
            child = {**child, "value": {**value, "choices": "\n".join(lines(value["choices"]))}}
            changed = True
        result.append(child)
    return result, changed


class QuestionBlock(blocks.StructBlock):
    """What every question has, in the order the editor fills it in: its text, help, whether
    it must be answered, then what its type adds, then when it shows (the condition last)."""

    label = blocks.CharBlock(label=_("Question"), max_length=500)
    help_text = blocks.CharBlock(label=_("Help text"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("An answer is required"), required=False)
    show_if_question = show_if_question_block()
    show_if_answer = show_if_answer_block()

    FIRST = ("label", "help_text", "required")
    LAST = ("show_if_question", "show_if_answer")  # the condition comes last

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(local_blocks, **kwargs)
        self.child_blocks = {name: self.child_blocks[name] for name in self._field_order()}

    def _field_order(self):
        first, last = self.FIRST, self.LAST
        middle = [n for n in self.child_blocks if n not in first + last]
        return [n for n in (*first, *middle, *last) if n in self.child_blocks]

    def get_form_layout(self):
        """The editor's field order (Wagtail 7.2+ lays a StructBlock out by its form layout)."""
        if self.meta.form_layout is None and hasattr(blocks, "BlockGroup"):
            return blocks.BlockGroup(self._field_order())
        return super().get_form_layout()

    # Wagtail's block preview (the block chooser): the question as residents see it.

    def get_preview_value(self):
        value = dict(self.get_default())
        value["label"] = _("What do you think of the new park?")
        value["help_text"] = _("Your answer helps the council decide.")
        if "choices" in self.child_blocks:
            value["choices"] = [_("Very good"), _("Good"), _("Poor"), _("Very poor")]
        if "rows" in self.child_blocks:
            value["rows"] = [_("The paths"), _("The playground")]
            value["columns"] = [_("Good"), _("Poor")]
        return self.normalize(value)

    def get_preview_context(self, value, parent_context=None):
        from .questions import preview_question  # questions imports blocks

        context = super().get_preview_context(value, parent_context=parent_context)
        question, fields = preview_question(self.name, value)
        return {**context, "question": question, "fields": fields}

    class Meta:
        icon = "help"
        #: A collapsed question shows its text (after its type's label).
        label_format = "{label}"
        preview_template = "wagtail_participation_surveys/blocks/question_preview.html"


def choices_block():
    return LinesBlock(
        label=_("Choices"),
        min_num=2,
        help_text=_("One choice on each line. Move a line to reorder the choices."),
    )


class ChoicesMixin(blocks.StructBlock):
    choices = choices_block()


class ShortTextQuestion(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Longest answer (characters)"), default=255, min_value=1, max_value=1000
    )

    class Meta:
        label = _("Short text")
        icon = "edit"


class LongTextQuestion(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Longest answer (characters)"), default=5000, min_value=1, max_value=20000
    )

    class Meta:
        label = _("Long text")
        icon = "doc-full"


class SingleChoiceQuestion(QuestionBlock, ChoicesMixin):
    display = blocks.ChoiceBlock(
        label=_("Show as"),
        default="radio",
        choices=[("radio", _("Radio buttons")), ("dropdown", _("Dropdown list"))],
    )
    allow_other = blocks.BooleanBlock(label=_("Offer 'Other' with a text box"), required=False)

    class Meta:
        label = _("Single choice")
        icon = "radio-full"


class MultipleChoiceQuestion(QuestionBlock, ChoicesMixin):
    min_choices = blocks.IntegerBlock(label=_("Fewest choices"), required=False, min_value=0)
    max_choices = blocks.IntegerBlock(label=_("Most choices"), required=False, min_value=1)
    allow_other = blocks.BooleanBlock(label=_("Offer 'Other' with a text box"), required=False)

    class Meta:
        label = _("Multiple choice")
        icon = "tasks"


class ScaleQuestion(QuestionBlock):
    points = blocks.IntegerBlock(
        label=_("Points on the scale"), default=5, min_value=2, max_value=11
    )
    min_label = blocks.CharBlock(
        label=_("Label of the lowest point"), max_length=100, default=_("Strongly disagree")
    )
    max_label = blocks.CharBlock(
        label=_("Label of the highest point"), max_length=100, default=_("Strongly agree")
    )

    class Meta:
        label = _("Scale (agree or disagree)")
        icon = "order"


class RatingQuestion(QuestionBlock):
    max_rating = blocks.IntegerBlock(
        label=_("Highest rating"), default=5, min_value=2, max_value=10
    )

    class Meta:
        label = _("Rating")
        icon = "pick"


class RankingQuestion(QuestionBlock, ChoicesMixin):
    class Meta:
        label = _("Ranking")
        icon = "list-ol"


class NumberQuestion(QuestionBlock):
    min_value = blocks.DecimalBlock(label=_("Lowest number"), required=False)
    max_value = blocks.DecimalBlock(label=_("Highest number"), required=False)

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
        blocks.CharBlock(label=_("Row"), max_length=255), label=_("Rows (statements)"), min_num=1
    )
    columns = blocks.ListBlock(
        blocks.CharBlock(label=_("Column"), max_length=100), label=_("Columns (answers)"), min_num=2
    )

    class Meta:
        label = _("Matrix (rows by columns)")
        icon = "table"


class InformationBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "link", "ul", "ol", "h3"]
    )
    show_if_question = show_if_question_block()
    show_if_answer = show_if_answer_block()

    class Meta:
        label = _("Information")
        icon = "info-circle"


class PageBreakBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title of the next step"), required=False, max_length=255)
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
