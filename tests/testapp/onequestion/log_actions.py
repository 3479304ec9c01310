"""The answers' entry in Wagtail's log: "Answer #42 given", in the page's history.

Like core's entries it names the answer by type and id, never by its text (core.log_actions).
"""

from django.utils.translation import gettext_lazy as _

from wagtail_participation.core.log_actions import ContributionLogFormatter

from .services import ANSWER_ACTION


class AnswerGivenFormatter(ContributionLogFormatter):
    label = _("Answer given")
    template = _("A resident gave %(type)s #%(id)s")


def register_answer_log_actions(actions):
    actions.register_action(ANSWER_ACTION)(AnswerGivenFormatter)
