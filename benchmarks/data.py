"""Fast bulk data for benchmarks and tests: thousands of ideas, votes and responses."""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from wagtail_participation.core.models import Contribution, ModerationState, Participant
from wagtail_participation.ideas.models import Idea, IdeaVote


def participants(count, prefix="bench"):
    existing = Participant.objects.filter(email__startswith=f"{prefix}-").count()
    Participant.objects.bulk_create(
        [Participant(email=f"{prefix}-{n}@example.org", display_name=f"Resident {n}", verified_at=timezone.now())
         for n in range(existing, count)],
        batch_size=2000,
    )
    return list(Participant.objects.filter(email__startswith=f"{prefix}-").order_by("pk")[:count])


@transaction.atomic
def bulk_ideas(board, count, authors=None, seed=1):
    """``count`` published ideas on ``board`` (multi-table rows inserted in bulk)."""
    rng = random.Random(seed)
    authors = authors or participants(50)
    content_type = ContentType.objects.get_for_model(Idea)
    now = timezone.now()
    base = [
        Contribution(
            page_id=board.pk, content_type=content_type, author=authors[n % len(authors)],
            summary=f"Idea {n}: a description", moderation_state=ModerationState.PUBLISHED,
            created_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(count)
    ]
    Contribution.objects.bulk_create(base, batch_size=2000)
    fields = list(Idea._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = []
    for n, contribution in enumerate(base):
        idea = Idea(contribution_ptr_id=contribution.pk, title=f"Idea number {n}",
                    description=f"Idea {n} would make the park better for everyone. " * 3,
                    comment_count=rng.randint(0, 5))
        rows.append([f.get_db_prep_save(getattr(idea, f.attname), connection) for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(Idea._meta.db_table)} ({columns}) VALUES ({placeholders})", rows,
        )
    return [c.pk for c in base]


@transaction.atomic
def bulk_votes(idea_ids, count, voters, seed=2):
    """``count`` support votes spread over ``idea_ids`` by ``voters``, with exact cached counts."""
    rng = random.Random(seed)
    now = timezone.now()
    chosen = set()
    votes = []
    while len(votes) < count:
        pair = (rng.choice(idea_ids), rng.randrange(len(voters)))
        if pair in chosen:
            continue
        chosen.add(pair)
        votes.append(IdeaVote(idea_id=pair[0], participant=voters[pair[1]], value=IdeaVote.SUPPORT,
                              created_at=now - datetime.timedelta(hours=rng.randint(0, 24 * 30))))
    IdeaVote.objects.bulk_create(votes, batch_size=5000)
    from wagtail_participation.ideas.counts import recount_votes

    recount_votes(idea_ids)


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


def make_board(**fields):
    from wagtail_participation.ideas.models import IdeaBoardPage

    fields.setdefault("question", "How can we make the park better?")
    fields.setdefault("allow_comments", True)
    return add_page(IdeaBoardPage(**fields))
