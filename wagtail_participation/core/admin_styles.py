"""The participation admin's stylesheet, added to every Wagtail admin page.

Registered in ``wagtail_hooks.py`` with Wagtail's ``insert_global_admin_css`` hook; the
classes (``wp-admin-*``) are in ``static/wagtail_participation/css/admin.css``, so admin
templates need no inline styles.
"""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

ADMIN_STYLESHEET = "wagtail_participation/css/admin.css"


def admin_stylesheet() -> SafeString:
    """The ``<link>`` to the admin stylesheet."""
    return format_html('<link rel="stylesheet" href="{}">', static(ADMIN_STYLESHEET))
