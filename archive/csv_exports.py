"""CSV exports a spreadsheet program will not run as formulas (CSV/formula injection).

The admin's exports (Reports → Evidence files, Citations to check, Wagtail's own reports and
listings) carry text from outside: file titles come from uploaded file names, item titles from
PDF metadata, quotations from letters. Opened in Excel or LibreOffice, a cell starting with
`=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula (`=HYPERLINK(...)`,
`=cmd|' /C calc'!A0`). As OWASP recommends, such a cell is written with a leading `'`, which
spreadsheets show as text and do not evaluate.

Every CSV export in the admin goes through Wagtail's `SpreadsheetExportMixin.write_csv_row`,
so that is the one place this is applied (`install()`, from ArchiveConfig.ready), reaching
Wagtail's built-in reports as well as this project's. Wagtail's XLSX export already stores
formula-looking cells as text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The value, made inert if it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv_row(self, writer, row_dict):
    return writer.writerow(
        {
            field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
    )


def install() -> None:
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    SpreadsheetExportMixin.write_csv_row = _write_csv_row
