"""The bare peer: a plain Django view that inserts one row, the limit of this stack.

Served beside the example site by the benchmark's gunicorn workers (``benchmarks.urls``),
through the same middleware (sessions, CSRF, locale, messages...), with no Wagtail,
no form and no template: what one POST that writes one row costs here. A signature
takes four such requests (sign, "check your email", the link, its button), so a
quarter of this rate is the most signatures a second this stack could confirm even
if they did nothing else.
"""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_POST

TABLE = "benchmarks_bare_row"


def create_table():
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
        )


def rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - TABLE is a constant
        return cursor.fetchone()[0]


@require_POST
def insert_one_row(request):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (body) VALUES (%s)",  # noqa: S608 - TABLE is a constant
            [request.POST.get("body", "")[:200]],
        )
    return HttpResponse("ok", content_type="text/plain")


def form(request):
    """A page holding the CSRF token the POSTs send (as a browser would have it)."""
    from django.middleware.csrf import get_token

    return HttpResponse(
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
    )
