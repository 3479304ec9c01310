from django.urls import path

from . import converters  # noqa: F401  (registers <wp_id:...>)
from .views import comments, eligibility, languages, names, privacy, reports, signin

app_name = "wagtail_participation"

urlpatterns = [
    path("sign-in/", signin.sign_in_view, name="sign_in"),
    path("sign-in/sent/", signin.sign_in_sent, name="sign_in_sent"),
    path("sign-in/<str:token>/", signin.sign_in_confirm, name="sign_in_confirm"),
    path("sign-out/", signin.sign_out_view, name="sign_out"),
    path("language/", languages.set_language, name="set_language"),
    path("my-data/", privacy.my_data, name="my_data"),
    path("my-data/name/", names.my_name, name="my_name"),
    path("my-data/details/", eligibility.my_details, name="my_details"),
    path("my-data/download/", privacy.my_data_download, name="my_data_download"),
    path("my-data/forget/", privacy.forget_me, name="forget_me"),
    path("my-data/forgotten/", privacy.forgotten, name="forgotten"),
    path("voting-code/<wp_id:page_id>/", eligibility.voting_code, name="voting_code"),
    path("comments/page/<wp_id:page_id>/", comments.comment_on_page, name="comment_on_page"),
    path(
        "comments/contribution/<wp_id:contribution_id>/",
        comments.comment_on_contribution,
        name="comment_on_contribution",
    ),
    path("contributions/<wp_id:contribution_id>/report/", reports.report_view, name="report"),
    path(
        "contributions/<wp_id:contribution_id>/reported/",
        reports.report_thanks,
        name="report_thanks",
    ),
]
