"""Who may moderate what: Wagtail's page permissions decide.

A user may moderate a contribution when they may publish its page. Permission
on a page covers its descendants, so the moderators of one project (a group
with "publish" on that project's page) never see another project's items.
"""

from django.apps import apps
from django.db.models import Q
from wagtail.permission_policies.pages import PagePermissionPolicy

_policy = PagePermissionPolicy()


def _publishable_page_roots(user):
    """Pages on which one of the user's groups holds the "publish" permission."""
    return [
        perm.page
        for perm in _policy.get_cached_permissions_for_user(user)
        if perm.permission.codename == "publish_page"
    ]


def moderatable_contributions(user, queryset=None):
    """``queryset`` (default: all contributions) narrowed to what ``user`` may moderate.

    The rule of ``ContributionQuerySet.for_moderator``, for any queryset of contributions (a
    method's own contribution type with a queryset of its own too).
    """
    if queryset is None:
        # The models import this module (ContributionQuerySet.for_moderator): the model by name.
        queryset = apps.get_model("wagtail_participation", "Contribution").objects.all()
    if not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    roots = _publishable_page_roots(user)
    if not roots:
        return queryset.none()
    paths = Q()
    for page in roots:
        paths |= Q(page__path__startswith=page.path)
    return queryset.filter(paths)


def can_moderate_page(user, page):
    """True when ``user`` may moderate the contributions on ``page``."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(page.path.startswith(root.path) for root in _publishable_page_roots(user))


def can_moderate(user, contribution):
    return can_moderate_page(user, contribution.page)


def can_moderate_anything(user):
    return user.is_active and (user.is_superuser or bool(_publishable_page_roots(user)))
