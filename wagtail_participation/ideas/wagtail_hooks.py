"""Registration only: the idea status log action. The ideas listing joins core's
"Participation" menu (see ``METHOD_ADMINS`` in core/admin/options.py)."""

from wagtail import hooks

from .log_actions import register_idea_log_actions

hooks.register("register_log_actions", register_idea_log_actions)
