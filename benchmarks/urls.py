"""The benchmark server's URLs: the example site's, plus the bare peer (``benchmarks.peer``)."""

from django.urls import path

from example_site.urls import urlpatterns as site_urlpatterns

from . import peer

urlpatterns = [
    path("bench/bare/", peer.form),
    path("bench/bare/insert/", peer.insert_one_row),
    *site_urlpatterns,
]
