"""The sections of a nämnd's report: one function per section, :class:`Rapportdata` in, safe HTML out.

``notebooks/rapport.ipynb`` holds the narrative (the section headings and what a section
explains) and one call per section, ``display(avsnitt.nulage(r))``. Every table, figure and
sentence of the report is built here, from the published tables of
:func:`kfanalys.rapport.data.las_rapportdata`, with the one text path (:mod:`kfanalys.grund.text`:
every typed value is escaped), the tables of :mod:`kfanalys.rapport.tabeller` (headings and
formats from the column registry) and the figures of :mod:`kfanalys.rapport.figurer`.

Hidden values (the disclosure rule, :mod:`kfanalys.grund.rojandekontroll`): a count hidden
because it is from 1 to minsta-1 is written "färre än 5"; a hidden share, mean or ratio is left
out of its sentence or said to be "redovisas inte"; never "–" in a sentence, never the number.

The kommun report's sections are in :mod:`kfanalys.rapport.avsnitt_kommun`; :func:`titel`,
:func:`sammanfattning`, :func:`osakerhet` and :func:`definitioner` serve both reports. Two sections
live in modules of their own and are re-exported here: :func:`plan`
(:mod:`kfanalys.rapport.avsnitt_uppfoljning`) and :func:`definitioner`
(:mod:`kfanalys.rapport.avsnitt_definitioner`); the building blocks are in
:mod:`kfanalys.rapport.avsnitt_delar`.
"""

from __future__ import annotations

import pandas as pd

from kfanalys.grund.rojandekontroll import ar_dold
from kfanalys.grund.schema import TOTALT
from kfanalys.grund.talformat import fmt_procent, fmt_tal, talord
from kfanalys.grund.text import Html, markering, punkter, rubrik, stycke, stycken
from kfanalys.indata.workshop_layout import FRAGOR
from kfanalys.modell.scenario import sida_vid_sida
from kfanalys.rapport.prognostext import hur_saker_stycken
from kfanalys.rapport import figurer
from kfanalys.rapport import sammanfattning as sammanfattning_mod
from kfanalys.rapport.avsnitt_definitioner import definitioner
from kfanalys.rapport.avsnitt_gap import (BEDOMNING_TEXT, KVALITATIVT_TEXT, N_KOLUMN, NIVAER, gap,  # noqa: F401
                                          gaptabell, kvalitativ_tabell)
from kfanalys.rapport.avsnitt_delar import (analys, basar, block, bred, figur, forsta, harledda_floden, mening,
                                            redovisas_inte, scenariolista, tabell, totalt_sist, utan_totalt)
from kfanalys.rapport.avsnitt_uppfoljning import backtest_tabell, plan
from kfanalys.rapport.data import (DEFINITION_OMSATTNING, Rapportdata, antal_i_text, med_intervall, med_namn,
                                   varde_i_text)

__all__ = ["titel", "sammanfattning", "nulage", "floden", "pension", "framskrivning", "gap", "rekrytering",
           "osakerhet", "scenarier", "risk", "plan", "definitioner"]

MOTPART = {"inom_forvaltning": "Inom förvaltningen", "annan_forvaltning": "Annan förvaltning", "extern": "Externt"}
TYP = {"anstallning": "Rekryteringar", "avgang": "Avgångar"}


# --------------------------------------------------------------------------- the sections

def titel(r: Rapportdata) -> Html:
    """The report's title and who, when and how far ahead it covers."""
    scen = "" if r.scenario == "bas" else markering(" Scenario: **{namn}**.", namn=r.konfig.scenario(r.scenario).namn)
    horisonter = " och ".join(str(h) for h in r.horisonter)
    if r.namnd is None:
        return block(rubrik("Kompetensförsörjning {cykel}: {kommun}", 1, cykel=r.cykel, kommun=r.konfig.kommun),
                     stycke("Alla nämnder. Nuläget avser {basdatum}; prognoserna gäller {horisonter} år framåt.{scen}",
                            basdatum=r.basdatum, horisonter=horisonter, scen=scen))
    return block(rubrik("Kompetensförsörjning {cykel}: {namnd}", 1, cykel=r.cykel, namnd=r.namn),
                 stycke("{forvaltning}, {kommun}. Nuläget avser {basdatum}; prognoserna gäller {horisonter} år "
                        "framåt.{scen}", forvaltning=r.namnd.forvaltning, kommun=r.konfig.kommun,
                        basdatum=r.basdatum, horisonter=horisonter, scen=scen))


