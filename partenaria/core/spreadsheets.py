"""Tables downloaded as spreadsheets: XLSX workbooks and CSV files that Excel opens as they are.

Every export of a list goes through here, so that all share the same guards:
- a text that starts like a formula (``= + - @``, a tab, a carriage return) is prefixed with a quote,
  so that the spreadsheet shows it instead of running it (CSV/XLSX injection);
- control characters pasted with a text are removed (core/text.py): a worksheet cannot hold them;
- dates are dates (``DD/MM/YYYY``), euros are euros, nothing is ``None``;
- the CSV is UTF-8 with a byte-order mark and semicolons, as a French Excel expects.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

from partenaria.core.text import clean_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def safe_cell(value):
    """A value as a cell may hold it: text without control characters nor formula start."""
    if isinstance(value, Promise):  # a translated label
        value = str(value)
    if isinstance(value, str):
        value = clean_text(value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """An XLSX file of ``(title, headers, rows)`` sheets; euros formatted, dates as dates."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(clean_text(str(title))[:31])
        sheet.append([safe_cell(str(header)) for header in headers])
        for row in rows:
            sheet.append([safe_cell(v) if v is not None else "" for v in row])
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, Decimal | float | int) and not isinstance(cell.value, bool):
                    cell.number_format = '#,##0.00 "€"' if isinstance(cell.value, Decimal) else "0"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_text(headers: list[str], rows) -> str:
    """A CSV for a French Excel: semicolons, dates ``DD/MM/YYYY``, a byte-order mark first."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";")
    writer.writerow([safe_cell(str(header)) for header in headers])
    for row in rows:
        writer.writerow(
            [
                v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else safe_cell("" if v is None else v)
                for v in row
            ]
        )
    return output.getvalue()


def table_download(fmt: str, name: str, title: str, headers: list, rows) -> HttpResponse:
    """One table as ``<name>-<today>.csv`` or ``.xlsx`` (``fmt``), ``title`` naming the sheet."""
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(csv_text(headers, rows), content_type=CSV)
    else:
        response = HttpResponse(
            workbook([(str(title), [str(h) for h in headers], list(rows))]), content_type=XLSX
        )
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{stamp}.{"csv" if fmt == "csv" else "xlsx"}"'
    )
    return response
