"""Registration only: the Participation menu and core's listings in it, log actions, the
admin stylesheet, the delete confirmation's warning of what goes with a page, the dashboard's
panel of what waits for moderation, the layout warning when a page is served (layout.py), the
mark the Content-Security-Policy middleware finds on the package's pages (before_serve_page), the outbox.

The classes live in admin/ and log_actions.py; other apps add to the menu with the
``register_participation_menu_item`` hook (admin/menu.py).
"""

from wagtail import hooks

from .admin.deletion import warn_what_goes_with_page
from .admin.menu import participation_menu_item, register_participation_listing
from .admin.options import ModerationQueueAdmin, ParticipantAdmin, ReportAdmin
from .admin.outbox import OutboxListing
from .admin.urls import admin_urls
from .admin.voting_codes import admin_urls as voting_code_urls
from .admin.voting_codes import menu_item as voting_codes_menu_item
from .admin.voting_codes import register_log_actions as register_voting_code_log_actions
from .admin.waiting import add_waiting_panel
from .admin_styles import admin_stylesheet
from .layout import warn_if_assets_dropped
from .log_actions import register_participation_log_actions
from .middleware import mark_participation_page
from .translations import activate_page_language

hooks.register("register_admin_menu_item", participation_menu_item)
for listing in (ModerationQueueAdmin, ReportAdmin, ParticipantAdmin, OutboxListing):
    register_participation_listing(listing)
hooks.register("register_log_actions", register_participation_log_actions)
hooks.register("register_admin_urls", admin_urls)
hooks.register("insert_global_admin_css", admin_stylesheet)
hooks.register("before_delete_page", warn_what_goes_with_page)
hooks.register("construct_homepage_panels", add_waiting_panel)
hooks.register("register_admin_urls", voting_code_urls)
hooks.register("register_log_actions", register_voting_code_log_actions)
hooks.register("register_participation_menu_item", voting_codes_menu_item)
hooks.register("before_serve_page", warn_if_assets_dropped)
hooks.register("before_serve_page", mark_participation_page)
hooks.register("before_serve_page", activate_page_language)
