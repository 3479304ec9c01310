"""Registration only: the answers listing in the Participation menu, the answers' log action."""

from wagtail import hooks

from wagtail_participation.core.admin.menu import register_participation_listing

from .admin import AnswerListing
from .log_actions import register_answer_log_actions

register_participation_listing(AnswerListing)
hooks.register("register_log_actions", register_answer_log_actions)
