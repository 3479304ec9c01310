#: The namespace of the ideas' own admin URLs: ``reverse(f"{ADMIN_NAMESPACE}:respond", args=[pk])``.
ADMIN_NAMESPACE = "wagtail_participation_ideas_admin"
