"""The report's Sammanfattning: the three to five things that matter, written from the numbers.

Input: the computed tables as a dict keyed by file stem (``nulage``, ``chefer``,
``omsattning``, ``pension``, ``gap``, ``rekrytering``, ``risk``; columns as in
ARKITEKTUR.md; any may be missing, its sentences are then left out) and the
:class:`~kfanalys.indata.konfig.Konfig` (targets ``mal_heltid`` and ``medarbetare_per_chef``,
``minsta_antal``). Numbers are written in Swedish format (:mod:`kfanalys.rapport.tabeller`).

Rules for a nämnd (:func:`punkter`), documented so a reader knows why a fact is there:

1. Always, when the table exists: the size (headcount, årsarbetare, the majority gender's
   share), the largest shortage at the longest horizon of ``gap`` (or that there is none),
   and the recruitment need at the shortest horizon of ``rekrytering`` with the share of its
   largest cause.
2. Then notable facts, in this priority order, until there are five points:
   a. risk: yrkeskategorier in the high-risk zone of the matrix (konsekvens + sannolikhet
      ≥ 3 steps), the worst cell named;
   b. heltid below the target (``mal_heltid``, default 90 %);
   c. employees per chef above the guideline (``medarbetare_per_chef``, default 30);
   d. personalomsättning (senaste 12 månaderna) higher than the kommun's;
   e. share expected to retire within ten years higher than the kommun's.
   "Higher"/"below" compare the values as printed (one decimal), so a point never says
   "14,2 % higher than 14,2 %".
3. If fewer than three points result, the heltid sentence is added even when the target is
   met, then the turnover sentence without a comparison.

The points are returned in the order of the report (nuläge, flows, pension, gap,
recruitment, risk). Group figures from fewer than ``minsta_antal`` persons are never named
(a yrkeskategori with 1-4 persons is not "the highest turnover"). The tables are the published
ones (:func:`kfanalys.rapport.data.las_rapportdata`): a hidden count is written "färre än 5",
a hidden share, mean or ratio is left out of its sentence (a point whose main figure is hidden
is left out), never printed as "–".

:func:`kommun_punkter` writes five points for the kommun-wide report: size, heltid with the
number of nämnder meeting the target, turnover with the highest nämnd, the largest shortage
and the recruitment need with the nämnd that needs most.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from kfanalys.modell.risk import riskniva
from kfanalys.indata.konfig import Antaganden
from kfanalys.grund.schema import HELA_KOMMUNEN, KONSEKVENSER, SANNOLIKHETER, TOTALT
from kfanalys.grund.talformat import ar_text, fmt_pe, fmt_procent, fmt_tal, kommande
from kfanalys.rapport.data import antal_i_text, varde_i_text

ORSAKSTEXT = {"expansion": "beror på ett ökat behov", "ersattning_omsattning": "ersätter personalomsättning",
              "ersattning_pension": "ersätter pensionsavgångar"}


def _antaganden(konfig) -> Antaganden:
    return konfig.antaganden if konfig is not None else Antaganden()


def mal_procent(mal: float) -> str:
    """A target in per cent (90 -> "90 %", 92.5 -> "92,5 %")."""
    return fmt_procent(mal / 100, 0 if float(mal).is_integer() else 1)


def _liten(v, minsta: int) -> bool:
    return pd.notna(v) and 0 < float(v) < minsta


def _uppraknat(namn: list[str], max_antal: int = 3) -> str:
    if len(namn) > max_antal:
        namn = namn[:max_antal] + [f"{len(namn) - max_antal} till"]
    return namn[0] if len(namn) == 1 else ", ".join(namn[:-1]) + " och " + namn[-1]


def _jfr(a: float, b: float) -> int:
    """Compare two shares as printed with one decimal: -1, 0, 1."""
    x, y = round(float(a) * 1000), round(float(b) * 1000)
    return (x > y) - (x < y)


# --------------------------------------------------------------------------- one fact each

def _nulagesrad(nulage: pd.DataFrame, namnd: str) -> pd.Series | None:
    t = nulage[nulage["namnd"] == namnd]
    t = t[t["niva"] == "namnd"] if "niva" in t.columns else t[t["grupp"] == TOTALT]
    return None if t.empty else t.iloc[0]


def _storlek(rad: pd.Series, subjekt: str, tillagg: str = "", minsta: int = 5) -> str | None:
    antal = antal_i_text(rad, "antal", minsta)
    if antal is None:
        return None
    arsarbetare = varde_i_text(rad, "arsarbetare", "tal")
    mening = f"{subjekt} har {antal} medarbetare"
    if arsarbetare is not None:
        mening += f" ({arsarbetare} årsarbetare)"
    mening += tillagg
    k, m = varde_i_text(rad, "andel_kvinnor"), varde_i_text(rad, "andel_man")
    if k is None or m is None:
        return mening + "."
    kon = (k, "kvinnor") if rad["andel_kvinnor"] >= rad["andel_man"] else (m, "män")
    return f"{mening}; {kon[0]} är {kon[1]}."


def _heltid(rad: pd.Series, mal: float) -> tuple[str, bool] | None:
    """(sentence, notable): notable when below the target; None when the share is not shown."""
    if varde_i_text(rad, "andel_heltid") is None:
        return None
    jfr = _jfr(rad["andel_heltid"], mal / 100)
    lage = {-1: "under", 0: "i nivå med", 1: "över"}[jfr]
    return f"Andelen heltidsanställda är {fmt_procent(rad['andel_heltid'])}, {lage} målet {mal_procent(mal)}.", jfr < 0


def _chefer(chefer: pd.DataFrame, namnd: str, riktmarke: int, minsta: int) -> tuple[str, bool] | None:
    t = chefer[chefer["namnd"] == namnd]
    if t.empty or pd.isna(t["medarbetare_per_chef"].iat[0]):
        return None
    r = t.iloc[0]
    per_chef = float(r["medarbetare_per_chef"])
    jfr = round(per_chef, 1) > riktmarke
    mening = (f"Cheferna har i genomsnitt {fmt_tal(per_chef, 1)} medarbetare var, "
              f"{'fler än' if jfr else 'inom'} riktmärket {fmt_tal(riktmarke)}.")
    andel = r.get("andel_chefer_over_riktmarke")
    if jfr and pd.notna(andel) and not _liten(r.get("antal_chefer"), minsta):
        mening = mening[:-1] + f"; {fmt_procent(andel, 0)} av cheferna har fler än {fmt_tal(riktmarke)}."
    return mening, jfr


def _omsattning(oms: pd.DataFrame, namnd: str, minsta: int, period: str = "senaste_12") -> tuple[str, bool] | None:
    t = oms[oms["period"] == period]
    egen = t[(t["namnd"] == namnd) & (t["yrkeskategori"] == TOTALT)]
    if egen.empty or pd.isna(egen["omsattning"].iat[0]):
        return None
    varde = float(egen["omsattning"].iat[0])
    kommun = t[(t["namnd"] == HELA_KOMMUNEN) & (t["yrkeskategori"] == TOTALT) & t["omsattning"].notna()]
    kommunvarde = float(kommun["omsattning"].iat[0]) if len(kommun) and namnd != HELA_KOMMUNEN else None
    mening = f"Personalomsättningen de senaste 12 månaderna är {fmt_procent(varde)}"
    notabel = kommunvarde is not None and _jfr(varde, kommunvarde) > 0
    if kommunvarde is not None:
        mening += (f", högre än kommunens {fmt_procent(kommunvarde)}" if notabel
                   else f" (kommunen {fmt_procent(kommunvarde)})")
    kat = t[(t["namnd"] == namnd) & (t["yrkeskategori"] != TOTALT) & t["omsattning"].notna()]
    kat = kat[~((kat["medelantal"] > 0) & (kat["medelantal"] < minsta))]
    if len(kat) > 1:
        hog = kat.sort_values(["omsattning", "yrkeskategori"], ascending=[False, True]).iloc[0]
        mening += f"; högst är den för {hog['yrkeskategori']} ({fmt_procent(hog['omsattning'])})"
    return mening + ".", notabel


def _pension(pension: pd.DataFrame, namnd: str) -> tuple[str, bool] | None:
    egen = pension[(pension["namnd"] == namnd) & (pension["yrkeskategori"] == TOTALT)]
    kommun = pension[(pension["namnd"] == HELA_KOMMUNEN) & (pension["yrkeskategori"] == TOTALT)]
    if egen.empty or kommun.empty or pd.isna(egen["andel_inom_10"].iat[0]) or pd.isna(kommun["andel_inom_10"].iat[0]):
        return None
    v, k = float(egen["andel_inom_10"].iat[0]), float(kommun["andel_inom_10"].iat[0])
    notabel = _jfr(v, k) > 0
    jamfort = f", en större andel än i kommunen ({fmt_procent(k)})" if notabel else f" (kommunen {fmt_procent(k)})"
    return f"{fmt_procent(v)} av medarbetarna väntas gå i pension inom tio år{jamfort}.", notabel


def _gap(gap: pd.DataFrame, namnd: str | None, minsta: int) -> str | None:
    """Largest shortage at the longest horizon; ``namnd=None``: over every nämnd of the kommun."""
    if gap.empty:
        return None
    h = int(gap["horisont"].max())
    t = gap[(gap["horisont"] == h) & (gap["yrkeskategori"] != TOTALT) & gap["gap"].notna()]
    t = t[~((t["antal"] > 0) & (t["antal"] < minsta))]
    if namnd is not None:
        t = t[t["namnd"] == namnd]
        var = ""
    elif (t["namnd"] == HELA_KOMMUNEN).any():
        t = t[t["namnd"] == HELA_KOMMUNEN]
        var = " i hela kommunen"
    else:
        var = None
    if t.empty:
        return None
    brist = t[t["gap"].round() < 0].sort_values(["gap", "yrkeskategori"])
    if brist.empty:
        return f"Ingen yrkeskategori väntas få brist om {ar_text(h)} enligt personalframskrivningen."
    r = brist.iloc[0]
    if var is None:
        return f"Störst brist om {ar_text(h)}: {r['yrkeskategori']} i {r['namnd']} ({fmt_pe(r['gap'])} medarbetare)."
    return f"Störst brist om {ar_text(h)}: {r['yrkeskategori']} ({fmt_pe(r['gap'])} medarbetare{var})."


REKRYTERINGSDELAR = ["expansion", "ersattning_omsattning", "ersattning_pension", "totalt"]


def _summa(s: pd.Series) -> float:
    """The sum, NaN when a part is NaN (hidden)."""
    return float("nan") if s.isna().any() else s.sum()


def rekrytering_per_namnd(rekrytering: pd.DataFrame, horisont: int) -> pd.DataFrame:
    """Recruitment need per nämnd at ``horisont`` (index namnd, columns expansion,
    ersattning_omsattning, ersattning_pension, totalt; persons): a nämnd's ``Totalt`` row
    when the table has one, else the sum over its yrkeskategorier; ``Hela kommunen`` is
    added as the sum over the nämnder when the table lacks it.

    >>> t = pd.DataFrame({"namnd": ["A", "A", "B"], "yrkeskategori": ["x", "y", "x"], "horisont": 2,
    ...                   "expansion": [1, 2, 3], "ersattning_omsattning": 0, "ersattning_pension": 0,
    ...                   "totalt": [1, 2, 3]})
    >>> rekrytering_per_namnd(t, 2)["totalt"].to_dict()
    {'A': 3, 'B': 3, 'Hela kommunen': 6}
    """
    t = rekrytering[rekrytering["horisont"] == horisont]
    ar_totalt = t["yrkeskategori"] == TOTALT
    har_totalt = ar_totalt.groupby(t["namnd"]).transform("any")
    anvand = t[(har_totalt & ar_totalt) | (~har_totalt & ~ar_totalt)]
    summor = anvand.groupby("namnd")[REKRYTERINGSDELAR].agg(_summa)
    if HELA_KOMMUNEN not in summor.index and len(summor):
        summor.loc[HELA_KOMMUNEN] = summor.agg(_summa)
    return summor


def _intervall(intervall: pd.DataFrame | None, namnd: str, h: int) -> str:
    """`` (i 8 fall av 10 mellan 319 och 382)`` from the simulation's Totalt row, or ""."""
    if intervall is None or not {"namnd", "yrkeskategori", "horisont", "lag", "hog"} <= set(intervall.columns):
        return ""
    rad = intervall[(intervall["namnd"] == namnd) & (intervall["yrkeskategori"] == TOTALT)
                    & (intervall["horisont"] == h)]
    if rad.empty or rad[["lag", "hog"]].isna().any(axis=None):
        return ""
    return f" (i 8 fall av 10 mellan {fmt_tal(rad['lag'].iat[0])} och {fmt_tal(rad['hog'].iat[0])})"


