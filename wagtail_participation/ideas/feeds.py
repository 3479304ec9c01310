"""An RSS feed of a board's newest published ideas."""

from django.contrib.syndication.views import Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail_participation.core.sanitize import render_text

FEED_SIZE = 30


class IdeaBoardFeed(Feed):
    def get_object(self, request, board):
        self.request = request
        return board

    def title(self, board):
        return board.title

    def link(self, board):
        return board.url

    def description(self, board):
        return _("New ideas on %(board)s: %(question)s") % {
            "board": board.title,
            "question": board.question,
        }

    def items(self, board):
        return board.public_ideas().select_related("category").order_by("-created_at")[:FEED_SIZE]

    def item_title(self, idea):
        return escape(idea.title)  # as Django's default: readers may treat titles as HTML

    def item_description(self, idea):
        return render_text(idea.description)

    def item_link(self, idea):
        return idea.get_absolute_url()

    def item_pubdate(self, idea):
        return idea.created_at

    def item_categories(self, idea):
        return [idea.category.name] if idea.category else []
