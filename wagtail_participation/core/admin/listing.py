"""The hardened listing base every listing in the Participation menu is built on.

A listing (contributions, reports, and each method's own records) is a
wagtail-modeladmin ``ModelAdmin`` subclassing :class:`ParticipationListing`, and declares
once what it shows and lets staff narrow:

- ``list_display``, ``list_filter``, ``search_fields``, ``ordering``, ``list_per_page``
  (the page parameter is modeladmin's ``p`` in every listing);
- its export: ``export_columns``, a sequence of ``(label, value)`` where ``value`` is an
  attribute path (``"page.title"``) or a callable taking the row, plus ``export_filename``.
  ``?export=csv`` or ``?export=xlsx`` on the listing streams exactly the rows the listing
  shows with the same filters, search and order, formula-safe and in constant memory
  (``core.exports``). A listing may also serve the export at URLs of its own
  (``export_path`` and ``export_url_names``), which read only the listing's own parameters
  and ignore the rest, so a saved link never fails.

Only the declared filters' parameters reach ``QuerySet.filter()`` (:class:`StrictIndexView`);
history views ask the permission helper (:class:`PermittedHistoryView`). Register a
listing with ``core.admin.menu.register_participation_listing``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView, IndexView

from ..exports import stream_csv, stream_xlsx
from ..forms import parse_id, parse_ids
from ..permissions import can_moderate, can_moderate_anything
from .breadcrumbs import participation_breadcrumbs

#: A column of an export: its heading and how to read the value from a row.
ExportColumn = tuple[Any, str | Callable[[Any], Any]]

#: Rows read from the database per round trip while exporting.
EXPORT_CHUNK_SIZE = 2000


class ReadOnlyPermissionHelper(PermissionHelper):
    """Listings show rows; changes go through the app's own views (and their services)."""

    def user_can_create(self, user: Any) -> bool:
        return False

    def user_can_edit_obj(self, user: Any, obj: Model) -> bool:
        return False

    def user_can_delete_obj(self, user: Any, obj: Model) -> bool:
        return False

    def user_can_view_history(self, user: Any, obj: Model) -> bool:
        return False


class ModerationPermissionHelper(ReadOnlyPermissionHelper):
    """Anyone who may publish some page may open the listing; each row is checked again.

    A row is checked through its ``contribution`` when it has one (a report), else as the
    contribution it is.
    """

    def user_can_list(self, user: Any) -> bool:
        return can_moderate_anything(user)

    def user_can_inspect_obj(self, user: Any, obj: Model) -> bool:
        return False  # rows link to the app's own views instead

    def user_can_view_history(self, user: Any, obj: Model) -> bool:
        return can_moderate(user, getattr(obj, "contribution", obj))


class PermittedHistoryView(HistoryView):
    """modeladmin's history view, asking the permission helper first.

    modeladmin's own asks nothing: any user with admin access could open any item's
    history, whose title names the item (a pending idea's title, a report, a participant).
    """

    def check_action_permitted(self, user: Any) -> bool:
        return self.permission_helper.user_can_view_history(user, self.instance)


class IdListFilter(admin.SimpleListFilter):
    """A listing filter on one foreign key: its value is a row id, its choices ``(pk, label)``.

    A subclass declares ``title``, ``parameter_name``, ``field_name`` (the column filtered
    on, e.g. ``"page_id"``) and ``lookups()``, which may return :meth:`choices_from`.
    A value that is not an id filters nothing (and :class:`StrictIndexView` answers 400).
    """

    #: The column the value filters on, e.g. ``"page_id"``.
    field_name = ""
    #: The most choices a filter offers.
    max_choices = 200

    def choices_from(self, queryset: QuerySet[Any], label: str = "title") -> list[tuple[int, Any]]:
        """``(pk, label)`` of the rows in ``queryset``, by label, at most ``max_choices``."""
        return list(queryset.order_by(label).values_list("pk", label)[: self.max_choices])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = parse_id(self.value())
        return queryset if value is None else queryset.filter(**{self.field_name: value})

    def usable_value(self, value: str) -> bool:
        """Any id, not only the ``max_choices`` offered: the rows stay those the listing may
        show, and an id past the choices must not widen an export to every row."""
        return parse_id(value) is not None


def bulk_select_box(pk: int, label: str, form_id: str = "wp-bulk-form") -> str:
    """A listing cell: the checkbox that selects row ``pk`` for the bulk form ``form_id``."""
    return format_html(
        '<input type="checkbox" name="selected" value="{}" form="{}" aria-label="{}">',
        pk,
        form_id,
        label,
    )


def bulk_selection(
    request: HttpRequest, back: str, nothing_selected: str
) -> list[int] | HttpResponse:
    """The ids of the rows ticked with :func:`bulk_select_box`, or the response to send instead:
    400 for a selection that is not ids (a tampered form), and back to ``back`` with the
    error ``nothing_selected`` when nothing is ticked."""
    ids = parse_ids(request.POST.getlist("selected"))
    if ids is None:
        return HttpResponseBadRequest(_("Invalid selection."))
    if not ids:
        messages.error(request, nothing_selected)
        return redirect(back)
    return ids


