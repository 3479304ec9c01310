"""The test site plus a page in a host site's own layout: a bakerydemo-like base template
(inline theme script, orange links, its own messages) rendering the page's StreamField with
``{{ page.body }}``, as many sites do, instead of ``{% include_block %}``."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from wagtail.models import Page

from example_site.urls import urlpatterns as site_urlpatterns


def host_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    return TemplateResponse(request, "testapp/host/page.html", {"page": page})


urlpatterns = [path("host/<int:page_id>/", host_page), *site_urlpatterns]
