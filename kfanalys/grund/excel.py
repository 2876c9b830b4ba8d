"""Excel cells that are safe to open: typed text never becomes a live formula.

openpyxl writes every ``str`` that starts with ``=`` as a formula, and Excel evaluates a text
that starts with ``=``, ``+``, ``-`` or ``@`` as a formula as soon as someone edits the cell.
A yrkeskategori, a plan activity or an answer typed as ``=HYPERLINK(...)`` or DDE
``=cmd|' /C calc'!A0`` must stay text in every workbook kfanalys writes. Every writer of a
workbook therefore calls :func:`skydda_arbetsbok` (or :func:`skydda_blad`) once, just before
saving: every formula cell that is not one of the writer's own intended formulas (given by
position and exact text) becomes a text cell with the same text, and every text cell that
looks like a formula (also after leading blanks, tab, CR or LF) gets Excel's quote prefix, so
it stays text when edited. Numbers, dates and booleans are not touched.

>>> from openpyxl import Workbook
>>> wb = Workbook()
>>> ws = wb.active
>>> ws["A1"], ws["A2"], ws["A3"], ws["A4"] = '=HYPERLINK("http://x","y")', "=SUM(B1:B2)", -2, "+1+1"
>>> skydda_blad(ws, {"A2": "=SUM(B1:B2)"})
2
>>> [(c.value, c.data_type, bool(c.quotePrefix)) for c in ws["A"]]  # doctest: +NORMALIZE_WHITESPACE
[('=HYPERLINK("http://x","y")', 's', True), ('=SUM(B1:B2)', 'f', False), (-2, 'n', False),
 ('+1+1', 's', True)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: A text starting with one of these is read as a formula by Excel (``-``/``+`` also by LibreOffice).
FORMELTECKEN = ("=", "+", "-", "@")
#: Characters skipped before the first significant one (a tab or CR in front does not make it safe).
_INLEDANDE = " \t\r\n\u00a0\u3000"


def ser_ut_som_formel(varde: Any) -> bool:
    """True for a text that Excel could take as a formula.

    >>> [ser_ut_som_formel(v) for v in ("=1+1", " \\t=1", "\\r@SUM(A1)", "-2+3", "Förskollärare", "", 5)]
    [True, True, True, True, False, False, False]
    """
    if not isinstance(varde, str):
        return False
    return varde.lstrip(_INLEDANDE).startswith(FORMELTECKEN)


def som_text(cell) -> bool:
    """Make ``cell`` a text cell if it holds a formula or a formula-like text; True if changed."""
    varde = cell.value
    if not isinstance(varde, str):
        return False  # numbers, dates, booleans, None; openpyxl's array formulas are objects, see below
    andrad = False
    if cell.data_type == "f":
        cell.data_type = "s"
        andrad = True
    if ser_ut_som_formel(varde) and not cell.quotePrefix:
        cell.quotePrefix = True
        andrad = True
    return andrad


def _celler(ws) -> Iterable:
    """The cells that exist in ``ws`` (no empty cells created, unlike ``iter_rows`` over the range)."""
    celler = getattr(ws, "_cells", None)
    if isinstance(celler, dict):
        return list(celler.values())
    return [c for rad in ws.iter_rows() for c in rad]


def skydda_blad(ws, tillatna_formler: Mapping[str, str] | None = None) -> int:
    """Turn every formula or formula-like text in sheet ``ws`` into plain text; returns the count.

    ``tillatna_formler`` maps a cell (``"F2"``) to the exact formula the writer put there
    itself (``"=SUM(B2:E2)"``); only such a cell keeps its formula. Any other formula, also
    an openpyxl ``ArrayFormula`` or data-table formula object, becomes text.
    """
    tillatna = dict(tillatna_formler or {})
    antal = 0
    for cell in _celler(ws):
        if cell.data_type == "f" and tillatna.get(cell.coordinate) == cell.value:
            continue
        if cell.data_type == "f" and not isinstance(cell.value, str):  # ArrayFormula and the like
            cell.value = str(getattr(cell.value, "text", cell.value))
            cell.data_type = "s"
            cell.quotePrefix = True
            antal += 1
            continue
        antal += som_text(cell)
    return antal


def skydda_arbetsbok(wb, tillatna_formler: Mapping[str, Mapping[str, str]] | None = None) -> int:
    """:func:`skydda_blad` for every sheet; ``tillatna_formler`` is ``{bladnamn: {cell: formel}}``."""
    tillatna = tillatna_formler or {}
    return sum(skydda_blad(ws, tillatna.get(ws.title)) for ws in wb.worksheets)


def skriv_cell(ws, rad: int, kolumn: int, varde: Any):
    """``ws.cell(row=rad, column=kolumn, value=varde)``, with a text never written as a formula."""
    cell = ws.cell(row=rad, column=kolumn, value=varde)
    som_text(cell)
    return cell


__all__ = ["FORMELTECKEN", "ser_ut_som_formel", "som_text", "skydda_blad", "skydda_arbetsbok", "skriv_cell"]
