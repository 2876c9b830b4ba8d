"""The sections of the kommun report (``notebooks/kommunen.ipynb``): every nämnd beside the kommun.

As :mod:`kfanalys.rapport.avsnitt` (whose :func:`~kfanalys.rapport.avsnitt.titel`,
:func:`~kfanalys.rapport.avsnitt.sammanfattning`, :func:`~kfanalys.rapport.avsnitt.osakerhet` and
:func:`~kfanalys.rapport.avsnitt.definitioner` the kommun report uses too): :class:`Rapportdata` of
the kommun (``namnd`` None) in, safe HTML out. Rows are the nämnder in the order of kommun.yaml
and ``Hela kommunen`` last; a nämnd's figures are its totals over every yrkeskategori.
"""

from __future__ import annotations

from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.grund.talformat import fmt_tal
from kfanalys.grund.text import Html, stycke
from kfanalys.modell.scenario import per_namnd
from kfanalys.rapport import figurer
from kfanalys.rapport.avsnitt import anstallningar_mening, nulage_kolumner
from kfanalys.rapport.avsnitt_delar import block, figur, harledda_floden, scenariolista, tabell
from kfanalys.rapport.data import DEFINITION_OMSATTNING, Rapportdata, med_intervall, med_namn
from kfanalys.rapport.sammanfattning import mal_procent

__all__ = ["nulage", "floden", "pension", "gap_och_rekrytering", "scenarier", "risk"]


def _totalt(df, kolumn: str = "yrkeskategori"):
    return df[df[kolumn] == TOTALT] if kolumn in df.columns else df


#: When the nämnder's persons add up to more than the kommun's (modell.personer).
FLERA_NAMNDER = "En person med anställningar i flera nämnder räknas i varje nämnd men en gång i kommunen."


def summerar_inte(nl) -> bool:
    """True when the shown persons of the nämnder (nuläge, ``niva == "namnd"``) add up to more than the
    shown ``Hela kommunen`` row: some persons work in several nämnder."""
    kommun = nl.loc[nl["namnd"] == HELA_KOMMUNEN, "antal"]
    namnder = nl.loc[nl["namnd"] != HELA_KOMMUNEN, "antal"]
    return bool(len(kommun) and kommun.notna().iloc[0] and namnder.fillna(0).sum() > float(kommun.iloc[0]))


def nulage(r: Rapportdata) -> Html:
    """Headcount (persons and employments), årsarbetare, shares and mean age per nämnd; heltid against
    the target; chefs per nämnd."""
    ant = r.konfig.antaganden
    nl = r.med_kommun("nulage")
    if nl.empty:
        return stycke("Uppgifter om nuläget saknas.")
    nl = nl[nl["niva"] == "namnd"]
    kommun = nl[nl["namnd"] == HELA_KOMMUNEN]
    delar = [stycke(FLERA_NAMNDER) if summerar_inte(nl) else None,
             anstallningar_mening(kommun.iloc[0] if len(kommun) else None, r.minsta),
             tabell(r, med_namn(nl, {"antal": "antal_anstallda"}),
                    nulage_kolumner(nl, "namnd", "arsarbetare", "andel_kvinnor", "andel_tillsvidare", "andel_heltid",
                                    "medelalder", antal="antal_anstallda"),
                    f"Anställda per nämnd, {r.basdatum} (alla anställda, varje person en gång)",
                    antal_kolumn="antal_anstallda"),
             figur(figurer.jamfor_namnder(nl, "andel_heltid", f"Andel heltidsanställda (mål {mal_procent(ant.mal_heltid)})",
                                          minsta=r.minsta))]
    ch = r.med_kommun("chefer")
    if len(ch):
        delar.append(tabell(r, ch, ["namnd", "antal_chefer", "medarbetare_per_chef", "andel_chefer_over_riktmarke"],
                            "Chefer per nämnd", antal_kolumn="antal_medarbetare",
                            rubriker={"andel_chefer_over_riktmarke":
                                      f"Andel chefer över {fmt_tal(ant.medarbetare_per_chef)} medarbetare"}))
    return block(*delar)


def floden(r: Rapportdata) -> Html:
    """Personalomsättning per nämnd over the last 12 months (with its definition)."""
    delar = [stycke("**Definition.** {text}", text=r.definition("omsattning", DEFINITION_OMSATTNING)),
             harledda_floden(r)]
    om = r.med_kommun("omsattning")
    if len(om):
        om = _totalt(om)
        om = om[om["period"] == "senaste_12"]
        delar += [tabell(r, om, ["namnd", "medelantal", "avgangar", "omsattning", "omsattning_exkl_pension"],
                         "Personalomsättning per nämnd, senaste 12 månaderna (månadsavlönade tillsvidareanställda)",
                         antal_kolumn="medelantal"),
                  figur(figurer.jamfor_namnder(om, "omsattning", "Personalomsättning senaste 12 månaderna",
                                               minsta=r.minsta, antal_kolumn="medelantal"))]
    return block(*delar)


