"""The demo's menu in every language of the site.

Page titles are content: a council's own multilingual site translates its pages in Wagtail
(wagtail-localize, or a page tree per locale). The demo content is in English only, so the
header translates the titles of its menu pages through this app's catalogue
(``{% translate item.title %}`` in ``council/base.html``); these lines put them there.
"""

from django.utils.translation import gettext_noop

MENU_TITLES = [
    gettext_noop("Bins and recycling"),
    gettext_noop("Council tax"),
    gettext_noop("Have your say"),
    gettext_noop("News"),
    gettext_noop("Petitions"),
]