def _rekrytering(rekrytering: pd.DataFrame, namnd: str, intervall: pd.DataFrame | None = None) -> str | None:
    if rekrytering.empty:
        return None
    h = int(rekrytering["horisont"].min())
    summor = rekrytering_per_namnd(rekrytering, h)
    if namnd not in summor.index:
        return None
    r = summor.loc[namnd]
    if pd.isna(r["totalt"]):
        return None
    if round(float(r["totalt"])) <= 0:
        return f"Inget rekryteringsbehov {kommande(h)} enligt beräkningen."
    mening = f"Rekryteringsbehovet {kommande(h)} är {fmt_tal(r['totalt'])} personer{_intervall(intervall, namnd, h)}"
    if r[REKRYTERINGSDELAR[:3]].notna().all():
        orsak = max(REKRYTERINGSDELAR[:3], key=lambda k: float(r[k]))
        mening += f", varav {fmt_procent(float(r[orsak]) / float(r['totalt']), 0)} {ORSAKSTEXT[orsak]}"
    if namnd == HELA_KOMMUNEN:
        namnder = summor.drop(index=HELA_KOMMUNEN).dropna(subset=["totalt"])
        if len(namnder) > 1:
            storst = namnder.sort_values("totalt", ascending=False).index[0]
            mening += f"; störst i {storst} ({fmt_tal(namnder.loc[storst, 'totalt'])} personer)"
    return mening + "."


