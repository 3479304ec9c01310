"""Streaming CSV and XLSX exports that spreadsheets open safely.

Dates stay dates: a ``datetime.date`` or ``datetime.datetime`` cell is written to CSV in ISO
8601 (``2026-12-04``, ``2026-12-04T15:40:00+00:00``: what spreadsheets and scripts read
without guessing a locale's order) and to XLSX as a real date cell with a date format (a
moment in the site's time zone, as a spreadsheet has none), so both sort and filter as dates.
"""

import csv
import datetime
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

#: The XLSX number formats of date and date-and-time cells (ISO order, any locale reads them).
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Stop a spreadsheet from reading a cell as a formula (CSV injection); dates in ISO 8601."""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


#: Rows written per chunk of the response: few enough for constant memory, many enough
#: that the server does not handle every row as a separate write.
CHUNK_ROWS = 500


def stream_csv(filename, header, rows):
    """A response that writes ``rows`` (an iterator of sequences) as they come: constant memory."""
    writer = csv.writer(_Echo())

    def generate():
        yield "\ufeff" + writer.writerow([neutralise(h) for h in header])  # BOM: Excel reads UTF-8
        chunk = []
        for row in rows:
            chunk.append(writer.writerow([neutralise(cell) for cell in row]))
            if len(chunk) >= CHUNK_ROWS:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_cell(sheet, value):
    """A row's value as an XLSX cell: numbers as numbers, dates as date cells (a moment in the
    site's time zone, which XLSX cannot hold), anything else as neutralised text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            cell = WriteOnlyCell(sheet, value=value.replace(microsecond=0))
            cell.number_format = XLSX_DATETIME_FORMAT
        else:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = XLSX_DATE_FORMAT
        return cell
    return neutralise(value)


def stream_xlsx(filename, header, rows, sheet_title="Export"):
    """An XLSX response written in constant memory: openpyxl's write-only mode spools rows
    to a temporary file, which is then streamed to the browser."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([neutralise(h) for h in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, cell) for cell in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once streamed
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