class StrictIndexView(IndexView):
    """modeladmin's listing, minus its habit of turning any query parameter into a lookup.

    modeladmin hands every query parameter the declared filters do not consume to
    ``QuerySet.filter()``, so ``?page_id__owner__password__startswith=md5`` would filter on a
    password hash through a relation. Here the only parameters are modeladmin's own (search
    ``q``, ordering ``o`` and ``ot``, page ``p``, ``e``, ``export``) and the exact names the
    declared filters consume once built (a field filter's ``expected_parameters()``, a
    ``SimpleListFilter``'s ``parameter_name``); any other parameter, and a value a filter
    cannot use, answers 400 before anything is filtered.
    """

    def get_filters(self, request: HttpRequest) -> tuple[list[Any], bool, dict[str, Any], bool]:
        filter_specs, has_filters, remaining, use_distinct = super().get_filters(request)
        if remaining:  # parameters no declared filter took: never passed on to filter()
            raise IncorrectLookupParameters(f"unexpected parameters: {sorted(remaining)}")
        return filter_specs, has_filters, {}, use_distinct

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(_("Invalid filter."))


class ListingIndexView(StrictIndexView):
    """A :class:`ParticipationListing`'s index: the strict listing plus its declared export,
    titled as its menu item (not by its model's plural), under Wagtail's breadcrumbs."""

    def as_spreadsheet(self, queryset: QuerySet[Any], spreadsheet_format: str) -> HttpResponse:
        return self.model_admin.export_response(self.request, queryset, spreadsheet_format)

    def get_page_title(self) -> str:
        return capfirst(str(self.model_admin.get_menu_label()))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        links = self.model_admin.export_links(self.request)
        context.update(
            export_links=links,
            export_url=links[0][1] if links else "",
            breadcrumbs_items=participation_breadcrumbs(
                (self.get_page_title(), self.model_admin.url_helper.index_url)
            ),
        )
        return context


def titled(filter_class: type[admin.FieldListFilter], title: Any) -> type[admin.FieldListFilter]:
    """A field's list filter under a title an editor understands (``titled(
    admin.DateFieldListFilter, _("resolved"))``) instead of the field's verbose name; use it
    as ``list_filter = [("resolved_at", titled(...))]``. Its parameters stay the field's."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        filter_class.__init__(self, *args, **kwargs)
        self.title = title

    return type(f"Titled{filter_class.__name__}", (filter_class,), {"__init__": __init__})


def _reader(value: str | Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A function reading an export column's value from a row."""
    if callable(value):
        return value
    names = value.split(".")

    def read(row: Any) -> Any:
        for name in names:
            row = getattr(row, name, None)
            if row is None:
                return ""
        return row() if callable(row) else row

    return read


def _usable(spec: Any, value: str) -> bool:
    """Whether a filter can use the value: one of its choices when it has a list of them."""
    if hasattr(spec, "usable_value"):
        return spec.usable_value(value)
    if isinstance(spec, admin.SimpleListFilter):
        return value in {str(key) for key, _label in spec.lookup_choices}
    choices = getattr(getattr(spec, "field", None), "flatchoices", None)
    if choices:
        return value in {str(key) for key, _label in choices}
    return True


