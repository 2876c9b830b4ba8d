"""The section "Gapanalys" of a nämnd's report (part of :mod:`kfanalys.rapport.avsnitt`, re-exported there).

The main table is seed 003's (Malmö's): one row per analysed yrkeskategori with the månadsavlönade
today, the quantitative gap and the nämnd's judgement at each horizon, and the qualitative gap per
kompetensnivå (percentage points, two years ahead) (:func:`gaptabell_malmo`). Below it the details:
the projected need behind the gap, the judgement as an interval, the qualitative gap in persons.

Hidden cells stay hidden: the tables are reshaped without aggregation (:func:`~kfanalys.rapport.avsnitt_delar.bred`)
and the main table carries its own ``_dolt`` column (the hidden cells of the rows it comes from, under
its own column names), so the footnote appears exactly when a cell is hidden. A category the nämnd
did not judge has an empty cell, not a dash.
"""

from __future__ import annotations

import pandas as pd

from kfanalys.grund.rojandekontroll import DOLT, RAD, ar_dold
from kfanalys.grund.talformat import STRECK, fmt_pe
from kfanalys.grund.text import Html, rubrik, stycke
from kfanalys.indata.workshop_layout import FRAGOR
from kfanalys.rapport import figurer
from kfanalys.rapport.avsnitt_delar import analys, basar, block, bred, figur, tabell, utan_totalt, utan_underlag
from kfanalys.rapport.data import Rapportdata

BEDOMNING_TEXT = ("Nämnden har bedömt det faktiska behovet mot framskrivningen: mycket mindre (-30 %), mindre "
                  "(-15 %), samma (0 %), mer (+15 %) eller mycket mer (+30 %). Bedömningen tillämpas på det "
                  "framskrivna behovet och visas som ett intervall och en punkt.")
KVALITATIVT_TEXT = ("Den kvalitativa förflyttningen visar hur fördelningen mellan kompetensnivåerna Viss, God, Hög "
                    "och Mycket hög behöver förändras på två års sikt, i procentenheter (summan är noll) och i "
                    "personer.")
NIVAER = ("Viss", "God", "Hög", "Mycket hög")
#: The column of the månadsavlönade (N) in a report table: its own heading, so it is never taken for
#: the nuläge's "Anställda" (all staff).
N_KOLUMN = "antal_manadsavlonade"


def gaptabell(r: Rapportdata) -> pd.DataFrame:
    """One row per analysed yrkeskategori: the månadsavlönade today (:data:`N_KOLUMN`), ``behov_<h>`` and
    ``gap_<h>`` per horizon."""
    gp = utan_totalt(r.tabell("gap"))
    if gp.empty:
        return gp
    varden = bred(gp, "yrkeskategori", "horisont", ["behov", "gap"])
    bas = gp.drop_duplicates("yrkeskategori")[["yrkeskategori", "antal"]].rename(columns={"antal": N_KOLUMN})
    return bas.merge(varden, on="yrkeskategori", how="right")