def sammanfattning(r: Rapportdata) -> Html:
    """The three to five points that matter (:mod:`kfanalys.rapport.sammanfattning`)."""
    if r.namnd is None:
        return punkter(sammanfattning_mod.kommun_punkter(r.tabeller, r.konfig))
    return punkter(sammanfattning_mod.punkter(r.tabeller, r.namn, r.konfig))


def _nulage_mening(r: Rapportdata, tot: pd.Series, kommun: pd.Series | None) -> Html:
    m, ant = r.minsta, r.konfig.antaganden
    antal = antal_i_text(tot, "antal", m)
    ars = varde_i_text(tot, "arsarbetare", "tal")
    delar, dolda = [], []
    if antal is None:
        dolda.append("antalet anställda")
    elif ars is not None:
        delar.append(markering("Nämnden hade **{antal} anställda** och **{ars} årsarbetare**.", antal=antal, ars=ars))
    else:
        delar.append(markering("Nämnden hade **{antal} anställda**.", antal=antal))
    k, man = varde_i_text(tot, "andel_kvinnor"), varde_i_text(tot, "andel_man")
    if k is not None and man is not None:
        delar.append(markering("Andelen kvinnor var {k} och andelen män {m}.", k=k, m=man))
    else:
        dolda.append("andelen kvinnor och män")
    if (tv := varde_i_text(tot, "andel_tillsvidare")) is not None:
        delar.append(markering("{tv} var tillsvidareanställda.", tv=tv))
    else:
        dolda.append("andelen tillsvidareanställda")
    if (heltid := varde_i_text(tot, "andel_heltid")) is not None:
        kom = varde_i_text(kommun, "andel_heltid") if kommun is not None else None
        delar.append(markering("Andelen heltidsanställda var **{h}** mot målet {mal}{kom}.", h=heltid,
                               mal=sammanfattning_mod.mal_procent(ant.mal_heltid),
                               kom=f" (kommunen {kom})" if kom is not None else ""))
    else:
        dolda.append("andelen heltidsanställda")
    if (alder := varde_i_text(tot, "medelalder")) is not None:
        delar.append(markering("Medelåldern var {a} år.", a=alder))
    else:
        dolda.append("medelåldern")
    return stycke("{}", mening(*delar, redovisas_inte(dolda)))


#: Beside the persons, when there are more employments than persons (modell.personer).
FLERA_ANSTALLNINGAR = ("De {antal} anställda hade tillsammans {anst} anställningar: en person kan ha flera "
                       "anställningar (till exempel en månadsavlönad och en timavlönad) och räknas då en gång, "
                       "under sin huvudanställning (den med högst sysselsättningsgrad). Årsarbetarna räknar "
                       "alla anställningar.")


def anstallningar_mening(rad: pd.Series | None, minsta: int) -> Html | None:
    """The sentence :data:`FLERA_ANSTALLNINGAR` for a nuläge row whose employments (shown) outnumber its
    persons (shown); None otherwise (equal, hidden, or a table without ``anstallningar``)."""
    if rad is None or "anstallningar" not in rad.index:
        return None
    antal, anst = varde_i_text(rad, "antal", "tal"), varde_i_text(rad, "anstallningar", "tal")
    if antal is None or anst is None or not float(rad["anstallningar"]) > float(rad["antal"]):
        return None
    return stycke(FLERA_ANSTALLNINGAR, antal=antal, anst=anst)


def nulage_kolumner(df: pd.DataFrame, forsta_kolumn: str, *ovriga: str, antal: str = "antal") -> list[str]:
    """``forsta_kolumn``, ``antal``, ``anstallningar`` (when the table has it: results saved before
    it existed do not) and ``ovriga``: the columns of a nuläge table."""
    return [forsta_kolumn, antal, *(["anstallningar"] if "anstallningar" in df.columns else []), *ovriga]


