"""Fast bulk data for benchmarks and tests: thousands of ideas, votes and responses.

``Idea`` extends ``Contribution`` (multi-table inheritance), which ``bulk_create``
cannot insert: the parent rows go in with ``bulk_create`` (which returns their
keys on PostgreSQL and SQLite), then the child rows with one ``executemany``.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from wagtail_participation.core.models import Contribution, ModerationState, Participant
from wagtail_participation.ideas.models import Idea, IdeaVote

WORDS = [
    "park",
    "bench",
    "trees",
    "cycle lane",
    "bus stop",
    "playground",
    "library",
    "lighting",
    "bins",
    "market",
]


def participants(count, prefix="bench"):
    """``count`` verified residents (reusing those made before with the same prefix)."""
    existing = Participant.objects.filter(email__startswith=f"{prefix}-").count()
    Participant.objects.bulk_create(
        [
            Participant(
                email=f"{prefix}-{n}@example.org",
                mailbox_key=f"{prefix}-{n}@example.org",
                display_name=f"Resident {n}",
                verified_at=timezone.now(),
            )
            for n in range(existing, count)
        ],
        batch_size=2000,
    )
    return list(Participant.objects.filter(email__startswith=f"{prefix}-").order_by("pk")[:count])


@transaction.atomic
def bulk_ideas(board, count, authors=None, seed=1, categories=(), statuses=(), search_index=True):
    """``count`` published ideas on ``board``, newest first; returns their ids.

    Ideas take ``categories`` and ``statuses`` in turn when given, and go into
    Wagtail's search index unless ``search_index`` is False (as saving them would).
    """
    rng = random.Random(seed)
    authors = authors or participants(50)
    content_type = ContentType.objects.get_for_model(Idea)
    now = timezone.now()
    ideas = []
    for n in range(count):
        word = WORDS[n % len(WORDS)]
        idea = Idea(
            page_id=board.pk,
            content_type=content_type,
            author=authors[n % len(authors)],
            moderation_state=ModerationState.PUBLISHED,
            created_at=now - datetime.timedelta(minutes=n),
            title=f"Idea number {n}: more {word}",
            description=f"Idea {n} would make the park better for everyone with more {word}. " * 3,
            comment_count=rng.randint(0, 5),
            category=categories[n % len(categories)] if categories else None,
        )
        if statuses:
            idea.status = statuses[n % len(statuses)]
        idea.summary = idea.get_summary()[:255]
        ideas.append(idea)
    parents = [
        Contribution(
            **{f.attname: getattr(idea, f.attname) for f in Contribution._meta.concrete_fields}
        )
        for idea in ideas
    ]
    Contribution.objects.bulk_create(parents, batch_size=2000)
    fields = list(Idea._meta.local_concrete_fields)  # contribution_ptr and Idea's own columns
    table = connection.ops.quote_name(Idea._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = []
    for idea, parent in zip(ideas, parents, strict=True):
        idea.pk = idea.contribution_ptr_id = idea.id = parent.pk
        rows.append([f.get_db_prep_save(getattr(idea, f.attname), connection) for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(
            # table and columns from the model's meta, quoted; the values are parameters
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )
    if search_index:
        index_ideas(ideas)
    _bump(board.pk)
    return [idea.pk for idea in ideas]


def index_ideas(ideas, chunk=1000):
    """Add ``ideas`` to Wagtail's search index in bulk (bulk inserts send no signals)."""
    from wagtail.search.backends import get_search_backends

    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(ideas), chunk):
            backend.add_bulk(Idea, ideas[start : start + chunk])


@transaction.atomic
def bulk_votes(idea_ids, count, voters, seed=2, recent_days=30):
    """``count`` support votes spread over ``idea_ids`` by ``voters`` (cast over the last
    ``recent_days``), then the ideas' cached counts recounted from the rows."""
    rng = random.Random(seed)
    count = min(count, len(idea_ids) * len(voters))
    now = timezone.now()
    chosen = set()
    votes = []
    while len(votes) < count:
        pair = (rng.choice(idea_ids), rng.randrange(len(voters)))
        if pair in chosen:
            continue
        chosen.add(pair)
        votes.append(
            IdeaVote(
                idea_id=pair[0],
                participant=voters[pair[1]],
                value=IdeaVote.SUPPORT,
                created_at=now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * recent_days)),
            )
        )
    IdeaVote.objects.bulk_create(votes, batch_size=5000)
    from wagtail_participation.ideas.counts import recount_votes

    recount_votes(idea_ids)
    for page_id in (
        Idea.objects.filter(pk__in=idea_ids).order_by().values_list("page_id", flat=True).distinct()
    ):
        _bump(page_id)
    return count


def _bump(board_id):
    """Tell the listing's count cache that the board's ideas changed (as the signals would)."""
    from wagtail_participation.ideas import listing_cache

    transaction.on_commit(lambda: listing_cache.bump(board_id))
    listing_cache.bump(board_id)


def analyze():
    """Refresh PostgreSQL's statistics after a bulk load, as autovacuum would on a live site."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def site_root():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page


def add_page(page, parent=None):
    (parent or site_root()).add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def make_board(categories=(), **fields):
    """A live idea board under the site's root page, open, with support voting."""
    from wagtail_participation.ideas.models import IdeaBoardPage

    fields.setdefault("question", "How can we make the park better?")
    fields.setdefault("allow_comments", True)
    board = add_page(IdeaBoardPage(**fields))
    if categories:
        board.categories.set(categories)
        board.save_revision().publish()
        board = IdeaBoardPage.objects.get(pk=board.pk)
    return board