def _risk(risk: pd.DataFrame, namnd: str) -> tuple[str, bool] | None:
    t = risk[(risk["namnd"] == namnd) & (risk["yrkeskategori"] != TOTALT)]
    k = t["konsekvens"].astype("string").str.strip().str.lower().map({v: i for i, v in enumerate(KONSEKVENSER)})
    s = t["sannolikhet"].astype("string").str.strip().str.lower().map({v: i for i, v in enumerate(SANNOLIKHETER)})
    t = t.assign(k=k, s=s).dropna(subset=["k", "s"])
    if t.empty:
        return None
    t = t.assign(summa=t["k"] + t["s"]).sort_values(["summa", "k", "yrkeskategori"], ascending=[False, False, True])
    topp = t.iloc[0]
    samma = t[(t["k"] == topp["k"]) & (t["s"] == topp["s"])]
    namn = _uppraknat([str(n) for n in samma["yrkeskategori"]])
    rubrik = "Den största risken" if len(samma) == 1 else "De största riskerna"
    return (f"{rubrik}: {namn} ({KONSEKVENSER[int(topp['k'])]} konsekvens, {SANNOLIKHETER[int(topp['s'])]} "
            f"sannolikhet).", riskniva(int(topp["k"]), int(topp["s"])) == 2)


