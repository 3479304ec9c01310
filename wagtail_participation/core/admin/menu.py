"""The "Participation" admin menu, built from a hook as Wagtail builds its Settings menu.

An app adds an item with the ``register_participation_menu_item`` hook: a function taking no
arguments and returning a Wagtail ``MenuItem``. Items show in the order of their ``order``
(core's: moderation queue 100, reports 200, participants 300; a method's in between), each
only to those its ``is_shown(request)`` lets see it; the menu shows when one of them does.

``register_participation_listing(SomeModelAdmin)`` does it for a wagtail-modeladmin listing:
it registers the listing's admin URLs and permissions, as ``modeladmin_register`` does, and
adds its menu item (ordered by the listing's ``menu_order``) here instead of the main menu.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

MENU_HOOK = "register_participation_menu_item"
MENU_ORDER = 250  # its place in Wagtail's main menu

participation_menu = Menu(register_hook_name=MENU_HOOK)


def participation_menu_item():
    """The main menu's "Participation" item, holding ``participation_menu``."""
    return SubmenuMenuItem(
        _("Participation"),
        participation_menu,
        name="participation",
        icon_name="group",
        order=MENU_ORDER,
    )


def register_participation_listing(modeladmin_class):
    """Register a wagtail-modeladmin listing whose menu item joins the Participation menu.

    Usable as a class decorator. Returns the class.
    """
    listing = modeladmin_class()
    listing.add_to_admin_menu = False  # its item goes to the Participation menu instead
    listing.add_to_settings_menu = False
    listing.register_with_wagtail()
    hooks.register(MENU_HOOK, listing.get_menu_item)
    return modeladmin_class
