from wagtail.snippets.models import register_snippet

from .views import AreaViewSet, TopicViewSet

register_snippet(TopicViewSet)
register_snippet(AreaViewSet)