#: How the nuläge counts (every person once): in the captions of its tables.
ALLA = "alla anställda, varje person en gång"


def _chefer_mening(r: Rapportdata) -> Html:
    c = forsta(r.tabell("chefer"))
    if c is None:
        return stycke("Uppgifter om chefer saknas i underlaget.")
    antal = antal_i_text(c, "antal_chefer", r.minsta)
    per_chef = varde_i_text(c, "medarbetare_per_chef")
    over = varde_i_text(c, "andel_chefer_over_riktmarke")
    rikt = varde_i_text(c, "riktmarke", "tal") or fmt_tal(r.konfig.antaganden.medarbetare_per_chef)
    if not ar_dold(c, "antal_chefer") and c.get("antal_chefer") == 0:
        return stycke("Nämnden har inga chefer enligt underlaget.")
    if antal is None:
        forst = markering("Antalet chefer redovisas inte av integritetsskäl")
    else:
        forst = markering("Nämnden har {antal} chefer", antal=antal)
    if per_chef is not None:
        delar = [markering("{f} med i genomsnitt **{p} medarbetare per chef** (riktmärke {r}).", f=forst, p=per_chef,
                           r=rikt)]
    else:
        delar = [markering("{f}; antalet medarbetare per chef redovisas inte.", f=forst)]
    if over is not None:
        delar.append(markering("{o} av cheferna har fler medarbetare än riktmärket.", o=over))
    return stycke("{}", mening(*delar))


def nulage(r: Rapportdata) -> Html:
    """Nuläge: headcount, årsarbetare, gender, employment form, heltid, age; per yrkeskategori,
    the age structure, the chefs and the ten largest befattningar."""
    nl = r.tabell("nulage")
    if nl.empty:
        return stycke("Uppgifter om nuläget saknas.")
    tot = forsta(nl, niva="namnd")
    kommun = forsta(r.kommun("nulage"), niva="namnd")
    yk = nl[nl["niva"] == "yrkeskategori"].sort_values("antal", ascending=False, kind="stable")
    bef = nl[nl["niva"] == "befattning"].sort_values("antal", ascending=False, kind="stable").head(10)
    yk, bef = (med_namn(d, {"antal": "antal_anstallda"}) for d in (yk, bef))
    kw = {"antal_kolumn": "antal_anstallda"}
    alder = ["alder_29", "alder_30_39", "alder_40_49", "alder_50_59", "alder_60"]
    pyramid = r.tabell("aldersstruktur")
    return block(
        _nulage_mening(r, tot, kommun) if tot is not None else None,
        anstallningar_mening(tot, r.minsta),
        tabell(r, yk, nulage_kolumner(yk, "grupp", "arsarbetare", "andel_kvinnor", "andel_tillsvidare", "andel_heltid",
                                      "medelalder", antal="antal_anstallda"),
               f"Anställda per yrkeskategori, {r.basdatum} ({ALLA})", rubriker={"grupp": "Yrkeskategori"},
               fotnot="Andel heltid gäller de månadsavlönade.", **kw),
        rubrik("Åldersstruktur", 3),
        figur(figurer.alderspyramid(pyramid, r.namn, r.minsta)) if len(pyramid) else None,
        tabell(r, yk, ["grupp", "antal_anstallda", *alder], f"Anställda per yrkeskategori och åldersgrupp ({ALLA})",
               rubriker={"grupp": "Yrkeskategori"}, **kw),
        rubrik("Chefer", 3),
        _chefer_mening(r),
        rubrik("De tio största befattningarna", 3),
        tabell(r, bef, ["grupp", "antal_anstallda", "andel_kvinnor", "medelalder", *alder],
               f"De tio största befattningarna ({ALLA})", rubriker={"grupp": "Befattning"}, **kw))