def kvalitativ_tabell(kv: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The qualitative gap as one row per yrkeskategori: ``procentenheter_<nivå>`` and ``personer_<nivå>``."""
    nivaer = [n for n in NIVAER if n in set(kv["niva"])]
    return bred(kv, "yrkeskategori", "niva", ["procentenheter", "personer"]), nivaer


def _dolda(df: pd.DataFrame, kolumn: str, namn) -> pd.Series:
    """Per row of a published table: is ``kolumn`` hidden (or the whole row)? ``namn``: the name of the
    cell in the main table (a function of the row)."""
    return df.apply(lambda rad: namn(rad) if ar_dold(rad, kolumn) or ar_dold(rad, RAD) else "", axis=1)


def gaptabell_malmo(r: Rapportdata) -> tuple[pd.DataFrame, list[str]]:
    """Seed 003's gap table: one row per analysed yrkeskategori with :data:`N_KOLUMN`, ``gap_<h>`` and
    ``bedomning_<h>`` per horizon (the judgement as a word, "" where none) and ``procentenheter_<nivå>``
    (the qualitative gap as text, "+10"; "" where the category was not judged; the levels present are
    returned). Hidden cells are NaN/"–" and listed in ``_dolt``."""
    gp = utan_totalt(r.tabell("gap"))
    if gp.empty:
        return gp, []
    if "bedomning" not in gp.columns:
        gp = gp.assign(bedomning=None)
    bed = gp["bedomning"].where(gp["bedomning"].notna(), "").astype(str).str.strip()
    gp = gp.assign(bedomning=bed.str[:1].str.upper() + bed.str[1:])
    ut = bred(gp, "yrkeskategori", "horisont", ["gap"]).merge(bred(gp, "yrkeskategori", "horisont", ["bedomning"]),
                                                              on="yrkeskategori")
    bas = gp.drop_duplicates("yrkeskategori")[["yrkeskategori", "antal"]].rename(columns={"antal": N_KOLUMN})
    ut = bas.merge(ut, on="yrkeskategori", how="right")
    dolt = pd.concat([
        gp[["yrkeskategori"]].assign(d=_dolda(gp, "antal", lambda _: N_KOLUMN)),
        gp[["yrkeskategori"]].assign(d=_dolda(gp, "gap", lambda rad: f"gap_{rad['horisont']}"))])
    kv = r.tabell("kvalitativt_gap")
    nivaer = [n for n in NIVAER if len(kv) and n in set(kv["niva"])]
    if nivaer:
        pe = kv.assign(procentenheter=[STRECK if ar_dold(rad, "procentenheter") or ar_dold(rad, RAD)
                                       else fmt_pe(rad["procentenheter"]) for _, rad in kv.iterrows()])
        ut = ut.merge(bred(pe, "yrkeskategori", "niva", ["procentenheter"]), on="yrkeskategori", how="left")
        dolt = pd.concat([dolt, kv[["yrkeskategori"]].assign(
            d=_dolda(kv, "procentenheter", lambda rad: f"procentenheter_{rad['niva']}"))])
        for n in nivaer:
            ut[f"procentenheter_{n}"] = ut[f"procentenheter_{n}"].fillna("")
    for h in sorted(set(gp["horisont"])):
        ut[f"bedomning_{h}"] = ut[f"bedomning_{h}"].fillna("")
    dolt = dolt[dolt["d"] != ""].groupby("yrkeskategori")["d"].agg(lambda s: ",".join(s))
    ut[DOLT] = ut["yrkeskategori"].map(dolt).astype(object).fillna("")
    return ut, nivaer


def _huvudtabell(r: Rapportdata) -> Html:
    tab, nivaer = gaptabell_malmo(r)
    H = [h for h in r.horisonter if f"gap_{h}" in tab.columns]
    kol = ["yrkeskategori", N_KOLUMN, *(k for h in H for k in (f"gap_{h}", f"bedomning_{h}")),
           *(f"procentenheter_{n}" for n in nivaer)]
    rub = ({N_KOLUMN: f"Månadsavlönade {basar(r)}"} | {f"gap_{h}": f"Gap {h} år" for h in H}
           | {f"bedomning_{h}": f"Bedömning {h} år" for h in H} | {f"procentenheter_{n}": n for n in nivaer})
    fotnot = ("Gap = antalet månadsavlönade i dag minus det framskrivna behovet; negativt betyder brist. Bedömning: "
              "nämndens bedömning av behovet jämfört med framskrivningen.")
    if nivaer:
        fotnot += (" Viss, God, Hög och Mycket hög: kvalitativt gap på två års sikt, förflyttning mellan "
                   "kompetensnivåerna i procentenheter.")
    return tabell(r, tab, kol, "Gapanalys per yrkeskategori (månadsavlönade)", antal_kolumn=N_KOLUMN, rubriker=rub,
                  format={f"procentenheter_{n}": "text" for n in nivaer}, fotnot=fotnot)


def gap(r: Rapportdata) -> Html:
    """Gap analysis: seed 003's table (gap, judgement and qualitative gap per yrkeskategori), then the
    details: the projected need behind the gap, the judgement as an interval, the qualitative gap in persons."""
    H = r.horisonter
    delar = []
    if len(r.tabell("gap")):
        kol = ["yrkeskategori", N_KOLUMN] + [k for h in H for k in (f"behov_{h}", f"gap_{h}")]
        rub = {N_KOLUMN: f"Månadsavlönade {basar(r)}"} | {f"behov_{h}": f"Behov {h} år" for h in H} | {
            f"gap_{h}": f"Gap {h} år" for h in H}
        delar += [_huvudtabell(r), figur(figurer.gap_staplar(r.tabeller["gap"], r.namn, minsta=r.minsta)),
                  rubrik("Kvantitativt gap", 3),
                  tabell(r, gaptabell(r), kol, "Kvantitativt gap per yrkeskategori", rubriker=rub,
                         antal_kolumn=N_KOLUMN)]
    else:
        delar.append(stycke("Inget kvantitativt gap finns för den här cykeln."))
    gp = utan_totalt(r.tabell("gap"))
    bd = gp[gp["bedomning"].notna()] if "bedomning" in gp.columns else gp.iloc[0:0]
    delar += [rubrik("Bedömning", 3), stycke(BEDOMNING_TEXT)]
    if len(bd):
        delar.append(tabell(r, bd, ["yrkeskategori", "horisont", "behov", "bedomning", "bedomt_behov",
                                    "bedomt_behov_lag", "bedomt_behov_hog"], "Nämndens bedömning av behovet",
                            rubriker={"behov": "Framskrivet behov"}))
    else:
        delar.append(utan_underlag(r, "nämndens bedömning av behovet"))
    delar += [rubrik("Kvalitativt gap", 3), stycke(KVALITATIVT_TEXT)]
    kv = r.tabell("kvalitativt_gap")
    if len(kv):
        tab, nivaer = kvalitativ_tabell(kv)
        delar.append(tabell(
            r, tab, ["yrkeskategori", *(f"personer_{n}" for n in nivaer)],
            "Kvalitativt gap: förflyttning mellan kompetensnivåer, i personer", antal_kolumn=None,
            rubriker={f"personer_{n}": n for n in nivaer},
            fotnot="Personer = procentenheterna i tabellen Gapanalys per yrkeskategori × antalet månadsavlönade i "
                   "yrkeskategorin i dag, avrundat."))
    else:
        delar.append(utan_underlag(r, "den kvalitativa gapanalysen"))
    delar.append(analys(r, FRAGOR[1:]))
    return block(*delar)