# --------------------------------------------------------------------------- the summaries

ORDNING = ("storlek", "heltid", "chefer", "omsattning", "pension", "gap", "rekrytering", "risk")


def _har(tabeller: Mapping[str, pd.DataFrame], namn: str, kolumner: list[str]) -> bool:
    df = tabeller.get(namn)
    return df is not None and all(k in df.columns for k in kolumner)


def punkter(tabeller: Mapping[str, pd.DataFrame], namnd: str, konfig=None, max_antal: int = 5) -> list[str]:
    """Three to five sentences summing up one nämnd (rules in the module docstring).

    >>> nulage = pd.DataFrame({"namnd": ["N"], "niva": ["namnd"], "grupp": ["Totalt"], "antal": [2134],
    ...     "arsarbetare": [1987.2], "andel_kvinnor": [0.931], "andel_man": [0.069], "andel_heltid": [0.884]})
    >>> [p.replace("\\xa0", " ") for p in punkter({"nulage": nulage}, "N")]
    ['Nämnden har 2 134 medarbetare (1 987 årsarbetare); 93,1 % är kvinnor.', 'Andelen heltidsanställda är 88,4 %, under målet 90 %.']
    """
    a = _antaganden(konfig)
    minsta = a.minsta_antal
    fast: dict[str, str] = {}
    notabla: dict[str, tuple[str, bool]] = {}
    if _har(tabeller, "nulage", ["namnd", "antal", "arsarbetare", "andel_kvinnor", "andel_man", "andel_heltid"]):
        rad = _nulagesrad(tabeller["nulage"], namnd)
        if rad is not None:
            if (m := _storlek(rad, "Kommunen" if namnd == HELA_KOMMUNEN else "Nämnden", minsta=minsta)) is not None:
                fast["storlek"] = m
            if (h := _heltid(rad, a.mal_heltid)) is not None:
                notabla["heltid"] = h
    if _har(tabeller, "gap", ["namnd", "yrkeskategori", "horisont", "antal", "gap"]):
        if (m := _gap(tabeller["gap"], namnd, minsta)) is not None:
            fast["gap"] = m
    if _har(tabeller, "rekrytering", ["namnd", "yrkeskategori", "horisont", *REKRYTERINGSDELAR]):
        if (m := _rekrytering(tabeller["rekrytering"], namnd, tabeller.get("rekrytering_intervall"))) is not None:
            fast["rekrytering"] = m
    if _har(tabeller, "risk", ["namnd", "yrkeskategori", "konsekvens", "sannolikhet"]):
        if (r := _risk(tabeller["risk"], namnd)) is not None:
            notabla["risk"] = r
    if _har(tabeller, "chefer", ["namnd", "medarbetare_per_chef"]):
        if (r := _chefer(tabeller["chefer"], namnd, a.medarbetare_per_chef, minsta)) is not None:
            notabla["chefer"] = r
    if _har(tabeller, "omsattning", ["namnd", "yrkeskategori", "period", "medelantal", "omsattning"]):
        if (r := _omsattning(tabeller["omsattning"], namnd, minsta)) is not None:
            notabla["omsattning"] = r
    if _har(tabeller, "pension", ["namnd", "yrkeskategori", "andel_inom_10"]):
        if (r := _pension(tabeller["pension"], namnd)) is not None:
            notabla["pension"] = r
    valda = dict(fast)
    for namn in ("risk", "heltid", "chefer", "omsattning", "pension"):
        if len(valda) >= max_antal:
            break
        if namn in notabla and notabla[namn][1]:
            valda[namn] = notabla[namn][0]
    for namn in ("heltid", "omsattning"):
        if len(valda) < 3 and namn in notabla and namn not in valda:
            valda[namn] = notabla[namn][0]
    return [valda[n] for n in ORDNING if n in valda]