def flodestabell(floden: pd.DataFrame) -> pd.DataFrame:
    """The flows of one nämnd as one row per flow (``flode``: "Rekryteringar: Externt" ...) and a
    column per period (``senaste_12``, ``foregaende_12``; persons, hidden cells kept hidden)."""
    fl = floden.assign(flode=floden["typ"].map(TYP).fillna(floden["typ"]) + ": "
                       + floden["motpart"].map(MOTPART).fillna(floden["motpart"]))
    ut = bred(fl, "flode", "period", ["antal"])
    ut.columns = [c.removeprefix("antal_") for c in ut.columns]
    for p in ("senaste_12", "foregaende_12"):
        if p not in ut:
            ut[p] = float("nan")
    return ut


def _omsattning_mening(r: Rapportdata, om: pd.DataFrame) -> Html | None:
    t = forsta(om, period="senaste_12", yrkeskategori=TOTALT)
    if t is None:
        return None
    oms = varde_i_text(t, "omsattning")
    if oms is None:
        return stycke("Personalomsättningen för nämnden de senaste 12 månaderna redovisas inte av integritetsskäl.")
    fg = forsta(om, period="foregaende_12", yrkeskategori=TOTALT)
    ko = forsta(r.kommun("omsattning"), period="senaste_12", yrkeskategori=TOTALT)
    exkl = varde_i_text(t, "omsattning_exkl_pension")
    fg = varde_i_text(fg, "omsattning") if fg is not None else None
    ko = varde_i_text(ko, "omsattning") if ko is not None else None
    return stycke("Personalomsättningen de senaste 12 månaderna var **{oms}**{exkl}{fg}{ko}.", oms=oms,
                  exkl=f" ({exkl} utan pensionsavgångar)" if exkl is not None else "",
                  fg=f", mot {fg} de 12 månaderna dessförinnan" if fg is not None else "",
                  ko=f". För hela kommunen var den {ko}" if ko is not None else "")


#: The caption's population of every turnover table.
TILLSVIDARE = "månadsavlönade tillsvidareanställda"


def prognosomsattning(om: pd.DataFrame) -> float | None:
    """The nämnd's rate in the prognosis from its published ``Totalt`` rows: departures excluding retirements
    over the periods / their medelantal (:func:`kfanalys.modell.floden.omsattningstakt`); None when a figure
    of it is hidden or missing."""
    t = om[om["yrkeskategori"] == TOTALT] if "yrkeskategori" in om.columns else om.iloc[0:0]
    kol = ["medelantal", "avgangar", "avgangar_pension"]
    if t.empty or not set(kol) <= set(t.columns) or t[kol].isna().to_numpy().any():
        return None
    if any(ar_dold(rad, k) for _, rad in t.iterrows() for k in kol):
        return None
    n = float(t["medelantal"].sum())
    return (float(t["avgangar"].sum()) - float(t["avgangar_pension"].sum())) / n if n > 0 else None


def _prognos_mening(r: Rapportdata, om: pd.DataFrame) -> Html:
    """Which turnover the prognosis and the risk use, and that it is not the table's."""
    takt = prognosomsattning(om)
    varde = f" (för nämnden {fmt_procent(takt)})" if takt is not None else ""
    return stycke(
        "Rekryteringsprognosen och riskbedömningen använder **personalomsättningen i prognosen**: den utan "
        "pensionsavgångar under de två senaste 12-månadersperioderna tillsammans{varde}. För en yrkeskategori "
        "med i genomsnitt färre än {grans} {tv} används kommunens värde för yrkeskategorin (eller nämndens för "
        "alla yrkeskategorier); riskbedömningens motivering säger när.", varde=varde, tv=TILLSVIDARE,
        grans=fmt_tal(4 * r.minsta))


def befattningstabell(r: Rapportdata) -> pd.DataFrame:
    """The turnover of the nämnd's largest befattningar (``omsattning_befattning.csv``) in the last 12 months,
    largest first, the nämnd's ``Totalt`` last."""
    ob = r.tabell("omsattning_befattning")
    if ob.empty or "befattning" not in ob.columns:
        return ob
    return totalt_sist(ob[ob["period"] == "senaste_12"], "befattning")