class ParticipationListing(ModelAdmin):
    """Base of every listing in the Participation menu (see the module's docstring)."""

    index_view_class = ListingIndexView
    #: Breadcrumbs, export links and a ``bulk_form`` block; extend it for a listing's own.
    index_template_name = "wagtail_participation/admin/listing_index.html"
    history_view_class = PermittedHistoryView
    permission_helper_class = ModerationPermissionHelper
    list_per_page = 50

    #: ``(label, attribute path or callable)`` per column of the export; empty: no export.
    export_columns: Sequence[ExportColumn] = ()
    #: The exported file's name, without its extension.
    export_filename = "export"
    #: The spreadsheet's sheet title (XLSX); defaults to the listing's menu label.
    export_sheet_title: Any = None
    #: The formats offered, in the order the listing's buttons show them.
    export_formats: Sequence[str] = ("csv", "xlsx")
    #: Extra URLs serving the export: ``export_path`` + ``.csv`` etc., named by format in
    #: ``export_url_names`` (``{"csv": "..._export_csv"}``). Without them, the listing's own
    #: URL with ``?export=<format>`` is the export's address.
    export_path: str | None = None
    export_url_names: dict[str, str] = {}
    #: The model permissions Wagtail's group editor offers for this listing's model, as actions
    #: (``("view",)``): only those its permission helper honours. Page permissions decide the
    #: rest (who moderates, answers, exports what), so modeladmin's add/change/delete/view
    #: checkboxes, which would change nothing, are not offered.
    group_permissions: Sequence[str] = ()

    def get_permissions_for_registration(self) -> QuerySet[Permission]:
        """For Wagtail's ``register_permissions`` hook: the ``group_permissions`` only."""
        if not self.group_permissions:
            return Permission.objects.none()
        opts = self.model._meta
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            codename__in=[f"{action}_{opts.model_name}" for action in self.group_permissions],
        )

    # The export -------------------------------------------------------------------------

    def get_export_columns(
        self, request: HttpRequest, queryset: QuerySet[Any]
    ) -> Sequence[ExportColumn]:
        """The export's columns; override to build them per request (a survey's questions)."""
        return self.export_columns

    def export_rows(
        self, request: HttpRequest, queryset: QuerySet[Any], columns: Sequence[ExportColumn]
    ) -> Iterator[list[Any]]:
        """The export's rows, read in chunks so memory stays constant."""
        readers = [_reader(value) for _label, value in columns]
        for row in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE):
            yield [read(row) for read in readers]

    def export_response(
        self, request: HttpRequest, queryset: QuerySet[Any], spreadsheet_format: str
    ) -> HttpResponse:
        """The export of ``queryset`` (already filtered by the listing) as a streamed file."""
        columns = self.get_export_columns(request, queryset)
        if not columns or spreadsheet_format not in self.export_formats:
            return HttpResponseBadRequest(_("This listing has no export in that format."))
        header = [str(label) for label, _value in columns]
        rows = self.export_rows(request, queryset, columns)
        filename = f"{self.export_filename}.{spreadsheet_format}"
        if spreadsheet_format == "xlsx":
            title = str(self.export_sheet_title or self.menu_label or self.export_filename)
            return stream_xlsx(filename, header, rows, sheet_title=title)
        return stream_csv(filename, header, rows)

    def export_links(self, request: HttpRequest) -> list[tuple[str, str]]:
        """``(format, URL)`` per export format, carrying the listing's current filters."""
        if not self.export_columns and type(self).get_export_columns is (
            ParticipationListing.get_export_columns
        ):
            return []
        params = [
            (key, value)
            for key, values in request.GET.lists()
            if key not in (IndexView.PAGE_VAR, IndexView.EXPORT_VAR, IndexView.ERROR_FLAG)
            for value in values
        ]
        links = []
        for spreadsheet_format in self.export_formats:
            name = self.export_url_names.get(spreadsheet_format)
            if name:
                query = urlencode(params)
                links.append((spreadsheet_format, reverse(name) + (f"?{query}" if query else "")))
            else:
                query = urlencode([*params, (IndexView.EXPORT_VAR, spreadsheet_format)])
                links.append((spreadsheet_format, f"{self.url_helper.index_url}?{query}"))
        return links

    def own_parameters(self, request: HttpRequest) -> QueryDict:
        """The request's parameters this listing reads (its filters', search, order and page)
        with values its filters can use; everything else is dropped. For views that show the
        listing at an address of their own and must not fail on a stale or hostile link."""
        index_view = self.index_view_class(model_admin=self)
        index_view.request = request
        return _cleaned(index_view, request)

    def export_view(self, spreadsheet_format: str) -> Callable[..., HttpResponse]:
        """A view serving the export at a URL of its own.

        It keeps the listing's own parameters with values its filters can use and drops
        everything else, then answers as the listing would with ``?export=<format>``.
        """

        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            index_view = self.index_view_class(model_admin=self)
            index_view.request = request
            if not request.user.is_authenticated:
                return index_view.dispatch(request)  # modeladmin's login redirect
            if not self.permission_helper.user_can_list(request.user):
                raise PermissionDenied
            params = _cleaned(index_view, request)
            params[IndexView.EXPORT_VAR] = spreadsheet_format
            # The listing's own parameters stand for the request's (a mutable QueryDict, which
            # django-stubs types narrower than HttpRequest.GET).
            request.GET = params  # type: ignore[assignment]
            return index_view.dispatch(request, *args, **kwargs)

        return view

    def get_admin_urls_for_registration(self) -> tuple[URLPattern, ...]:
        urls = super().get_admin_urls_for_registration()
        if not self.export_path:
            return urls
        return urls + tuple(
            path(
                f"{self.export_path}.{spreadsheet_format}",
                self.export_view(spreadsheet_format),
                name=name,
            )
            for spreadsheet_format, name in self.export_url_names.items()
        )


def _filter_specs(index_view: IndexView, request: HttpRequest, params: QueryDict) -> list[Any]:
    """The listing's filters built for ``params``; nothing is filtered here."""
    index_view.params = params
    index_view.list_filter = index_view.model_admin.get_list_filter(request)
    return IndexView.get_filters(index_view, request)[0]


def _cleaned(index_view: IndexView, request: HttpRequest) -> QueryDict:
    """The request's parameters the listing reads, with values its filters can use."""
    names = {
        index_view.SEARCH_VAR,
        index_view.ORDER_VAR,
        index_view.ORDER_TYPE_VAR,
        index_view.PAGE_VAR,
    }
    for spec in _filter_specs(index_view, request, QueryDict()):
        names.update(spec.expected_parameters())
    cleaned = QueryDict(mutable=True)
    for key in names & set(request.GET):
        cleaned.setlist(key, request.GET.getlist(key))
    for spec in _filter_specs(index_view, request, cleaned.copy()):
        for name in spec.expected_parameters():
            values = [value for value in cleaned.getlist(name) if _usable(spec, value)]
            if values:
                cleaned.setlist(name, values)
            else:
                cleaned.pop(name, None)
    return cleaned
