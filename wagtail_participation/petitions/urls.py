from django.urls import path

from . import views

app_name = "wagtail_participation_petitions"

urlpatterns = [
    path("petitions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("petitions/support/<uuid:key>/", views.sponsor, name="sponsor"),
    path("petitions/<int:petition_id>/count.json", views.count, name="count"),
    path("petitions/<int:petition_id>/sign/", views.sign_by_id, name="sign"),
    path("petitions/<int:petition_id>/signed/", views.signed_by_id, name="signed"),
]