def kommun_punkter(tabeller: Mapping[str, pd.DataFrame], konfig=None) -> list[str]:
    """Five sentences for the kommun-wide report: size, heltid (with how many nämnder meet
    the target), turnover (with the highest nämnd), the largest shortage, the recruitment
    need (with the nämnd that needs most). Sentences whose table is missing are left out.
    """
    a = _antaganden(konfig)
    minsta = a.minsta_antal
    ut: list[str] = []
    if _har(tabeller, "nulage", ["namnd", "antal", "arsarbetare", "andel_kvinnor", "andel_man", "andel_heltid"]):
        nulage = tabeller["nulage"]
        rad = _nulagesrad(nulage, HELA_KOMMUNEN)
        t = nulage[nulage["niva"] == "namnd"] if "niva" in nulage.columns else nulage[nulage["grupp"] == TOTALT]
        namnder = t[t["namnd"] != HELA_KOMMUNEN]
        if rad is not None:
            ord_ = "nämnd" if len(namnder) == 1 else "nämnder"
            if (m := _storlek(rad, "Kommunen", f" i {fmt_tal(len(namnder))} {ord_}", minsta)) is not None:
                ut.append(m)
            if (h := _heltid(rad, a.mal_heltid)) is not None:
                visas = namnder["andel_heltid"].notna()
                nar = int((namnder.loc[visas, "andel_heltid"].mul(1000).round() >= round(a.mal_heltid * 10)).sum())
                mening = h[0][:-1] + f"; {fmt_tal(nar)} av {fmt_tal(len(namnder))} {ord_} når målet"
                if not visas.all():
                    dolda = int((~visas).sum())
                    mening += f" (för {fmt_tal(dolda)} {'nämnd' if dolda == 1 else 'nämnder'} redovisas andelen inte)"
                ut.append(mening + ".")
    if _har(tabeller, "omsattning", ["namnd", "yrkeskategori", "period", "medelantal", "omsattning"]):
        oms = tabeller["omsattning"]
        t = oms[(oms["period"] == "senaste_12") & (oms["yrkeskategori"] == TOTALT) & oms["omsattning"].notna()]
        kommun = t[t["namnd"] == HELA_KOMMUNEN]
        namnder = t[(t["namnd"] != HELA_KOMMUNEN) & ~((t["medelantal"] > 0) & (t["medelantal"] < minsta))]
        if len(kommun):
            mening = f"Personalomsättningen de senaste 12 månaderna är {fmt_procent(kommun['omsattning'].iat[0])}"
            if len(namnder) > 1:
                hog = namnder.sort_values(["omsattning", "namnd"], ascending=[False, True]).iloc[0]
                mening += f"; högst i {hog['namnd']} ({fmt_procent(hog['omsattning'])})"
            ut.append(mening + ".")
    if _har(tabeller, "gap", ["namnd", "yrkeskategori", "horisont", "antal", "gap"]):
        if (m := _gap(tabeller["gap"], None, minsta)) is not None:
            ut.append(m)
    if _har(tabeller, "rekrytering", ["namnd", "yrkeskategori", "horisont", *REKRYTERINGSDELAR]):
        if (m := _rekrytering(tabeller["rekrytering"], HELA_KOMMUNEN,
                              tabeller.get("rekrytering_intervall"))) is not None:
            ut.append(m)
    return ut