def floden(r: Rapportdata) -> Html:
    """Recruitments by source, departures by destination, and personalomsättning (with its definition)
    per yrkeskategori and for the largest befattningar."""
    fl, om = r.tabell("floden"), r.tabell("omsattning")
    delar = [stycke("**Definition.** {text}", text=r.definition("omsattning", DEFINITION_OMSATTNING)),
             harledda_floden(r)]
    if len(fl):
        delar.append(tabell(r, flodestabell(fl), ["flode", "senaste_12", "foregaende_12"],
                            "Rekryteringar per källa och avgångar per destination", antal_kolumn=None))
    if len(om):
        senaste = totalt_sist(om[om["period"] == "senaste_12"])
        delar += [_omsattning_mening(r, om),
                  tabell(r, senaste, ["yrkeskategori", "medelantal", "avgangar", "avgangar_pension", "omsattning",
                                      "omsattning_exkl_pension"],
                         f"Personalomsättning per yrkeskategori, senaste 12 månaderna ({TILLSVIDARE})",
                         antal_kolumn="medelantal")]
        bef = befattningstabell(r)
        if len(bef):
            delar.append(tabell(r, bef, ["befattning", "medelantal", "avgangar", "avgangar_pension", "omsattning",
                                         "omsattning_exkl_pension"],
                                f"Personalomsättning för de {talord(r.konfig.antaganden.topp_n)} största befattningarna, "
                                f"senaste 12 månaderna ({TILLSVIDARE})",
                                antal_kolumn="medelantal"))
        delar += [_prognos_mening(r, om),
                  figur(figurer.omsattning_staplar(r.tabeller["omsattning"], r.namn, minsta=r.minsta))]
    return block(*delar)


def pension(r: Rapportdata) -> Html:
    """Expected retirements per yrkeskategori and the share within ten years against the kommun."""
    pe = r.tabell("pension")
    if pe.empty:
        return stycke("Uppgifter om pensionsavgångar saknas.")
    ar = r.konfig.antaganden.pension_inom_ar
    pt, kp = forsta(pe, yrkeskategori=TOTALT), forsta(r.kommun("pension"), yrkeskategori=TOTALT)
    mening_ = None
    if pt is not None:
        andel = varde_i_text(pt, "andel_inom_10")
        if andel is None:
            mening_ = stycke("Andelen som väntas gå i pension inom {ar} år redovisas inte av integritetsskäl.", ar=ar)
        else:
            antal = varde_i_text(pt, "inom_10", "tal")
            kom = varde_i_text(kp, "andel_inom_10") if kp is not None else None
            mening_ = stycke("Inom {ar} år väntas **{andel}** av de månadsavlönade gå i pension{antal}{kom}.", ar=ar,
                             andel=andel, antal=f" (omkring {antal} personer)" if antal is not None else "",
                             kom=f", jämfört med {kom} i hela kommunen" if kom is not None else "")
    return block(mening_, tabell(r, med_namn(totalt_sist(pe), {"antal": N_KOLUMN}),
                                 ["yrkeskategori", N_KOLUMN, "inom_2", "inom_5", "inom_10", "andel_inom_10"],
                                 "Förväntade pensionsavgångar per yrkeskategori (månadsavlönade)",
                                 antal_kolumn=N_KOLUMN))


def _tackning(r: Rapportdata) -> Html | None:
    t = forsta(r.tabell("urval_tackning"))
    if t is None:
        return None
    antal, analyserade = varde_i_text(t, "antal", "tal"), varde_i_text(t, "antal_analyserade", "tal")
    med = ""
    if antal is not None and analyserade is not None and float(t["antal"]) > 0:
        med = f" med {fmt_procent(float(t['antal_analyserade']) / float(t['antal']))} av de månadsavlönade"
    return stycke(
        "Framskrivning, gap, rekryteringsbehov och risk redovisas för de yrkeskategorier nämnden analyserar: de "
        "{topp_n} största, chefskategorierna och de som nämnts i `kommun.yaml`. Det är {analyserade} av nämndens "
        "{kategorier} yrkeskategorier{med}. Summorna för nämnden (och rekryteringsbehovet totalt) gäller alla "
        "yrkeskategorier.", topp_n=r.konfig.antaganden.topp_n, analyserade=fmt_tal(t["kategorier_analyserade"]),
        kategorier=fmt_tal(t["kategorier"]), med=med)


