"""Petitions' own system checks, registered from their AppConfig (core names no method app)."""

from django.test import override_settings

from wagtail_participation.petitions.checks import check_petition_count_cache, check_settings


def test_petition_settings_are_checked_by_petitions():
    assert check_settings(None) == []
    with override_settings(
        WAGTAIL_PARTICIPATION_PETITION_AREA="street", WAGTAIL_PARTICIPATION_IDEA_SIMILAR_LIMIT=0
    ):
        errors = check_settings(None)
    assert [(e.id, e.msg) for e in errors] == [
        (
            "wagtail_participation.E005",
            'WAGTAIL_PARTICIPATION_PETITION_AREA must be "postcode", "ward" or None.',
        )
    ]


def test_the_count_cache_warning_is_the_petitions():
    with override_settings(DEBUG=False):
        assert [w.id for w in check_petition_count_cache(None)] == ["wagtail_participation.W002"]
    with override_settings(DEBUG=True):
        assert check_petition_count_cache(None) == []
