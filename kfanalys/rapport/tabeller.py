"""Accessible HTML tables and report workbooks, read from the published tables.

Numbers are formatted by :mod:`kfanalys.grund.talformat`.

Suppression: every published table has already passed the disclosure rule of
:mod:`kfanalys.grund.rojandekontroll` (group, count, share and complementary rules, over all
nämnder and the kommun at once; :func:`kfanalys.rapport.batch.publicerade_tabeller`). :func:`undertryck`
is a second line of defence for a table built in a notebook: it applies the group and count
rules again (idempotent on a published table) so a count of 1 to ``minsta``-1 is never printed.
The footnote appears whenever a cell is hidden by either.

Key columns that are numbers but not figures (``ar``, ``horisont``, ``riktmarke``...,
:data:`NYCKLAR`) are never suppressed.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.grund.sokvagar import skriv_atomiskt

from kfanalys.grund.talformat import (  # noqa: E402,F401 - the one number format, re-used here
    FORMAT, NBSP, STRECK, _saknas, ar_text, fmt_pe, fmt_procent, fmt_tal, formatera, kommande, talord)

# Numeric columns that identify a row rather than hold a figure: never suppressed.
NYCKLAR = frozenset({"ar", "horisont", "riktmarke", "period_fran", "period_till", "cykel"})
# Columns that count persons (the count rule); any column starting with "alder_" too.
PERSONANTAL = frozenset({"antal", "kvinnor", "man", "antal_chefer", "antal_medarbetare", "avgangar",
                         "avgangar_pension", "faktiskt_antal", "faktiska_rekryteringar"})
# Columns that must never reach a report or workbook (person-level data): one list, in grund.
from kfanalys.grund.rojandekontroll import PERSONUPPGIFTER  # noqa: E402

# Swedish headings for the columns of the computed tables (ARKITEKTUR.md), used by
# till_excel and as a fallback; unknown columns get their name with spaces.
RUBRIKER: dict[str, str] = {
    "namnd": "Nämnd", "yrkeskategori": "Yrkeskategori", "befattning": "Befattning", "grupp": "Grupp",
    "niva": "Nivå", "antal": "Antal", "arsarbetare": "Årsarbetare", "kvinnor": "Kvinnor", "man": "Män",
    "andel_kvinnor": "Andel kvinnor", "andel_man": "Andel män", "andel_tillsvidare": "Andel tillsvidare",
    "andel_heltid": "Andel heltid", "medelalder": "Medelålder", "alder_29": "-29 år", "alder_30_39": "30-39 år",
    "alder_40_49": "40-49 år", "alder_50_59": "50-59 år", "alder_60": "60- år", "kon": "Kön",
    "aldersgrupp": "Åldersgrupp", "antal_chefer": "Antal chefer", "antal_medarbetare": "Antal medarbetare",
    "medarbetare_per_chef": "Medarbetare per chef",
    "andel_chefer_over_riktmarke": "Andel chefer över riktmärket", "riktmarke": "Riktmärke",
    "period": "Period", "period_fran": "Från", "period_till": "Till", "typ": "Typ", "motpart": "Motpart",
    "andel": "Andel", "medelantal": "Medelantal", "avgangar": "Avgångar", "avgangar_pension": "Varav pension",
    "omsattning": "Personalomsättning", "omsattning_exkl_pension": "Personalomsättning exkl. pension",
    "inom_2": "Pension inom 2 år", "inom_5": "Pension inom 5 år", "inom_10": "Pension inom 10 år",
    "andel_inom_10": "Andel pension inom 10 år", "forvantade": "Förväntade pensionsavgångar", "ar": "År",
    "horisont": "Horisont (år)", "drivare": "Drivare", "drivare_antal": "Drivarpopulation",
    "drivare_index": "Drivarindex", "behov": "Behov", "behov_arsarbetare": "Behov årsarbetare", "gap": "Gap",
    "bedomning": "Bedömning", "bedomt_behov": "Bedömt behov", "bedomt_behov_lag": "Bedömt behov, lägst",
    "bedomt_behov_hog": "Bedömt behov, högst", "procentenheter": "Procentenheter", "personer": "Personer",
    "expansion": "Rekryteringsbehov expansion", "ersattning_omsattning": "Rekryteringsbehov personalomsättning",
    "ersattning_pension": "Rekryteringsbehov pension", "totalt": "Totalt rekryteringsbehov", "kvar": "Kvar",
    "pension": "Pension", "rekryteringar": "Rekryteringar", "konsekvens": "Konsekvens",
    "sannolikhet": "Sannolikhet", "motivering": "Motivering", "kalla": "Källa",
    "foregaende_konsekvens": "Konsekvens föregående", "foregaende_sannolikhet": "Sannolikhet föregående",
    "prognos_behov": "Prognos behov", "faktiskt_antal": "Faktiskt antal",
    "prognos_rekryteringar": "Prognos rekryteringar", "faktiska_rekryteringar": "Faktiska rekryteringar",
    "omrade": "Område", "aktivitet": "Aktivitet", "maldatum": "Måldatum", "ansvarig": "Ansvarig",
    "status": "Status", "cykel": "Cykel", "skal": "Skäl",
}


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
    return kolumn in PERSONANTAL or kolumn.startswith("alder_")


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
    column except :data:`NYCKLAR`). Adds the boolean column ``undertryckt`` (True when the
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
                    and not pd.api.types.is_bool_dtype(df[k]) and k not in NYCKLAR and k != "undertryckt"]
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


def html_tabell(df: pd.DataFrame, kolumner: Mapping[str, tuple[str, str]], bildtext: str,
                minsta: int | None = None, antal_kolumn: str | None = "antal", fotnot: str | None = None) -> str:
    """An accessible HTML table: ``<caption>`` = ``bildtext``, ``<th scope="col">`` headings,
    right-aligned numbers, no index column, suppressed cells as ``–`` with a footnote.
    With ``minsta`` and an ``antal_kolumn`` that the table lacks, an error is raised
    (pass ``antal_kolumn=None`` to apply only the count rule).

    ``kolumner`` maps source column -> (Swedish heading, format), format one of
    :data:`FORMAT` (``procent`` expects a fraction 0-1; ``pe``/``gap`` are signed). With
    ``minsta`` the table is first passed through :func:`undertryck` (group size in
    ``antal_kolumn``, which need not be shown). ``fotnot`` is an extra note printed below.
    A total row (a text cell equal to ``Totalt`` or ``Hela kommunen``) is set in bold.

    >>> t = pd.DataFrame({"yrkeskategori": ["Rektor"], "antal": [4]})
    >>> "färre än 5 personer" in html_tabell(t, {"yrkeskategori": ("Yrkeskategori", "text"),
    ...                                          "antal": ("Antal", "tal")}, "Antal", minsta=5)
    True
    """
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


def visa_tabell(df: pd.DataFrame, kolumner: Mapping[str, tuple[str, str]], bildtext: str,
                minsta: int | None = None, antal_kolumn: str | None = "antal", fotnot: str | None = None):
    """:func:`html_tabell` as an ``IPython.display.HTML`` object (for notebooks)."""
    from IPython.display import HTML

    return HTML(html_tabell(df, kolumner, bildtext, minsta=minsta, antal_kolumn=antal_kolumn, fotnot=fotnot))


# --------------------------------------------------------------------------- Excel

_OTILLATET_I_BLADNAMN = re.compile(r"[\[\]:*?/\\]")
EXCEL_FORMAT = {"procent": "0.0%", "tal": "#,##0", "tal1": "#,##0.0"}


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
    if not pd.api.types.is_numeric_dtype(serie) or pd.api.types.is_bool_dtype(serie):
        return None
    if kolumn in NYCKLAR:
        return "0"
    if kolumn.startswith("andel") or kolumn.startswith("omsattning"):
        return EXCEL_FORMAT["procent"]
    if pd.api.types.is_integer_dtype(serie) or _ar_personantal(kolumn):
        return EXCEL_FORMAT["tal"]
    return EXCEL_FORMAT["tal1"]


def till_excel(tabeller: Mapping[str, pd.DataFrame], sokvag: str | Path, minsta: int | None = None,
               rubriker: Mapping[str, str] | None = None) -> Path:
    """Write one sheet per table to ``sokvag`` (.xlsx); returns the path.

    Sheet names are the dict keys made valid (≤ 31 characters, unique). Headings are
    Swedish (:data:`RUBRIKER`, overridden by ``rubriker``). Numbers stay numbers with an
    Excel number format (Excel shows them in the reader's locale: ``9,2 %`` in Swedish
    Excel). With ``minsta`` each table is passed through :func:`undertryck` (group size:
    the first of ``antal``, ``medelantal``, ``antal_medarbetare`` present); suppressed
    cells are left empty and a note row is written below the table. A table with
    person-level columns (:data:`PERSONUPPGIFTER`) is refused. The file is written under a
    temporary name in the same folder and then renamed, so no half file is left behind.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from kfanalys.grund.excel import skydda_arbetsbok

    sokvag = Path(sokvag)
    for namn, df in tabeller.items():
        _kontrollera_personuppgifter(df, f"Excelbladet {namn}")
    rub = {**RUBRIKER, **(rubriker or {})}
    wb = Workbook()
    wb.remove(wb.active)
    upptagna: set[str] = set()
    for namn, df in tabeller.items():
        ws = wb.create_sheet(bladnamn(namn, upptagna))
        from kfanalys.grund.rojandekontroll import DOLT, har_dolda

        undertryckt_nagot = har_dolda(df)
        visas = df.drop(columns=["undertryckt", DOLT], errors="ignore")
        if minsta is not None:
            u = undertryck(visas, minsta, _antalskolumn(visas))
            undertryckt_nagot |= bool((visas.notna() & u.drop(columns="undertryckt").isna()).to_numpy().any())
            visas = u.drop(columns="undertryckt")
        kolumner = [str(k) for k in visas.columns]
        ws.append([rub.get(k, k.replace("_", " ").capitalize()) for k in kolumner])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        format_ = [_excelformat(k, visas[k]) for k in kolumner]
        for rad in visas.itertuples(index=False):
            varden = []
            for v in rad:
                if _saknas(v) and not isinstance(v, str):
                    varden.append(None)
                elif isinstance(v, np.generic):
                    varden.append(v.item())
                elif isinstance(v, pd.Timestamp):
                    varden.append(v.to_pydatetime())
                else:
                    varden.append(v)
            ws.append(varden)
        for j, f in enumerate(format_, start=1):
            bredd = max([len(str(ws.cell(1, j).value))] + [len(str(v)) for v in visas.iloc[:, j - 1].head(200)])
            ws.column_dimensions[get_column_letter(j)].width = min(max(10, bredd + 2), 50)
            if f:
                for i in range(2, len(visas) + 2):
                    ws.cell(i, j).number_format = f
        ws.freeze_panes = "A2"
        if undertryckt_nagot:
            ws.append([])
            ws.append(["Tomma celler: " + fotnot_text(minsta or 5).removeprefix(f"{STRECK} = ")])
    if not wb.sheetnames:
        wb.create_sheet("Tom")
    skydda_arbetsbok(wb)  # typed text (=, +, -, @ first) stays text; the report workbook has no formulas
    skriv_atomiskt(sokvag, wb.save)
    return sokvag
