"""Registration only: the admin menu, log actions. The classes live in admin/ and log_actions.py."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from .admin.options import ParticipationGroup
from .log_actions import register_participation_log_actions

modeladmin_register(ParticipationGroup)
hooks.register("register_log_actions", register_participation_log_actions)