def _omrade(r: Rapportdata) -> Html | None:
    """Which population the projection follows (the nämnd's ``omrade`` in kommun.yaml)."""
    if r.namnd is None or not r.namnd.omrade:
        return None
    return stycke("Befolkningen som driver behovet är den i området {omrade} enligt befolkningsprognosen.",
                  omrade=r.namnd.omrade)


def framskrivningstabell(r: Rapportdata) -> pd.DataFrame:
    """One row per analysed yrkeskategori: drivare, the månadsavlönade at the base date (``N_KOLUMN``),
    ``behov_<h>`` per horizon."""
    fr = utan_totalt(r.tabell("framskrivning"))
    if fr.empty:
        return fr
    behov = bred(fr[fr["horisont"].isin(r.horisonter)], "yrkeskategori", "horisont", ["behov"])
    bas = fr[fr["horisont"] == 0].drop_duplicates("yrkeskategori")[["yrkeskategori", "drivare", "antal"]]
    return bas.rename(columns={"antal": N_KOLUMN}).merge(behov, on="yrkeskategori", how="right")


def framskrivning(r: Rapportdata) -> Html:
    """The demographic projection: which categories are analysed, the need over time, the staff who
    remain (80 % interval) and the need per category at each horizon."""
    if r.tabell("framskrivning").empty:
        return stycke("Ingen personalframskrivning finns för den här cykeln.")
    delar = [_tackning(r), _omrade(r),
             figur(figurer.framskrivning_linjer(r.tabeller["framskrivning"], r.namn, minsta=r.minsta))]
    if len(r.tabell("rekrytering_intervall_per_ar")):
        delar += [stycke(
            "Behovet ska mötas av dagens personal och av dem som rekryteras. Diagrammet nedan visar behovet i "
            "personer och hur många av dagens anställda som finns kvar år för år om ingen nyanställs. Avgångarna är "
            "slumpmässiga, så det senare visas som ett intervall från {korningar} simuleringar: i 8 fall av 10 "
            "hamnar antalet inom det skuggade fältet. Avståndet mellan behovet och fältet måste fyllas med "
            "rekryteringar.", korningar=fmt_tal((r.meta.get("simulering") or {}).get("antal_korningar", 0))),
            figur(figurer.framskrivning_intervall(r.tabeller["framskrivning"], r.tabeller["rekrytering_intervall_per_ar"],
                                                  r.namn, minsta=r.minsta))]
    tab = framskrivningstabell(r)
    behov = [f"behov_{h}" for h in r.horisonter]
    delar += [tabell(r, tab, ["yrkeskategori", "drivare", N_KOLUMN, *behov],
                     "Personalframskrivning per yrkeskategori (månadsavlönade)", antal_kolumn=N_KOLUMN,
                     rubriker={N_KOLUMN: f"Månadsavlönade {basar(r)}",
                               **{f"behov_{h}": f"Behov om {h} år" for h in r.horisonter}}),
              analys(r, FRAGOR[:1])]
    return block(*delar)


def rekryteringstabell(r: Rapportdata, horisont: int) -> pd.DataFrame:
    """The recruitment need of the analysed categories and the nämnd's ``Totalt`` (last) at ``horisont``,
    with the simulation's 80 % interval (``lag``, ``hog``)."""
    rk = med_intervall(r.tabell("rekrytering"), r.tabell("rekrytering_intervall"))
    return totalt_sist(rk[rk["horisont"] == horisont])


