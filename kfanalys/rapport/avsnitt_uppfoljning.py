"""The section "Plan och uppföljning" of a nämnd's report (part of :mod:`kfanalys.rapport.avsnitt`):
the follow-up of the last plan, this cycle's activity plan, and the last forecast against the outcome;
and the rolling backtest's table (:func:`backtest_tabell`, shown under "Hur säker är prognosen?" in
the nämnd and kommun reports): errors, the 80 % interval's coverage with n and its 95 % uncertainty."""

from __future__ import annotations

import pandas as pd

from kfanalys.grund.rojandekontroll import ar_dold
from kfanalys.grund.schema import TOTALT
from kfanalys.grund.text import Html, rubrik, stycke, stycken
from kfanalys.modell.uppfoljning import aktivitetsplan, status_mening, statusantal, utfall_mening
from kfanalys.rapport.avsnitt_delar import tabell, utan_underlag
from kfanalys.rapport.data import Rapportdata
from kfanalys.rapport.prognostext import arspann, lista, tackning_kort


def backtest_tabell(r: Rapportdata) -> Html | None:
    """The rolling backtest per nämnd (kommun report) or for the nämnd and the kommun (a nämnd's
    report): errors, the share of actual recruitments inside the 80 % interval read as "78 av 100
    (74–82)" with its 95 % uncertainty, the number of comparisons n and of forecasts tested. None
    when no backtest table was computed."""
    bt = r.med_kommun("backtest") if r.namnd is None else pd.concat(
        [d for d in (r.tabell("backtest"), r.kommun("backtest")) if len(d)] or [pd.DataFrame()], ignore_index=True)
    if not len(bt):
        return None
    if {"andel_inom_intervall_lag", "andel_inom_intervall_hog"} <= set(bt.columns):
        bt = bt.assign(tackning=[tackning_kort(a, lag, hog) for a, lag, hog in zip(  # a handful of nämnder
            bt["andel_inom_intervall"], bt["andel_inom_intervall_lag"], bt["andel_inom_intervall_hog"])])
        kolumner = ["namnd", "mape_antal", "mape_rekryteringar", "tackning", "jamforelser_intervall"]
    else:  # a cycle stored before the rolling backtest
        kolumner = ["namnd", "mape_antal", "mape_rekryteringar", "andel_inom_intervall", "jamforelser_intervall"]
    m = r.meta.get("backtest") or {}
    fran = [int(f) for f in m.get("fran_cykler", [m["fran_cykel"]] if "fran_cykel" in m else [])]
    vilka = (f"prognoserna från {lista(fran)}" if len(fran) > 1 else f"prognosen från {fran[0]}" if fran
             else "tidigare prognoser")
    utfall = f" mot utfallet {arspann(m['ar'])}" if m.get("ar") else " mot utfallet"
    per = " per nämnd" if r.namnd is None else ""
    return tabell(r, bt, kolumner, f"Efterhandsprövning{per}: {vilka}{utfall}", minsta=None, antal_kolumn=None,
                  rubriker={"tackning": "Inom 80 %-intervallet, av 100 (95 % osäkerhet)",
                            "jamforelser_intervall": "Jämförelser (n)"},
                  format={"tackning": "text", "jamforelser_intervall": "tal"},
                  fotnot="Fel = genomsnittligt absolut procentfel per yrkeskategori och år. En jämförelse är en "
                         "yrkeskategori ett år i en av prognoserna; inom intervallet = de faktiska rekryteringarna "
                         "låg inom prognosens 80 %-intervall. Osäkerheten är ett 95 %-intervall (Wilson) som "
                         "räknar jämförelserna som oberoende; samma yrkeskategori ingår flera år, så den verkliga "
                         "osäkerheten är något större.")


def utfall_stycke(r: Rapportdata, uf: pd.DataFrame) -> Html | None:
    """The previous forecast against the outcome in one sentence (:func:`kfanalys.modell.uppfoljning.utfall_mening`),
    or a sentence saying it is not shown when a figure it needs is hidden."""
    tot = uf[uf["yrkeskategori"] == TOTALT]
    behovs = ["prognos_behov", "faktiskt_antal", "prognos_rekryteringar", "faktiska_rekryteringar"]
    if any(ar_dold(rad, k) for _, rad in tot.iterrows() for k in behovs):
        return stycke("Prognosen från {foreg} jämförs inte med utfallet för hela nämnden här: uppgifterna redovisas "
                      "inte av integritetsskäl.", foreg=r.foregaende_cykel)
    text = utfall_mening(uf, r.radnamn, r.foregaende_cykel)
    return stycken([text]) if text else None


def plan(r: Rapportdata) -> Html:
    """Follow-up of the last plan, this cycle's activity plan and the last forecast against the outcome."""
    foreg = r.foregaende_cykel
    pu = r.tabell("plan_uppfoljning")
    delar = [rubrik("Uppföljning av förra cykelns aktiviteter", 3)]
    if len(pu):
        ingen = pu["status"].eq("ingen uppgift").any()
        delar += [stycken([status_mening(statusantal(pu), foreg)]),
                  tabell(r, pu, ["omrade", "aktivitet", "ansvarig", "maldatum_foregaende", "status_foregaende",
                                 "status"], f"Aktiviteterna från {foreg} och hur de har gått", minsta=None,
                         antal_kolumn=None, rubriker={"status_foregaende": f"Status {foreg}", "status": "Status nu"},
                         fotnot="\u201dingen uppgift\u201d: aktiviteten finns inte med i årets underlag." if ingen
                         else None)]
    elif foreg:
        delar.append(stycke("Det finns ingen aktivitetsplan från {foreg} att följa upp.", foreg=foreg))
    else:
        delar.append(stycke("Det finns ingen föregående cykel att följa upp."))

    delar.append(rubrik("Aktivitetsplan {cykel}", 3, cykel=r.cykel))
    pl = aktivitetsplan(r.tabell("plan"), pu)
    if len(pl):
        pl = pl.assign(ursprung=pl["ny"].map({True: "ny", False: f"från {foreg}"})).rename(
            columns={"behov": "behov_text"})
        delar.append(tabell(r, pl, ["omrade", "behov_text", "aktivitet", "maldatum", "ansvarig", "status", "ursprung"],
                            "Aktivitetsplan", minsta=None, antal_kolumn=None,
                            fotnot="Ordnad efter UBARA: Utveckla, Behålla, Attrahera, Rekrytera, Introducera, "
                                   "Avsluta. Genomförda och avbrutna aktiviteter från förra planen redovisas i "
                                   "uppföljningen ovan."))
    else:
        delar.append(utan_underlag(r, "aktivitetsplanen"))

    delar.append(rubrik("Prognos och utfall", 3))
    uf = r.tabell("uppfoljning")
    if len(uf):
        uf = uf.sort_values(["yrkeskategori", "ar"], key=lambda s: s.eq(TOTALT) if s.name == "yrkeskategori" else s,
                            kind="stable")
        delar += [utfall_stycke(r, uf),
                  tabell(r, uf, ["yrkeskategori", "ar", "prognos_behov", "faktiskt_antal", "prognos_rekryteringar",
                                 "faktiska_rekryteringar"], "Föregående cykels prognos mot utfallet",
                         antal_kolumn=None)]
    else:
        delar.append(stycke("Det finns ingen föregående prognos att följa upp."))
    return Html("\n".join(d.html for d in delar if d is not None and d.html))
