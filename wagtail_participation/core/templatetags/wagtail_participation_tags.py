"""``{% load wagtail_participation_tags %}``: forms, comments, the resident's status, and a
contribution as its moderators see it."""

import copy

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import template
from django.conf import settings as django_settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info

from .. import formats
from ..conf import settings
from ..forms import CommentForm
from ..models import Comment, Contribution
from ..participants import get_participant
from ..policy import PAGE_REASONS, Action, Reason, decide
from ..redirects import sign_in_url
from ..sanitize import render_text

register = template.Library()


@register.simple_tag(takes_context=True)
def participation_form(context, form, insert_after=None, insert_template=None):
    """Render ``form``'s fields with our crispy template pack (no CRISPY_TEMPLATE_PACK needed).

    ``insert_template`` is rendered right after the field ``insert_after`` (for example the
    similar ideas under the title, where a resident on a phone is typing), or after the last
    field when the form brings its own layout or has no such field."""
    helper = getattr(form, "helper", None)
    if helper is None:
        helper = FormHelper(form)
        helper.form_tag = False
    layout = getattr(helper, "layout", None)
    items = list(layout.fields) if layout is not None else list(form.fields)
    if insert_template and insert_after in items:
        # The field is one of the layout's own items: the template goes right after it.
        at = items.index(insert_after) + 1
        name = insert_template.replace('"', "")
        include = HTML(f'{{% include "{name}" %}}')
        helper = copy.copy(helper)
        helper.layout = Layout(*items[:at], include, *items[at:])
        insert_template = None
    pack = getattr(helper, "template_pack", None) or settings.FORM_TEMPLATE_PACK
    node = CrispyFormNode("wp_form", "wp_helper", template_pack=pack)
    with context.push(wp_form=form, wp_helper=helper):
        rendered = node.render(context)
    if insert_template:
        # Both are rendered templates (safe strings), and so is their sum.
        rendered += render_to_string(insert_template, context.flatten())
    return rendered


@register.simple_tag
def participation_widget(field):
    """A field's widget with its hint and error wired up for assistive technology."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_hint")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def participation_text(value):
    """Plain resident text as safe HTML (escaped, paragraphs, safe links)."""
    return render_text(value)


@register.filter
def participation_number(value):
    """A number grouped for the active language ("1,000", "1.000"), whatever the site's
    ``USE_THOUSAND_SEPARATOR`` (``core.formats.number``)."""
    return formats.number(value)


@register.filter
def participation_duration(seconds):
    """A length of time given in seconds, as people say it: "7 days", "1 hour"
    (``core.formats.duration``)."""
    return formats.duration(seconds)


@register.simple_tag(takes_context=True)
def participation_comments(context, page, target=None):
    """The comment thread of ``page`` (or of contribution ``target`` on it) with its form."""
    request = context.get("request")
    participant = get_participant(request) if request else None
    comments = Comment.objects.visible_to(participant).thread(page, target)
    replies = comments.replies().select_related("author").order_by("created_at")
    threads = (
        comments.top_level()
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by("created_at")[: settings.COMMENTS_PAGE_SIZE]
    )
    if target is not None:
        action = reverse("wagtail_participation:comment_on_contribution", args=[target.pk])
    else:
        action = reverse("wagtail_participation:comment_on_page", args=[page.pk])
    specific = page.specific if hasattr(page, "specific") else page
    decision = decide(participant, Action.COMMENT, specific)
    threads = list(threads)
    if not threads and decision.reason == Reason.NOT_OFFERED:
        return ""  # comments were never on here: no empty "Comments" section
    return render_to_string(
        "wagtail_participation/comments/thread.html",
        {
            "page": specific,
            "threads": threads,
            "participant": participant,
            "comments_open": decision.allowed or decision.reason not in PAGE_REASONS,
            "may_comment": decision.allowed,
            "decision": decision,
            "form": CommentForm(antispam_target=CommentForm.target_for(page, target)),
            "honeypot_name": settings.HONEYPOT_FIELD_NAME,
            "action": action,
            "sign_in_url": sign_in_url(request.get_full_path() if request else "/"),
        },
        request=request,
    )


@register.simple_tag(name="participation_sign_in_url")
def participation_sign_in_url_tag(next_url=None):
    """``{% participation_sign_in_url request.get_full_path %}``: the sign-in page, coming back to ``next_url``."""
    return sign_in_url(next_url)


@register.inclusion_tag("wagtail_participation/includes/user_status.html", takes_context=True)
def participation_user_status(context):
    request = context.get("request")
    return {
        "request": request,
        "participant": get_participant(request) if request else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def moderation_details(context, contribution):
    """``contribution`` for its moderators: its type's ``moderation_template``.

    Only for admin views that have checked the user may moderate it: the template shows
    whatever the resident wrote or attached, whatever its state.
    """
    specific = contribution.specific if type(contribution) is Contribution else contribution
    return render_to_string(
        specific.moderation_template,
        {"contribution": specific, **specific.get_moderation_context()},
        request=context.get("request"),
    )


@register.inclusion_tag("wagtail_participation/includes/language_switcher.html", takes_context=True)
def participation_language_switcher(context):
    """``{% participation_language_switcher %}``: a link per language of ``LANGUAGES`` (each
    written in its own language), back to the page shown; the current one is marked."""
    request = context.get("request")
    current = get_language()
    here = request.get_full_path() if request else "/"
    base = reverse("wagtail_participation:set_language")
    languages = []
    for code, _name in django_settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": info["name_local"],
                "current": code == current,
                "url": f"{base}?{urlencode({'language': code, 'next': here})}",
            }
        )
    return {"languages": languages if len(languages) > 1 else []}