def pension(r: Rapportdata) -> Html:
    """Expected retirements per nämnd and the share within ten years."""
    pe = _totalt(r.med_kommun("pension"))
    if pe.empty:
        return stycke("Uppgifter om pensionsavgångar saknas.")
    ar = r.konfig.antaganden.pension_inom_ar
    return block(tabell(r, med_namn(pe, {"antal": "antal_manadsavlonade"}),
                        ["namnd", "antal_manadsavlonade", "inom_2", "inom_5", "inom_10", "andel_inom_10"],
                        "Förväntade pensionsavgångar per nämnd (månadsavlönade)", antal_kolumn="antal_manadsavlonade"),
                 figur(figurer.jamfor_namnder(pe, "andel_inom_10", f"Andel som väntas gå i pension inom {ar} år",
                                              minsta=r.minsta)))


def gap_och_rekrytering_tabell(r: Rapportdata, horisont: int):
    """Per nämnd (its ``Totalt``) and the kommun at ``horisont``: antal, behov, gap, the recruitment need by
    cause and its 80 % interval."""
    gp = _totalt(r.med_kommun("gap"))
    rk = _totalt(r.med_kommun("rekrytering"))
    if gp.empty or rk.empty:
        return gp.iloc[0:0]
    rk = med_intervall(rk, r.tabeller.get("rekrytering_intervall"))
    gp = gp.loc[gp["horisont"] == horisont, ["namnd", "horisont", "antal", "behov", "gap"]]
    rk = rk.loc[rk["horisont"] == horisont, ["namnd", "horisont", "expansion", "ersattning_omsattning",
                                             "ersattning_pension", "totalt", "lag", "hog"]]
    return gp.merge(rk, on=["namnd", "horisont"])


def gap_och_rekrytering(r: Rapportdata) -> Html:
    """Gap and recruitment need per nämnd and horizon."""
    sim = r.meta.get("simulering") or {}
    fotnot = (f"Lägst och högst: 80 % osäkerhetsintervall från {fmt_tal(sim.get('antal_korningar', 0))} "
              f"simuleringar med slumpmässiga avgångar (slumpfrö {sim.get('seed', 'okänt')}).")
    delar = []
    for h in r.horisonter:
        t = gap_och_rekrytering_tabell(r, h)
        if t.empty:
            continue
        delar.append(tabell(
            r, med_namn(t, {"antal": "antal_manadsavlonade"}),
            ["namnd", "antal_manadsavlonade", "behov", "gap", "expansion", "ersattning_omsattning",
             "ersattning_pension", "totalt", "lag", "hog"], f"Gap och rekryteringsbehov per nämnd på {h} års sikt",
            fotnot=fotnot,
            antal_kolumn="antal_manadsavlonade",
            rubriker={"antal_manadsavlonade": f"Månadsavlönade {r.basdatum[:4]}", "behov": f"Behov {h} år",
                      "gap": f"Gap {h} år",
                      "expansion": f"Rekryteringsbehov {h} år expansion",
                      "ersattning_omsattning": f"Rekryteringsbehov {h} år personalomsättning",
                      "ersattning_pension": f"Rekryteringsbehov {h} år pension",
                      "totalt": f"Totalt rekryteringsbehov {h} år"}))
    return block(*delar) if delar else stycke("Inget gap och inget rekryteringsbehov är beräknat för den här cykeln.")


def scenarier(r: Rapportdata) -> Html:
    """The recruitment need per nämnd under each scenario of kommun.yaml."""
    sr = r.tabeller.get("scenarier_rekrytering")
    if sr is None or not len(sr) or r.scenario != "bas":
        return stycke("Inga scenarier är beräknade för den här rapporten.")
    h = r.horisonter[-1]
    tab = per_namnd(sr, h, namnder=[n.namn for n in r.konfig.namnder])
    scen = [str(k) for k in tab.columns[2:]]
    return block(scenariolista(r),
                 tabell(r, tab, ["namnd", *scen], f"Rekryteringsbehov på {h} års sikt per nämnd och scenario",
                        rubriker={k: k for k in scen}, format={k: "tal" for k in scen}),
                 figur(figurer.scenarier_staplar(sr, HELA_KOMMUNEN, h)))


def risk(r: Rapportdata) -> Html:
    """The yrkeskategorier with the highest risk (allvarlig konsekvens, hög sannolikhet) in every nämnd."""
    ri = r.alla_namnder("risk")
    hog = ri[(ri["konsekvens"] == "allvarlig") & (ri["sannolikhet"] == "hög")] if len(ri) else ri
    if hog.empty:
        return stycke("Ingen yrkeskategori har bedömts ha både allvarlig konsekvens och hög sannolikhet.")
    return tabell(r, hog, ["namnd", "yrkeskategori", "motivering"],
                  "Yrkeskategorier med hög risk (allvarlig konsekvens, hög sannolikhet)", minsta=None,
                  antal_kolumn=None)
