from django.urls import path

from wagtail_participation.core import converters  # noqa: F401  (registers <wp_id:...>)

from . import views

app_name = "wagtail_participation_petitions"

urlpatterns = [
    path("petitions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("petitions/support/<uuid:key>/", views.sponsor, name="sponsor"),
    path("petitions/<wp_id:petition_id>/count.json", views.count, name="count"),
    path("petitions/<wp_id:petition_id>/sign/", views.sign_by_id, name="sign"),
    path("petitions/<wp_id:petition_id>/signed/", views.signed_by_id, name="signed"),
]
