"""The StreamField holding a survey's questions."""

from django.db import models
from wagtail.fields import StreamField

from .blocks import SurveyQuestionsBlock


class SurveyQuestionsField(StreamField):
    """A StreamField of the registered question types (``SurveyQuestionsBlock``).

    Its migrations name no block: the blocks come from the registry when the field is used,
    so a question type a site registers (or a change to a built-in block) needs no migration
    here or in the site. Data migrations read and write its raw JSON, as for any StreamField."""

    def __init__(self, block_types=None, **kwargs):
        # ``block_types`` and ``block_lookup`` (from older migrations) are ignored: the registry decides.
        kwargs.pop("block_lookup", None)
        super().__init__(SurveyQuestionsBlock, **kwargs)

    def deconstruct(self):
        name, path, _args, kwargs = models.Field.deconstruct(self)
        return name, path, [], kwargs
