"""What the attack on the example site found (issue 22), how each hole was closed, and the test
that performs the attack and keeps it closed. Rendered into docs/security.md; each test named
here must exist (tests/security/test_findings.py)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    item: int
    severity: str
    finding: str
    fix: str
    tests: tuple  # "path::test_name" (or a file, when all its tests hold the finding)


FINDINGS = (
    Finding(
        1,
        "high",
        "Admin listing filters traversed relations: a moderator with publish rights on one page read "
        "the superuser's password hash (`?page_id__owner__password__startswith=...`) and another "
        "section's page-privacy password (through `category__...__view_restrictions__password`).",
        "A listing builds its declared filters first and lets each take exactly the parameters it "
        "consumes (`expected_parameters()`), plus the listing's own (`q`, `o`, `p`...); anything else "
        "is refused with 400 before any filtering. The exports follow the same rule.",
        (
            "tests/core/test_security_listing_filters.py::test_a_true_and_a_false_guess_get_the_same_answer",
            "tests/core/test_security_listing_filters.py::test_walking_the_first_character_learns_nothing",
            "tests/core/test_security_listing_filters.py::test_undeclared_names_are_refused_with_any_lookup",
            "tests/core/test_security_listing_filters.py::test_exports_ignore_relation_traversing_parameters",
        ),
    ),
    Finding(
        2,
        "high",
        "The report form showed published contributions on password-, login- and group-restricted "
        'pages to any signed-in resident walking ids; the "reported" page confirmed any id and its '
        "URL; the poll endpoint, the idea-board teaser and the petition block ignored view restrictions.",
        "`core.page_privacy.page_is_viewable(page, request)` applies Wagtail's view restrictions (of "
        "the page and its ancestors) in every view and block outside the page; a poll answers only when "
        "a live page the visitor may view shows it (Wagtail's reference index).",
        (
            "tests/core/test_security_page_privacy.py::test_walking_ids_reads_nothing_behind_a_view_restriction",
            "tests/core/test_security_page_privacy.py::test_the_reported_page_confirms_only_what_the_visitor_may_see",
            "tests/ideas/test_security_page_privacy.py::test_teaser_on_a_public_page_hides_a_restricted_board",
            "tests/petitions/test_security_page_privacy.py::test_block_on_a_public_page_hides_a_restricted_petition",
            "tests/surveys/test_security_page_privacy.py::test_a_poll_only_on_a_restricted_page_answers_only_its_visitors",
        ),
    ),
    Finding(
        3,
        "medium",
        "One inbox counted as many residents: a fullwidth letter in `gmail.com` made a second counted "
        "signature, and three plus-addressed sign-ins from one inbox hid any contribution by reports.",
        "One canonical mailbox key (`core.mailboxes.mailbox_key`: IDNA/UTS-46 domains, provider "
        "aliases, sub-addresses and dots ignored only for providers that use them), unique in the "
        "database for participants and signatures; votes, reports and answers follow the participant.",
        (
            "tests/petitions/test_security_mailboxes.py::test_fullwidth_domain_signs_once",
            "tests/petitions/test_security_mailboxes.py::test_homoglyph_spellings_of_a_domain_are_one_signature",
            "tests/core/test_security_mailboxes.py::test_plus_and_dot_variants_sign_in_to_one_resident",
            "tests/core/test_security_mailboxes.py::test_three_plus_addressed_sign_ins_do_not_hide_a_contribution_by_reports",
        ),
    ),
    Finding(
        4,
        "medium",
        "The display name typed when asking for a sign-in link was applied at once: anyone could set "
        "or squat a resident's public name without their mailbox.",
        "The name travels in the signed link and is applied when the link is used; residents change "
        'their name on "Your data".',
        (
            "tests/core/test_security_sign_in_names.py::test_asking_for_a_link_does_not_name_an_existing_resident",
            "tests/core/test_security_sign_in_names.py::test_the_name_is_applied_when_the_link_is_used",
        ),
    ),
    Finding(
        5,
        "medium",
        "Page and site history held resident text (moderation summaries, idea titles, signers' "
        "addresses in invalidation entries), readable by editors without publish rights, and kept "
        'after "forget me".',
        "Log entries carry the contribution's id, type and codes only; data migrations scrub what "
        "was logged before; moderators read the text on the moderate view, which checks permission.",
        (
            "tests/ideas/test_security_history.py::test_editor_reads_no_idea_text_in_the_histories_after_rejection_and_forget_me",
            "tests/core/test_security_log_entries.py::test_editor_reads_no_comment_text_in_the_histories",
            "tests/petitions/test_security_history.py::test_editor_reads_no_signer_address_in_the_petition_history",
        ),
    ),
    Finding(
        6,
        "medium",
        "Moderators approved ideas without seeing their picture, description, address or position.",
        "The moderate and respond views show each (the contribution type describes itself: "
        "`moderation_template`, `get_moderation_context()`, `get_thumbnail()`); the queue shows thumbnails.",
        (
            "tests/ideas/test_moderation_details.py::test_moderate_and_respond_show_image_description_address_and_position",
            "tests/ideas/test_moderation_details.py::test_queue_shows_thumbnails_and_rows_without_an_image",
        ),
    ),
    Finding(
        7,
        "medium",
        "Any site account with a matching, unverified email adopted an email-link resident and their data.",
        "`USER_EMAIL_VERIFIED` names a callable that says whether a user's address is verified "
        "(django-allauth's verified addresses by default); without it a site user gets a resident of their own.",
        (
            "tests/core/test_security_user_emails.py::test_an_account_with_a_victims_unverified_address_adopts_nothing",
        ),
    ),
    Finding(
        8,
        "medium",
        "Anonymous polls and surveys counted one person many times (clear the cookie, answer again); "
        "each IPv6 address was its own rate-limit bucket.",
        "One anonymous answer per client network (IPv4 address, IPv6 /64) per poll or survey for "
        "`ANONYMOUS_NETWORK_DEDUPE_SECONDS`, claimed by a unique `NetworkClaim` row (a keyed hash, no "
        "address) in the answer's transaction; results anyone may give are labelled indicative; "
        "every per-IP limit counts an IPv6 client by its /64.",
        (
            "tests/surveys/test_security_anonymous_network.py::test_poll_vote_after_dropping_the_cookie_is_not_counted",
            "tests/surveys/test_security_anonymous_network.py::test_survey_again_after_dropping_the_cookie_is_refused_and_keeps_the_answers",
            "tests/core/test_security_network_keys.py::test_eleven_addresses_of_one_ipv6_64_share_the_ten_a_minute_limit",
            "tests/concurrency/test_network_claims.py::test_many_anonymous_votes_from_one_network_at_once_count_once",
        ),
    ),
    Finding(
        9,
        "medium",
        "Sign-in and confirmation emails to one mailbox were unlimited (limits were per client IP only).",
        "`EMAIL_RECIPIENT_LIMITS` per canonical mailbox (3 in 15 minutes); beyond it nothing is sent "
        'and the same "check your email" page is shown.',
        (
            "tests/core/test_security_email_limits.py::test_ten_sign_in_requests_for_one_mailbox_send_at_most_three_emails",
            "tests/petitions/test_security_mailboxes.py::test_confirmation_emails_to_one_mailbox_are_limited",
        ),
    ),
    Finding(
        10,
        "medium",
        "A 154 KB PNG raised one worker's memory by 515 MB (decoded at full size, then copied).",
        "Pixels checked from the header before decoding (`IDEA_IMAGE_MAX_PIXELS`, 16 megapixels); JPEG "
        "decoded reduced with `draft()`; shrunk before any other copy. A 4000 x 4000 JPEG now needs "
        "37 MB instead of 183 MB.",
        (
            "tests/ideas/test_security_image_bombs.py::test_small_png_of_36_megapixels_is_refused_over_http_and_never_decoded",
            "tests/ideas/test_security_image_bombs.py::test_peak_memory_of_one_upload",
        ),
    ),
    Finding(
        11,
        "low",
        '"Forget me" left the name in petition revisions, bearer links in the outbox and answers to '
        'email questions; "Your data" omitted poll votes, signature IP addresses, ideas\' place and '
        "image, and petitions started.",
        "Revisions scrubbed, unsent outbox emails deleted and sent ones emptied, email answers removed; "
        "every app lists its data through `collect_personal_data`.",
        (
            "tests/petitions/test_security_forget_me.py::test_forget_me_removes_the_creators_name_from_every_revision",
            "tests/core/test_security_forget_me.py::test_forget_me_deletes_unsent_emails_and_redacts_sent_ones",
            "tests/surveys/test_security_privacy.py::test_forget_me_clears_answers_to_email_questions",
            "tests/petitions/test_security_forget_me.py::test_your_data_lists_signature_ip_addresses_and_petitions_started",
        ),
    ),
    Finding(
        12,
        "low",
        "Cleared, replaced, rejected and forgotten idea images stayed in storage; re-encoding kept JPEG "
        "comments and colour profiles.",
        "Files deleted after commit when no row refers to them; a new image of the pixels only is saved.",
        (
            "tests/ideas/test_security_image_deletion.py::test_rejecting_an_idea_deletes_its_image",
            "tests/ideas/test_security_image_deletion.py::test_forget_me_deletes_the_images_of_the_authors_ideas",
            "tests/ideas/test_security_image_metadata.py::test_jpeg_comment_exif_gps_xmp_and_profile_are_dropped",
        ),
    ),
    Finding(
        13,
        "low",
        "Public survey results filtered to a group of two showed those residents' other answers.",
        "No figures for groups under `SURVEY_RESULTS_MIN_GROUP` (5), nor for filters that allow "
        "subtraction or small counts within a group; staff see everything.",
        (
            "tests/surveys/test_security_results_min_group.py::test_a_group_of_two_shows_no_figures",
            "tests/surveys/test_security_results_min_group.py::test_subtracting_the_other_groups_from_all_results_is_refused",
        ),
    ),
    Finding(
        14,
        "low",
        "Signing out kept the session: a half-filled survey was handed to the next resident on the browser.",
        'Sign-out and "forget me" give email-link residents a new, empty session.',
        (
            "tests/surveys/test_security_privacy.py::test_sign_out_does_not_hand_a_half_filled_survey_to_the_next_visitor",
            "tests/surveys/test_security_privacy.py::test_forget_me_empties_the_session_too",
        ),
    ),
    Finding(
        15,
        "low",
        "Pages built for a resident could be cached by a proxy; a petition page carrying a visitor's "
        "flash message was sent `public`.",
        "`PrivateCacheControlMiddleware` marks every response for a signed-in resident or with a "
        "message `private, no-store` (check W006); personal pages are private even without it.",
        (
            "tests/core/test_security_cache_control.py",
            "tests/petitions/test_security_cache_control.py",
        ),
    ),
    Finding(
        16,
        "low",
        "One anti-spam fill-time token was accepted by any form, any number of times, for a day.",
        "The token names its form (and target) and carries a nonce accepted once (shared cache); "
        "cached shared pages hold no form.",
        (
            "tests/core/test_security_form_tokens.py::test_one_token_reused_for_a_second_submission_is_refused",
            "tests/ideas/test_security_form_tokens.py::test_a_comment_form_token_posted_with_the_idea_form_is_refused",
            "tests/petitions/test_security_form_tokens.py::test_one_sign_form_token_signs_once",
        ),
    ),
    Finding(
        17,
        "low",
        "Emailed links were built from the request's Host header; SECURITY.md said IP addresses were "
        "not stored; unconfirmed signatures were kept forever; the example site ran with its public "
        "secret key when DEBUG was off.",
        "`core.links.absolute_url` (the configured base URL or Wagtail Site, never the Host header); "
        "SECURITY.md lists what is stored; unconfirmed signatures purged when their link expires; the "
        "example site refuses its placeholder key.",
        (
            "tests/core/test_security_email_links.py::test_sign_in_link_ignores_a_forged_host_header",
            "tests/petitions/test_security_email_links.py",
            "tests/petitions/test_unconfirmed_signatures_purge.py",
            "tests/example_site/test_secret_key.py",
        ),
    ),
)


def render_findings():
    lines = [
        "## Findings of the attack on the example site",
        "",
        "An attack on the example site with staff accounts limited to one section and residents with "
        "throwaway mailboxes found two high, nine medium and ten low holes (issue 22), grouped here in "
        "seventeen items. Each is closed, and a test performs the attack (it failed before the fix):",
        "",
        "| # | Severity | Finding | Fix | Held by |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in FINDINGS:
        held = "<br>".join(f"`{test}`" for test in f.tests)
        lines.append(f"| {f.item} | {f.severity} | {f.finding} | {f.fix} | {held} |")
    return "\n".join(lines)
