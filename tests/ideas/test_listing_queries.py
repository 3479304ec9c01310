"""The board listing's query count does not grow with the number of ideas."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.data import bulk_ideas, bulk_votes, participants
from tests.factories import ParticipantFactory, sign_in_client
from tests.ideas.factories import make_board

pytestmark = pytest.mark.django_db

SORTS = ["", "?sort=supported", "?sort=discussed", "?sort=trending", "?q=park&sort=supported", "?page=2"]


def query_counts(client, board):
    counts = {}
    for query in SORTS:
        client.get(board.url + query)  # warm: sessions, site root paths
        with CaptureQueriesContext(connection) as captured:
            response = client.get(board.url + query)
        assert response.status_code == 200
        counts[query] = len(captured)
    return counts


@pytest.mark.parametrize("signed_in", [False, True])
def test_same_query_count_for_10_and_5000_ideas(client, signed_in):
    small, large = make_board(), make_board()
    voters = participants(40)
    bulk_votes(bulk_ideas(small, 10), 100, voters)
    bulk_votes(bulk_ideas(large, 5000), 2000, voters)
    if signed_in:
        sign_in_client(client, ParticipantFactory())
    assert query_counts(client, small) == query_counts(client, large)
