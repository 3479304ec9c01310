"""Streaming CSV exports that spreadsheets open safely."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Stop a spreadsheet from reading a cell as a formula (CSV injection)."""
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


def stream_xlsx(filename, header, rows, sheet_title="Export"):
    """An XLSX response written in constant memory: openpyxl's write-only mode spools rows
    to a temporary file, which is then streamed to the browser."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([neutralise(h) for h in header])
    for row in rows:
        sheet.append(
            [
                cell
                if isinstance(cell, int | float) and not isinstance(cell, bool)
                else neutralise(cell)
                for cell in row
            ]
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once streamed
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
