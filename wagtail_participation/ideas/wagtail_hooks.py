"""Registration only: the ideas listing in the Participation menu, the idea status log action,
and the map tiles' origin among the Content-Security-Policy's image sources."""

from wagtail import hooks

from wagtail_participation.core.admin.menu import register_participation_listing

from .admin.deletion import ideas_going_with
from .admin.options import IdeaAdmin
from .log_actions import register_idea_log_actions
from .maps import allow_map_tiles

register_participation_listing(IdeaAdmin)
hooks.register("register_log_actions", register_idea_log_actions)
hooks.register("register_participation_csp", allow_map_tiles)
hooks.register("describe_participation_page_deletion", ideas_going_with)
