"""Choosing the language of the site's interface, without JavaScript and without a form.

A link per language (``participation_language_switcher``) leads here with ``?language=``
and ``?next=``; the choice is kept in Django's language cookie, which ``LocaleMiddleware``
reads on every later request. A GET that changes only the visitor's own display language:
no CSRF token is needed, so the pages that carry the switcher stay cacheable.
"""

from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import check_for_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..redirects import local_url


@never_cache
@require_GET
def set_language(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("language", "")
    if code not in dict(django_settings.LANGUAGES) or not check_for_language(code):
        return HttpResponseBadRequest(gettext("This language is not offered."))
    response = redirect(local_url(request, request.GET.get("next", ""), "/"))
    response.set_cookie(
        django_settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=django_settings.LANGUAGE_COOKIE_AGE,
        path=django_settings.LANGUAGE_COOKIE_PATH,
        domain=django_settings.LANGUAGE_COOKIE_DOMAIN,
        secure=django_settings.LANGUAGE_COOKIE_SECURE,
        httponly=django_settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=django_settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
