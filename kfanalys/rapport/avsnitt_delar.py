"""The building blocks of the report sections (:mod:`kfanalys.rapport.avsnitt`, :mod:`kfanalys.rapport.avsnitt_kommun`).

Pieces of safe HTML put together from :mod:`kfanalys.grund.text`, the tables of
:mod:`kfanalys.rapport.tabeller` and the figures of :mod:`kfanalys.rapport.figurer`, and the
reshaping of a published table for a report table (:func:`bred`, no aggregation, so a hidden
cell stays hidden).
"""

from __future__ import annotations

import pandas as pd

from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.grund.text import Html, markering, punkter, stycke
from kfanalys.rapport import figurer
from kfanalys.rapport.data import Rapportdata
from kfanalys.rapport.index import forsta_raden
from kfanalys.rapport.tabeller import visa_tabell


def block(*delar: Html | None) -> Html:
    """Pieces of finished HTML one after the other (None and empty pieces left out)."""
    return Html("\n".join(d.html for d in delar if d is not None and d.html))


def mening(*delar) -> Html:
    """Inline pieces joined by a space: :class:`Html` kept, text escaped (:func:`~kfanalys.grund.text.markering`)."""
    delar = [d for d in delar if d is not None and str(d) != ""]
    return markering(" ".join("{}" for _ in delar), *delar)


def figur(f) -> Html:
    """A :class:`kfanalys.rapport.figurer.Figur` as a ``<figure>`` with its alt text and caption."""
    return Html(figurer.som_html(f))


def uppraknat(namn: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b och c"``."""
    namn = [str(n) for n in namn]
    return namn[0] if len(namn) == 1 else ", ".join(namn[:-1]) + " och " + namn[-1]


def redovisas_inte(saker: list[str]) -> str:
    """One sentence for the figures a paragraph leaves out: ``"Andelen män och medelåldern redovisas inte
    av integritetsskäl."``; "" when there are none."""
    if not saker:
        return ""
    text = uppraknat(saker)
    return f"{text[0].upper()}{text[1:]} redovisas inte av integritetsskäl."


def forsta(df: pd.DataFrame, **villkor) -> pd.Series | None:
    """The first row of ``df`` where every column equals its value, or None."""
    for k, v in villkor.items():
        if k not in df.columns:
            return None
        df = df[df[k] == v]
    return df.iloc[0] if len(df) else None


def totalt_sist(df: pd.DataFrame, kolumn: str = "yrkeskategori") -> pd.DataFrame:
    """The ``Totalt`` (and ``Hela kommunen``) rows last, the others in their order."""
    return df.sort_values(kolumn, key=lambda s: s.isin([TOTALT, HELA_KOMMUNEN]), kind="stable")


def utan_totalt(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["yrkeskategori"] != TOTALT] if "yrkeskategori" in df.columns else df


def bred(df: pd.DataFrame, index: str, kolumn: str, varden: list[str]) -> pd.DataFrame:
    """One row per ``index`` (order of first appearance), a column ``<varde>_<kolumn value>`` per value.

    No aggregation: a hidden cell (NaN) stays hidden, and a row whose every cell is hidden is kept
    (pandas' ``pivot_table`` would sum a hidden cell to 0 or drop the row). The result has no
    ``_dolt`` column, so a table shows the footnote for any hidden (NaN) cell.

    >>> t = pd.DataFrame({"y": ["A", "A", "B", "B"], "h": [2, 5, 2, 5], "gap": [1.0, 2.0, None, None]})
    >>> bred(t, "y", "h", ["gap"]).values.tolist()
    [['A', 1.0, 2.0], ['B', nan, nan]]
    """
    ordning = list(pd.unique(df[index]))
    ut = df.set_index([index, kolumn])[varden].unstack(kolumn)
    ut.columns = [f"{v}_{k}" for v, k in ut.columns]
    return ut.reindex(ordning).rename_axis(index).reset_index()


def tabell(r: Rapportdata, df: pd.DataFrame, kolumner, bildtext: str, **kw) -> Html:
    """:func:`kfanalys.rapport.tabeller.visa_tabell` with the report's minimum. When ``r.visade_tabeller``
    is a list, the table is also appended to it as ``(bildtext, df, kolumner, kw)``: what the report showed,
    for its workbook (:mod:`kfanalys.rapport.arbetsbok`)."""
    kw.setdefault("minsta", r.minsta)
    html_ = visa_tabell(df, kolumner, bildtext, **kw)
    if getattr(r, "visade_tabeller", None) is not None:
        r.visade_tabeller.append((bildtext, df.copy(), kolumner if isinstance(kolumner, dict) else list(kolumner),
                                  dict(kw)))
    return html_


def analys(r: Rapportdata, fragor) -> Html:
    """The nämnd's own answers from the workshop workbook (sheet Analys) to these questions."""
    a = r.tabell("analys")
    if not {"fraga", "svar"} <= set(a.columns):  # no workbook: nothing to print
        return Html("")
    a = a[a["fraga"].isin(list(fragor)) & a["svar"].fillna("").astype(str).str.strip().ne("")]
    return block(*(stycke("**{fraga}** {svar}", fraga=f, svar=s) for f, s in zip(a["fraga"], a["svar"])))


def utan_underlag(r: Rapportdata, vad: str) -> Html:
    """Why a workshop part is missing: no workbook, or a workbook that failed validation."""
    if r.workshop_fel:
        return stycke("**Workshopunderlaget kunde inte läsas och används inte**, så {vad} saknas. "
                      "Felet: {fel} (se Definitioner och antaganden).", vad=vad, fel=forsta_raden(None, r.workshop_fel))
    return stycke("Nämnden har inte lämnat något ifyllt workshopunderlag för den här cykeln, så {vad} saknas.",
                  vad=vad)


def basar(r: Rapportdata) -> str:
    """The base year (``2025``), for a heading such as \"Antal 2025\"."""
    return r.basdatum[:4]


def scenariolista(r: Rapportdata) -> Html:
    """The scenarios of kommun.yaml, each with its description."""
    return punkter(markering("**{namn}**: {beskrivning}", namn=s.namn, beskrivning=s.beskrivning)
                   for s in r.konfig.scenarier.values())


def harledda_floden(r: Rapportdata) -> Html | None:
    """When the kommun has no events file: a paragraph saying the flows are derived from the snapshots and what
    that cannot see (the text of :func:`kfanalys.modell.harledning.beskrivning`, kept in the cycle's definitions)."""
    if not r.meta.get("handelser_harledda"):
        return None
    text = (r.meta.get("definitioner") or {}).get("harledda_floden", "")
    return stycke("**Rekryteringar och avgångar är härledda ur ögonblicksbilderna.** Kommunen har ingen fil med "
                  "händelser, så en rekrytering eller avgång är en person som finns i nämnden vid ett mätdatum men "
                  "inte vid det förra eller nästa. {text}", text=text)
