"""``{% load wagtail_participation_projects_tags %}``: the project a page belongs to."""

from django import template

from ..models import project_of

register = template.Library()


@register.simple_tag
def participation_project(page):
    """``{% participation_project page as project %}``: the project ``page`` is part of (its
    nearest ancestor built from ``ParticipationProjectPageMixin``), or None."""
    return project_of(page) if page is not None and getattr(page, "pk", None) else None
