"""Accessible HTML tables and report workbooks, read from the published tables.

Headings and formats come from the one registry of published columns
(:data:`kfanalys.grund.kolumner.KOLUMNER`): a table is given as a list of column names, and
only a heading that needs a horizon or a year (``"Behov om 5 år"``) is given by the caller
(``rubriker``). The report workbooks (:func:`till_excel`) use the same headings. Numbers are
formatted by :mod:`kfanalys.grund.talformat`.

Suppression: every published table has already passed the disclosure rule of
:mod:`kfanalys.grund.rojandekontroll` (group, count, share and complementary rules, over all
nämnder and the kommun at once; :func:`kfanalys.modell.urval.publicerade_tabeller`). :func:`undertryck`
is a second line of defence for a table built from them: it applies the group and count
rules again (idempotent on a published table) so a count of 1 to ``minsta``-1 is never printed.
The footnote appears whenever a cell is hidden by either.

Key columns that are numbers but not figures (``ar``, ``horisont``, ``riktmarke``...: kind
``nyckel`` in the registry) are never suppressed.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from kfanalys.grund import kolumner as register
from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.rojandekontroll import PERSONUPPGIFTER
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.grund.text import Html
from kfanalys.grund.talformat import (  # noqa: F401 - the one number format, re-used here
    FORMAT, NBSP, STRECK, ar_text, fmt_pe, fmt_procent, fmt_tal, formatera, kommande, talord)

#: Which columns a table shows: names (heading and format from the registry), or the explicit
#: form ``{kolumn: (rubrik, format)}`` for an exploration table of columns outside the registry.
Kolumnval = Sequence[str] | Mapping[str, tuple[str, str]]


def kolumnspec(kolumner: Kolumnval, rubriker: Mapping[str, str] | None = None,
               format: Mapping[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """``{kolumn: (rubrik, format)}`` for the columns of a table.

    A list of names takes each heading and format from the registry (a suffixed name such as
    ``behov_5`` takes those of ``behov``); ``rubriker`` and ``format`` override single columns
    (a heading with a horizon or year; a scenario column). A column the registry does not know
    needs its format given.

    >>> kolumnspec(["yrkeskategori", "behov_5"], rubriker={"behov_5": "Behov om 5 år"})
    {'yrkeskategori': ('Yrkeskategori', 'text'), 'behov_5': ('Behov om 5 år', 'tal')}
    """
    rubriker, format = dict(rubriker or {}), dict(format or {})
    if isinstance(kolumner, Mapping):
        return {k: (rubriker.get(k, r), format.get(k, f)) for k, (r, f) in kolumner.items()}
    if isinstance(kolumner, str):
        raise Berakningsfel(f'Kolumnerna ska vara en lista med namn, inte texten "{kolumner}"')
    ut = {}
    for k in kolumner:
        post = register.hitta(k)
        if k not in format and post is None:
            raise Berakningsfel(f'Kolumnen "{k}" finns inte i kolumnregistret (kfanalys.grund.kolumner.KOLUMNER): '
                                "lägg till den där eller ange dess format")
        ut[k] = (rubriker.get(k) or register.rubrik(k), format.get(k) or post.format)
    return ut


def fotnot_text(minsta: int) -> str:
    """The footnote under a table with suppressed cells (the text of :mod:`kfanalys.grund.rojandekontroll`)."""
    from kfanalys.grund.rojandekontroll import fotnot

    return fotnot(minsta)


def _publicerat_dolt(df: pd.DataFrame, kolumner) -> bool:
    """Cells of ``kolumner`` hidden by the disclosure rule before the table got here: listed in its
    ``_dolt`` column, or (a table reshaped in a notebook, which has lost that column) shown as NaN."""
    from kfanalys.grund.rojandekontroll import DOLT, har_dolda

    if DOLT in df.columns:
        return har_dolda(df, list(kolumner))
    tal = [k for k, (_, f) in kolumner.items() if f != "text" and k in df.columns]
    return bool(len(df) and tal and df[tal].isna().to_numpy().any())


# --------------------------------------------------------------------------- suppression

def _ar_personantal(kolumn: str) -> bool:
    """A count of persons or a group size (the registry's kinds ``personantal``/``gruppstorlek``)."""
    return register.ar_antal(kolumn)


def _ar_nyckel(kolumn: str) -> bool:
    """A number that identifies the row (år, horisont, riktmärke): never suppressed."""
    return register.slag(kolumn) == register.NYCKEL


def _kontrollera_personuppgifter(df: pd.DataFrame, var: str) -> None:
    farliga = sorted(PERSONUPPGIFTER & set(map(str, df.columns)))
    if farliga:
        raise Berakningsfel(f"{var}: tabellen innehåller personuppgifter (kolumnerna {', '.join(farliga)}) "
                            "och får inte visas i en rapport")


def undertryck(df: pd.DataFrame, minsta: int, antal_kolumn: str | None = "antal",
               kolumner: list[str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with figures from fewer than ``minsta`` persons set to NaN.

    ``antal_kolumn``: the column with the group size in persons (``None``: only the count
    rule applies). ``kolumner``: the columns that may be suppressed (default: every numeric
    column except the keys, kind ``nyckel`` in the registry). Adds the boolean column ``undertryckt`` (True when the
    group rule hit the row). Numeric columns become float so they can hold NaN. See the
    module docstring for the rules.

    >>> t = pd.DataFrame({"grupp": ["A", "B"], "antal": [4, 40], "man": [1, 2], "andel_man": [0.25, 0.05]})
    >>> u = undertryck(t, 5)
    >>> u["antal"].tolist(), u["man"].tolist(), u["andel_man"].tolist(), u["undertryckt"].tolist()
    ([nan, 40.0], [nan, nan], [nan, 0.05], [True, False])
    """
    if antal_kolumn is not None and antal_kolumn not in df.columns:
        raise Berakningsfel(f'Undertryckning: tabellen saknar kolumnen "{antal_kolumn}" med antal personer '
                            f"(kolumner: {', '.join(map(str, df.columns))})")
    ut = df.copy()
    if kolumner is None:
        kolumner = [k for k in df.columns if pd.api.types.is_numeric_dtype(df[k])
                    and not pd.api.types.is_bool_dtype(df[k]) and not _ar_nyckel(str(k)) and k != "undertryckt"]
    saknas = [k for k in kolumner if k not in df.columns]
    if saknas:
        raise Berakningsfel(f"Undertryckning: tabellen saknar kolumnerna {', '.join(map(str, saknas))}")
    if antal_kolumn is not None:
        storlek = pd.to_numeric(df[antal_kolumn], errors="coerce")
        liten = ((storlek > 0) & (storlek < minsta)).to_numpy()
    else:
        liten = np.zeros(len(df), dtype=bool)
    for k in kolumner:
        varden = pd.to_numeric(df[k], errors="coerce").astype(float)
        mask = liten.copy()
        if _ar_personantal(str(k)):
            mask |= ((varden > 0) & (varden < minsta)).to_numpy()
        ut[k] = varden.mask(mask)
    ut["undertryckt"] = liten
    return ut


# --------------------------------------------------------------------------- HTML

_STIL_TAL = "text-align:right;white-space:nowrap"


def html_tabell(df: pd.DataFrame, kolumner: Kolumnval, bildtext: str, minsta: int | None = None,
                antal_kolumn: str | None = "antal", fotnot: str | None = None,
                rubriker: Mapping[str, str] | None = None, format: Mapping[str, str] | None = None) -> str:
    """An accessible HTML table: ``<caption>`` = ``bildtext``, ``<th scope="col">`` headings,
    right-aligned numbers, no index column, suppressed cells as ``–`` with a footnote.
    With ``minsta`` and an ``antal_kolumn`` that the table lacks, an error is raised
    (pass ``antal_kolumn=None`` to apply only the count rule).

    ``kolumner``: the columns to show, in order; heading and format from the registry, overridden
    by ``rubriker``/``format`` (see :func:`kolumnspec`; formats :data:`FORMAT`, ``procent``
    expects a fraction 0-1, ``pe``/``gap`` are signed). With ``minsta`` the table is first passed
    through :func:`undertryck` (group size in ``antal_kolumn``, which need not be shown).
    ``fotnot`` is an extra note printed below. A total row (a text cell equal to ``Totalt`` or
    ``Hela kommunen``) is set in bold.

    >>> t = pd.DataFrame({"yrkeskategori": ["Rektor"], "antal": [4]})
    >>> "färre än 5 personer" in html_tabell(t, ["yrkeskategori", "antal"], "Antal", minsta=5)
    True
    >>> ">Antal 2025</th>" in html_tabell(t, ["yrkeskategori", "antal"], "Antal", rubriker={"antal": "Antal 2025"})
    True
    """
    kolumner = kolumnspec(kolumner, rubriker, format)
    _kontrollera_personuppgifter(df[[k for k in kolumner if k in df.columns]], f'Tabellen "{bildtext}"')
    saknas = [k for k in kolumner if k not in df.columns]
    if saknas:
        raise Berakningsfel(f'Tabellen "{bildtext}" saknar kolumnerna {", ".join(saknas)}')
    for k, (_, f) in kolumner.items():
        if f not in FORMAT:
            raise Berakningsfel(f'Tabellen "{bildtext}", kolumn {k}: okänt format "{f}"; välj ett av '
                                f'{", ".join(FORMAT)}')
    visas = df
    undertryckta = pd.DataFrame(False, index=df.index, columns=list(kolumner))
    if minsta is not None:
        visas = undertryck(df, minsta, antal_kolumn)
        for k in kolumner:
            undertryckta[k] = df[k].notna() & visas[k].isna()
    delar = ['<div class="kf-tabell">', '<table style="border-collapse:collapse">',
             f"<caption>{html.escape(bildtext)}</caption>", "<thead><tr>"]
    for k, (rubrik, f) in kolumner.items():
        # headings may wrap (a table with many columns must fit an A4 page); numbers never do
        stil = "" if f == "text" else ' style="text-align:right"'
        delar.append(f'<th scope="col"{stil}>{html.escape(rubrik)}</th>')
    delar.append("</tr></thead><tbody>")
    for i in range(len(visas)):
        rad = visas.iloc[i]
        totalt = any(isinstance(rad[k], str) and rad[k] in (TOTALT, HELA_KOMMUNEN)
                     for k, (_, f) in kolumner.items() if f == "text")
        delar.append('<tr class="totalt" style="font-weight:bold">' if totalt else "<tr>")
        for k, (_, f) in kolumner.items():
            stil = "" if f == "text" else f' style="{_STIL_TAL}"'
            delar.append(f"<td{stil}>{html.escape(formatera(rad[k], f))}</td>")
        delar.append("</tr>")
    delar.append("</tbody></table>")
    noter = []
    if minsta is not None and (bool(undertryckta.to_numpy().any()) or _publicerat_dolt(df, kolumner)):
        noter.append(fotnot_text(minsta))
    if fotnot:
        noter.append(fotnot)
    delar.extend(f'<p class="fotnot" style="font-size:0.9em">{html.escape(n)}</p>' for n in noter)
    delar.append("</div>")
    return "\n".join(delar)


def visa_tabell(df: pd.DataFrame, kolumner: Kolumnval, bildtext: str, minsta: int | None = None,
                antal_kolumn: str | None = "antal", fotnot: str | None = None,
                rubriker: Mapping[str, str] | None = None, format: Mapping[str, str] | None = None) -> Html:
    """:func:`html_tabell` as safe :class:`~kfanalys.grund.text.Html` (``display()`` shows it in a
    notebook; a report section joins it with its sentences)."""
    return Html(html_tabell(df, kolumner, bildtext, minsta=minsta, antal_kolumn=antal_kolumn, fotnot=fotnot,
                            rubriker=rubriker, format=format))


# --------------------------------------------------------------------------- Excel

_OTILLATET_I_BLADNAMN = re.compile(r"[\[\]:*?/\\]")
#: Excel number formats for the registry's formats (Excel shows them in the reader's locale).
EXCEL_FORMAT = {"procent": "0.0%", "tal": "#,##0", "tal1": "#,##0.0", "pe": "+#,##0;-#,##0;0",
                "gap": "+#,##0;-#,##0;0", "nyckel": "0"}


def _tom(v) -> bool:
    """A missing cell (None, NaN, NA, NaT): written as an empty Excel cell."""
    return not isinstance(v, str) and bool(pd.api.types.is_scalar(v) and pd.isna(v))


def bladnamn(namn: str, upptagna: set[str]) -> str:
    """A valid, unique Excel sheet name (max 31 characters, no ``[]:*?/\\``).

    >>> bladnamn("Rekryteringsbehov per yrkeskategori 2 år", set())
    'Rekryteringsbehov per yrkeskate'
    """
    bas = _OTILLATET_I_BLADNAMN.sub("_", str(namn)).strip("'").strip() or "Tabell"
    kandidat, n = bas[:31], 2
    while kandidat.lower() in {u.lower() for u in upptagna}:
        slut = f" ({n})"
        kandidat, n = bas[:31 - len(slut)] + slut, n + 1
    upptagna.add(kandidat)
    return kandidat


def _antalskolumn(df: pd.DataFrame) -> str | None:
    for k in ("antal", "medelantal", "antal_medarbetare"):
        if k in df.columns:
            return k
    return None


def _excelformat(kolumn: str, serie: pd.Series) -> str | None:
    """The Excel number format of a column: from the registry's kind and format; a column outside
    the registry is a whole number when it counts persons or holds integers, else one decimal."""
    if pd.api.types.is_datetime64_any_dtype(serie):
        return "yyyy-mm-dd"
    if not pd.api.types.is_numeric_dtype(serie) or pd.api.types.is_bool_dtype(serie):
        return None
    if _ar_nyckel(kolumn):
        return EXCEL_FORMAT["nyckel"]
    post = register.hitta(kolumn)
    if post is not None and post.format in EXCEL_FORMAT:
        return EXCEL_FORMAT[post.format]
    if pd.api.types.is_integer_dtype(serie) or _ar_personantal(kolumn):
        return EXCEL_FORMAT["tal"]
    return EXCEL_FORMAT["tal1"]


#: One table of a report workbook: (caption, published frame, columns, the ``visa_tabell`` keywords used).
Excelbladet = tuple[str, pd.DataFrame, Kolumnval, Mapping]
#: The Excel number formats of the report workbook (stored in Excel's own notation; Swedish Excel shows
#: ``#,##0`` as ``1 811`` and ``0.0 %`` as ``9,2 %``), per format of :data:`FORMAT`.
_BOKFORMAT = {**EXCEL_FORMAT, "procent": "0.0 %", "datum": "yyyy-mm-dd"}
_DECIMALER = {"tal": 0, "gap": 0, "pe": 0, "tal1": 1, "procent": 3}


def _cellvarde(v, f: str):
    """``(value, number format)`` of one cell as the report shows it: a number rounded as printed (a share as
    a fraction), a date as a date, a missing or hidden figure as ``–`` (the HTML's mark), text as text."""
    if f == "text":
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)) or _tom(v):
            return formatera(v, "text"), None
        return (int(v) if float(v).is_integer() else float(v)), None  # a year or number in a text column
    if _tom(v):
        return STRECK, None
    if f == "datum":
        try:
            return pd.Timestamp(v).to_pydatetime(), _BOKFORMAT["datum"]
        except (TypeError, ValueError):
            return str(v), None
    if isinstance(v, str):
        return v, None
    d = _avrundat(v, _DECIMALER[f])
    return (int(d) if _DECIMALER[f] == 0 else d), _BOKFORMAT[f]


def _avrundat(v, decimaler: int) -> float:
    """``v`` rounded half up as :mod:`kfanalys.grund.talformat` prints it (``2.5 -> 3``)."""
    from decimal import ROUND_HALF_UP, Decimal

    d = Decimal(repr(float(v))).quantize(Decimal(1).scaleb(-decimaler), rounding=ROUND_HALF_UP)
    return float(d) + 0.0


#: Shorter words for a sheet name (Excel allows 31 characters), applied in order until the name fits.
_KORTARE = (("Personalomsättning", "Omsättning"), ("Personalframskrivning", "Framskrivning"),
            ("Rekryteringsbehov", "Rekrytering"), ("rekryteringsbehov", "rekrytering"),
            ("Förväntade pensionsavgångar", "Pensionsavgångar"), ("yrkeskategorier", "yrken"),
            ("yrkeskategori", "yrke"), ("åldersgrupp", "ålder"), (" års sikt", " år"), (" per nämnd på", " på"),
            ("per källa och avgångar per destination", "och avgångar"), ("senaste 12 månaderna", "12 mån"),
            (": förflyttning mellan kompetensnivåer", ""), ("Nämndens bedömning av behovet", "Nämndens bedömning"),
            ("Efterhandsprövning", "Efterhand"), ("Aktiviteterna från", "Aktiviteter"), (" och hur de har gått", ""),
            ("Föregående cykels prognos mot utfallet", "Prognos mot utfall"), (": prognosen från", ""),
            (" mot utfallet", ""), (" per scenario", ", scenarier"), (" på ", " "))


def _bladnamn_for(nummer: int, bildtext: str) -> str:
    """``"12 Rekrytering per yrke 2 år"`` for table 12 "Rekryteringsbehov per yrkeskategori på 2 års sikt":
    the number and the caption, shortened (no date or bracket, :data:`_KORTARE`, then cut at a word) to
    31 characters."""
    prefix, text = f"{nummer} ", re.sub(r",? \d{4}-\d{2}-\d{2}$", "", str(bildtext))
    if len(prefix + text) > 31:
        text = re.sub(r" \([^)]*\)", "", text)  # an explanation in brackets: in the caption (row 1)
    for fran, till in ((None, None), *_KORTARE):
        if fran is not None:
            text = text.replace(fran, till)
        if len(prefix + text) <= 31:
            return prefix + text
    return prefix + text[:31 - len(prefix) - 1].rsplit(" ", 1)[0].rstrip(",:;– ") + "…"


def till_excel(tabeller: Sequence[Excelbladet], sokvag: str | Path, *,
               om_arbetsboken: Sequence[tuple[str, str]] = ()) -> Path:
    """The report workbook: a first sheet "Om arbetsboken", then one sheet per report table; returns the path.

    ``tabeller``: what the report showed, in report order, each ``(bildtext, df, kolumner, kw)`` with the
    keywords of :func:`html_tabell` (``minsta``, ``antal_kolumn``, ``fotnot``, ``rubriker``, ``format``), as
    :func:`kfanalys.rapport.avsnitt_delar.tabell` records them. Each sheet is the HTML table: row 1 the
    caption, row 2 the headings (:func:`kolumnspec`), then the rows after the same :func:`undertryck`;
    numbers are numbers rounded as printed with an Excel number format, hidden and missing figures ``–``,
    the total rows bold, the caption and headings frozen; under the table the suppression footnote
    (:func:`fotnot_text`) exactly when the HTML prints it, and the table's own note. The sheet name is the
    sheet's number and the caption, shortened to Excel's 31 characters. ``om_arbetsboken``: (label, text)
    rows of the first sheet, followed by the list of sheets with their full captions. A table with
    person-level columns is refused; typed text stays text (:func:`kfanalys.grund.excel.skydda_arbetsbok`);
    the file is written under a temporary name and renamed (:func:`kfanalys.grund.sokvagar.skriv_atomiskt`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from kfanalys.grund.excel import skydda_arbetsbok

    sokvag = Path(sokvag)
    fet, hoger = Font(bold=True), Alignment(horizontal="right")
    wb = Workbook()
    om = wb.active
    om.title = "Om arbetsboken"
    upptagna, blad = {"Om arbetsboken"}, []
    for i, (bildtext, df, kolumner, kw) in enumerate(tabeller, start=1):
        kw = dict(kw)
        _kontrollera_personuppgifter(df, f'Excelbladet "{bildtext}"')
        spec = kolumnspec(kolumner, kw.get("rubriker"), kw.get("format"))
        saknas = [k for k in spec if k not in df.columns]
        if saknas:
            raise Berakningsfel(f'Tabellen "{bildtext}" saknar kolumnerna {", ".join(saknas)}')
        minsta, visas, dolt = kw.get("minsta"), df, False
        if minsta is not None:
            visas = undertryck(df, minsta, kw.get("antal_kolumn", "antal"))
            dolt = bool((df[list(spec)].notna() & visas[list(spec)].isna()).to_numpy().any()) \
                or _publicerat_dolt(df, spec)
        ws = wb.create_sheet(bladnamn(_bladnamn_for(i, bildtext), upptagna))
        blad.append((ws.title, bildtext))
        ws.append([bildtext])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append([rubrik for rubrik, _ in spec.values()])
        for j, (_, f) in enumerate(spec.values(), start=1):
            c = ws.cell(2, j)
            c.font = fet
            c.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="left" if f == "text" else "right")
            c.border = Border(bottom=Side(style="thin"))
        bredd = [min(len(rubrik), 24) for rubrik, _ in spec.values()]
        for rad in range(len(visas)):
            totalt = any(visas[k].iloc[rad] in (TOTALT, HELA_KOMMUNEN) for k, (_, f) in spec.items()
                         if f == "text" and isinstance(visas[k].iloc[rad], str))
            for j, (k, (_, f)) in enumerate(spec.items(), start=1):
                varde, nf = _cellvarde(visas[k].iloc[rad], f)
                c = ws.cell(rad + 3, j, varde)
                if nf:
                    c.number_format = nf
                if f != "text":
                    c.alignment = hoger
                if totalt:
                    c.font = fet
                bredd[j - 1] = max(bredd[j - 1], len(formatera(visas[k].iloc[rad], f)))
        for j, b in enumerate(bredd, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(max(10, b + 2), 60)
        noter = ([fotnot_text(minsta)] if dolt else []) + ([kw["fotnot"]] if kw.get("fotnot") else [])
        for n, text in enumerate(noter):
            ws.cell(len(visas) + 4 + n, 1, text)
        ws.freeze_panes = "B3"
        ws.print_title_rows = "1:2"
        ws.page_setup.orientation = "landscape" if len(spec) > 6 else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    om.append(["Om arbetsboken"])
    om["A1"].font = Font(bold=True, size=12)
    for etikett, text in om_arbetsboken:
        om.append([etikett, text])
        om.cell(om.max_row, 1).font = fet
        om.cell(om.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    om.append([])
    om.append(["Blad", "Tabell i rapporten"])
    for c in om[om.max_row]:
        c.font = fet
    for namn, bildtext in blad:
        om.append([namn, bildtext])
    om.column_dimensions["A"].width = 34
    om.column_dimensions["B"].width = 100
    skydda_arbetsbok(wb)  # typed text (=, +, -, @ first) stays text; the report workbook has no formulas
    skriv_atomiskt(sokvag, wb.save)
    return sokvag
