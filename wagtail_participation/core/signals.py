"""Signals other participation apps listen to.

``contribution_moderated`` is sent after a contribution's moderation state has
changed (by a moderator, or automatically after reports), with ``contribution``
(the base ``Contribution`` row) and ``state``. Apps that cache counts, such as
an idea's number of comments, refresh them here.
"""

from django.dispatch import Signal

contribution_moderated = Signal()
