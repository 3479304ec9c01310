"""Tags a site might write: the petition's sign form on its own page."""

from django import template

register = template.Library()


@register.simple_tag
def petition_sign_form(petition):
    from wagtail_participation.petitions.forms import SignatureForm

    return SignatureForm(antispam_target=petition.pk)
