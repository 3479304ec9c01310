"""Signals other participation apps listen to.

``contribution_moderated`` is sent after a contribution's moderation state has
changed (by a moderator, or automatically after reports), with ``contribution``
(the base ``Contribution`` row) and ``state``. Apps that cache counts, such as
an idea's number of comments, refresh them here.


``collect_personal_data`` is sent with ``participant`` when a resident
downloads their data; a receiver returns a dict of extra sections (for
example ``{"idea_votes": [...]}``) that join the export.

``participant_anonymised`` is sent with ``participant`` after "forget me";
receivers remove what else identifies the resident or contacts them.

``emails_due`` is sent by ``participation_send_emails`` before it empties the outbox;
a receiver queues again the emails a lost task left unwritten (for example, emails to
many residents sent in batches) and returns how many runs it queued.

``retention_due`` is sent by ``participation_retention`` (daily) with ``now``; a receiver
deletes what its app keeps no longer than needed (for example, records never
confirmed whose confirmation link has expired) and returns ``(what, how many)`` for the command's output.
"""

from django.dispatch import Signal

contribution_moderated = Signal()
#: Sent with ``contribution`` (the specific row) after a moderator redacted its text.
contribution_redacted = Signal()
collect_personal_data = Signal()
participant_anonymised = Signal()
emails_due = Signal()
retention_due = Signal()