def rekrytering(r: Rapportdata) -> Html:
    """Recruitment need per yrkeskategori and horizon, split by cause, with its 80 % interval."""
    if r.tabell("rekrytering").empty:
        return stycke("Inget rekryteringsbehov är beräknat för den här cykeln.")
    sim = r.meta.get("simulering") or {}
    fotnot = ("Avrundat till hela personer; delarna summerar därför inte alltid exakt till totalen. Lägst och högst: "
              f"80 % osäkerhetsintervall från {fmt_tal(sim.get('antal_korningar', 0))} simuleringar med "
              f"slumpmässiga avgångar (slumpfrö {sim.get('seed', 'okänt')}); i 8 fall av 10 hamnar behovet mellan de "
              "två talen. Totalt gäller alla nämndens yrkeskategorier, också de som inte analyseras här.")
    delar = []
    for h in r.horisonter:
        delar.append(tabell(
            r, rekryteringstabell(r, h), ["yrkeskategori", "gap", "expansion", "ersattning_omsattning",
                                          "ersattning_pension", "totalt", "lag", "hog"],
            f"Rekryteringsbehov per yrkeskategori på {h} års sikt (månadsavlönade)", fotnot=fotnot,
            rubriker={"gap": f"Gap {h} år", "expansion": f"Rekryteringsbehov {h} år expansion",
                      "ersattning_omsattning": f"Rekryteringsbehov {h} år personalomsättning",
                      "ersattning_pension": f"Rekryteringsbehov {h} år pension",
                      "totalt": f"Totalt rekryteringsbehov {h} år"}))
    delar.append(figur(figurer.rekrytering_staplad(r.tabeller["rekrytering"], r.namn, horisont=r.horisonter[0],
                                                   minsta=r.minsta)))
    return block(*delar)


def osakerhet_stycken(r: Rapportdata) -> list[str]:
    """The paragraphs of "Hur säker är prognosen?" for the report's nämnd (or the kommun)."""
    return list(hur_saker_stycken(r.tabeller, r.meta, r.radnamn))


def osakerhet(r: Rapportdata) -> Html:
    """How certain the forecast is: the simulation's interval and the backtest against the outcome."""
    texter = osakerhet_stycken(r)
    delar = [stycken(texter) if texter else stycke("Ingen osäkerhetsberäkning finns för den här cykeln.")]
    delar.append(backtest_tabell(r))
    return block(*delar)


def scenarier(r: Rapportdata) -> Html:
    """Recruitment need and gap at the longest horizon under each scenario of kommun.yaml."""
    sr, sg = r.tabell("scenarier_rekrytering"), r.tabell("scenarier_gap")
    if not len(sr) or r.scenario != "bas":
        return stycke("Inga scenarier är beräknade för den här rapporten.")
    h = r.horisonter[-1]
    delar = [scenariolista(r)]
    for df, varde, format_, bildtext in (
            (sr, "totalt", "tal", f"Rekryteringsbehov på {h} års sikt per scenario"),
            (sg, "gap", "gap", f"Gap på {h} års sikt per scenario (negativt: fler behövs)")):
        if not len(df):
            continue
        tab = sida_vid_sida(df, r.namn, h, varde=varde)
        scen = [str(k) for k in tab.columns[2:]]
        delar.append(tabell(r, tab, ["yrkeskategori", *scen], bildtext, rubriker={k: k for k in scen},
                            format={k: format_ for k in scen}))
        if varde == "totalt":
            delar.append(figur(figurer.scenarier_staplar(sr, r.namn, h)))
    return block(*delar)


def risk(r: Rapportdata) -> Html:
    """The risk matrix (konsekvens × sannolikhet) and the risk per yrkeskategori against the last cycle."""
    ri = r.tabell("risk")
    if ri.empty:
        return stycke("Ingen riskbedömning finns för den här cykeln.")
    kol = ["yrkeskategori", "konsekvens", "sannolikhet", "motivering"]
    rub = {}
    if "foregaende_konsekvens" in ri.columns and ri["foregaende_konsekvens"].notna().any():
        kol += ["foregaende_konsekvens", "foregaende_sannolikhet"]
        if r.foregaende_cykel:
            rub = {"foregaende_konsekvens": f"Konsekvens {r.foregaende_cykel}",
                   "foregaende_sannolikhet": f"Sannolikhet {r.foregaende_cykel}"}
    return block(figur(figurer.riskmatris(r.tabeller["risk"], r.namn)),
                 tabell(r, ri, kol, "Risk per yrkeskategori", minsta=None, antal_kolumn=None, rubriker=rub))
