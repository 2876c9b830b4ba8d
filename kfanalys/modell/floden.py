"""Flöden: recruitments and departures over the last two 12-month periods, and personalomsättning.

Periods (ARKITEKTUR.md): ``senaste_12`` = (basdatum - 12 months, basdatum],
``foregaende_12`` = (basdatum - 24 months, basdatum - 12 months]. Turnover needs a
snapshot at both ends of a period: the base date of year Y, the latest ``matdatum`` in
year Y-1 and in year Y-2 (each within 3 months of the expected date).

>>> import pandas as pd
>>> h = pd.DataFrame({"datum": pd.to_datetime(["2025-03-01", "2025-04-01", "2024-02-01"]),
...     "person_id": ["1", "2", "3"], "typ": ["avgang"] * 3, "namnd": ["N"] * 3,
...     "yrkeskategori": ["Y"] * 3, "motpart": ["extern", "inom_forvaltning", "extern"],
...     "orsak": [None, None, "pension"]})
>>> f = floden(h, pd.Timestamp("2025-11-01"))
>>> f[(f.namnd == "N") & (f.period == "senaste_12")][["motpart", "antal", "andel"]].values.tolist()
[['inom_forvaltning', 1, 0.5], ['annan_forvaltning', 0, 0.0], ['extern', 1, 0.5]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.modell.nulage import sortera
from kfanalys.modell.personer import huvudanstallningar_bada
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

DEFINITION_OMSATTNING = (
    "Personalomsättning = antalet avgångar som lämnar förvaltningen (till annan förvaltning eller "
    "externt; byten inom förvaltningen räknas inte) bland månadsavlönade tillsvidareanställda under en "
    "12-månadersperiod, delat med medelantalet månadsavlönade tillsvidareanställda i gruppen vid periodens "
    "två mätdatum; redovisas både med och utan avgångar till pension. En avgång räknas för den nämnd "
    "personen lämnar, och för den yrkeskategori och befattning personen hade där vid sitt senaste mätdatum "
    "i den nämnden före avgången (då ska personen också ha varit månadsavlönad och tillsvidareanställd); "
    "den som både börjar och slutar mellan två mätdatum räknas inte. Varje person räknas en gång per nämnd "
    "efter sin huvudanställning (i Hela kommunen en gång i kommunen), och en avgång räknas först när "
    "personen inte har någon anställning kvar i nämnden."
)

PERIODER = ("senaste_12", "foregaende_12")
_UTAN = "\x00utan"  # a group for rows without a befattning (counted in Totalt, never shown)
MOTPARTER = ("inom_forvaltning", "annan_forvaltning", "extern")
LAMNAR_FORVALTNINGEN = ("annan_forvaltning", "extern")
TYPER = ("anstallning", "avgang")
KALLOR = ("egen", "kommunen_yrkeskategori", "namnd_totalt", "kommunen_totalt")
MAX_AVVIKELSE = pd.Timedelta(days=92)  # a snapshot counts as "12 months earlier" within 3 months

PERIODER_KOLUMNER = ["period", "period_fran", "period_till", "start", "slut", "berakningsbar", "anmarkning"]
FLODEN_KOLUMNER = ["namnd", "period", "period_fran", "period_till", "typ", "motpart", "antal", "andel"]
OMSATTNING_KOLUMNER = ["namnd", "yrkeskategori", "period", "medelantal", "avgangar", "avgangar_pension",
                       "omsattning", "omsattning_exkl_pension"]
TAKT_KOLUMNER = ["namnd", "yrkeskategori", "medelantal", "takt", "kalla"]


def _period_granser(basdatum: pd.Timestamp) -> pd.DataFrame:
    bas = pd.Timestamp(basdatum)
    ar = pd.DateOffset(months=12)
    return pd.DataFrame({
        "period": list(PERIODER),
        "period_fran": [bas - ar, bas - 2 * ar],  # exclusive
        "period_till": [bas, bas - ar],  # inclusive
    })


def perioder(anstallningar: pd.DataFrame, basdatum: pd.Timestamp) -> pd.DataFrame:
    """The two 12-month periods and the snapshots at their ends.

    Columns: period (``senaste_12``/``foregaende_12``), period_fran (exclusive),
    period_till (inclusive), start, slut (snapshot dates, NaT if missing), berakningsbar
    (bool: both snapshots exist and lie within 3 months of the period's ends), anmarkning
    (Swedish note why a period cannot be computed, else "").
    """
    bas = pd.Timestamp(basdatum)
    datum = pd.Series(pd.to_datetime(anstallningar["matdatum"]).unique())
    senast_per_ar = datum.groupby(datum.dt.year).max()
    p = _period_granser(bas)
    slut_ar = np.array([bas.year, bas.year - 1])
    start_ar = slut_ar - 1
    p["start"] = pd.to_datetime(senast_per_ar.reindex(start_ar).to_numpy())
    p["slut"] = pd.to_datetime(senast_per_ar.reindex(slut_ar).to_numpy())
    p.loc[0, "slut"] = bas
    start_ok = p["start"].notna() & ((p["start"] - p["period_fran"]).abs() <= MAX_AVVIKELSE)
    slut_ok = p["slut"].notna() & ((p["slut"] - p["period_till"]).abs() <= MAX_AVVIKELSE)
    p["berakningsbar"] = start_ok & slut_ok
    notis = []
    for _, r in p.iterrows():  # two rows: the notes are text for the report
        if r["berakningsbar"]:
            notis.append("")
            continue
        saknas = []
        for kol, ok in (("start", start_ok[_]), ("slut", slut_ok[_])):
            if not ok:
                forvantat = r["period_fran"] if kol == "start" else r["period_till"]
                funnet = "inget" if pd.isna(r[kol]) else r[kol].date().isoformat()
                saknas.append(f"inget mätdatum nära {forvantat.date().isoformat()} "
                              f"(närmast i året: {funnet})")
        notis.append(f"Personalomsättning för {r['period']} kan inte beräknas: " + "; ".join(saknas))
    p["anmarkning"] = notis
    return p[PERIODER_KOLUMNER]


def _med_period(handelser: pd.DataFrame, basdatum: pd.Timestamp) -> pd.DataFrame:
    """Events within the two periods, with a column ``period`` (others dropped). New frame."""
    g = _period_granser(basdatum)
    d = handelser["datum"]
    i_senaste = (d > g.loc[0, "period_fran"]) & (d <= g.loc[0, "period_till"])
    i_foreg = (d > g.loc[1, "period_fran"]) & (d <= g.loc[1, "period_till"])
    period = np.select([i_senaste.to_numpy(), i_foreg.to_numpy()], list(PERIODER), default="")
    h = handelser.loc[period != ""].copy()
    h["period"] = period[period != ""]
    return h


def floden(handelser: pd.DataFrame, basdatum: pd.Timestamp) -> pd.DataFrame:
    """Recruitments by source and departures by destination per nämnd and period (``floden.csv``).

    Columns: namnd (incl. ``Hela kommunen``), period, period_fran (exclusive), period_till
    (inclusive), typ (``anstallning``/``avgang``), motpart (``inom_forvaltning``,
    ``annan_forvaltning``, ``extern``; all three listed, zeros included), antal (events),
    andel (fraction of the (namnd, period, typ) total). A (namnd, period, typ) with no
    event has no rows.
    """
    h = _med_period(handelser, basdatum)
    t = pd.DataFrame({"namnd": h["namnd"].to_numpy(), "period": h["period"].to_numpy(),
                      "typ": h["typ"].to_numpy(),
                      "motpart": pd.Categorical(h["motpart"].to_numpy(), categories=list(MOTPARTER))})
    delar = []
    for kommun in (False, True):
        nycklar = ["period", "typ"] if kommun else ["namnd", "period", "typ"]
        c = t.groupby(nycklar + ["motpart"], observed=False, sort=False).size().unstack("motpart", fill_value=0)
        c = c.loc[c.sum(axis=1) > 0]
        c = c.stack().rename("antal").reset_index()
        if kommun:
            c.insert(0, "namnd", HELA_KOMMUNEN)
        delar.append(c)
    r = pd.concat(delar, ignore_index=True)
    r["motpart"] = r["motpart"].astype(str)
    r["antal"] = r["antal"].astype("int64")
    total = r.groupby(["namnd", "period", "typ"], sort=False)["antal"].transform("sum")
    r["andel"] = r["antal"] / total
    r = r.merge(_period_granser(basdatum), on="period", how="left")
    r["_p"] = r["period"].map({p: i for i, p in enumerate(PERIODER)})
    r["_t"] = r["typ"].map({p: i for i, p in enumerate(TYPER)})
    r["_m"] = r["motpart"].map({p: i for i, p in enumerate(MOTPARTER)})
    return sortera(r, ["namnd", "_p", "_t", "_m"])[FLODEN_KOLUMNER]


def omsattning(anstallningar: pd.DataFrame, handelser: pd.DataFrame, basdatum: pd.Timestamp,
               niva: str = "yrkeskategori") -> pd.DataFrame:
    """Personalomsättning per nämnd, yrkeskategori and period (``omsattning.csv``); see
    :data:`DEFINITION_OMSATTNING`.

    The group is månadsavlönade tillsvidare staff. A departure (``typ == "avgang"`` with
    ``motpart`` annan_forvaltning/extern, dated in the period) counts if the person's latest
    snapshot on or before the departure date in that nämnd (among the periods' end
    snapshots, :func:`perioder`) says ``loneform == "manad"`` and
    ``anstallningsform == "tillsvidare"``; it counts under that snapshot's yrkeskategori (the
    huvudanställning's, as in the denominator).
    Departures with no such snapshot (hired and gone between two snapshots) are not
    counted (they are not in the denominator either).

    Persons, not employments (:mod:`kfanalys.modell.personer`): the group and yrkeskategori
    at a snapshot are those of the person's huvudanställning in the nämnd; the ``Hela
    kommunen`` denominator counts each person once in the kommun (huvudanställning in the
    kommun), its departures are the nämnder's counted ones with one per person and date (a
    person leaving jobs in two nämnder the same day leaves the kommun once). ``handelser``
    should be :func:`kfanalys.modell.personer.personhandelser` output (a departure from one
    of two jobs in a nämnd is not one).

    Columns: namnd (incl. ``Hela kommunen``), yrkeskategori (``Totalt`` for the nämnd),
    period, medelantal (mean headcount of the group at the period's two snapshots),
    avgangar, avgangar_pension (``orsak == "pension"``), omsattning, omsattning_exkl_pension
    (fractions per year; NaN when medelantal is 0). Only periods where
    :func:`perioder` says ``berakningsbar`` (an empty table if none).

    ``niva="befattning"``: the same with the befattning (of the huvudanställning, at each snapshot
    and for a departure at the latest snapshot before it) in place of the yrkeskategori; the
    column is then called ``befattning`` (see :func:`omsattning_befattning`). Rows without a
    befattning are left out of its groups (not of ``Totalt``).
    """
    if niva not in ("yrkeskategori", "befattning"):
        raise Berakningsfel(f"omsattning: niva ska vara yrkeskategori eller befattning, inte {niva!r}")
    if niva != "yrkeskategori":
        if niva not in anstallningar.columns:
            raise Berakningsfel(f"omsattning: anställningarna saknar kolumnen {niva}")
        r = omsattning(anstallningar.assign(yrkeskategori=anstallningar[niva].fillna(_UTAN)), handelser, basdatum)
        r = r.loc[r["yrkeskategori"] != _UTAN].rename(columns={"yrkeskategori": niva})
        return r.reset_index(drop=True)
    p = perioder(anstallningar, basdatum)
    p = p.loc[p["berakningsbar"]]
    if p.empty:
        return pd.DataFrame({k: pd.Series(dtype="float64" if k in ("medelantal", "omsattning",
                                                                    "omsattning_exkl_pension") else
                                          "int64" if k.startswith("avgangar") else "object")
                             for k in OMSATTNING_KOLUMNER})

    # the persons at the needed snapshots: per nämnd, and once in the kommun
    datum = pd.concat([p["start"], p["slut"]]).unique()
    vid = anstallningar.loc[anstallningar["matdatum"].isin(datum)]
    anstallningar, kommun = huvudanstallningar_bada(vid)
    i_gruppen = anstallningar["loneform"].eq("manad") & anstallningar["anstallningsform"].eq("tillsvidare")
    andar = pd.concat([p[["period", "start"]].rename(columns={"start": "matdatum"}),
                       p[["period", "slut"]].rename(columns={"slut": "matdatum"})])

    def stock_av(personer: pd.DataFrame, i_gruppen: pd.Series) -> pd.DataFrame:
        """Denominator: headcount at each needed snapshot, half weight per period end."""
        a = personer.loc[i_gruppen, ["namnd", "yrkeskategori", "matdatum"]]
        stock = a.groupby(["namnd", "yrkeskategori", "matdatum"], sort=False, observed=True).size().rename("n")
        stock = stock.reset_index().merge(andar, on="matdatum")
        return pd.DataFrame({"namnd": stock["namnd"], "yrkeskategori": stock["yrkeskategori"],
                             "period": stock["period"], "medelantal": stock["n"] * 0.5,
                             "avgangar": 0, "avgangar_pension": 0})

    stock = stock_av(anstallningar, i_gruppen)
    kommun = kommun.assign(namnd=HELA_KOMMUNEN)
    stock_kommun = stock_av(kommun, kommun["loneform"].eq("manad") & kommun["anstallningsform"].eq("tillsvidare"))

    # numerator: departures leaving the förvaltning, group as in the latest earlier snapshot
    h = _med_period(handelser, basdatum)
    h = h.loc[h["typ"].eq("avgang") & h["motpart"].isin(LAMNAR_FORVALTNINGEN) & h["period"].isin(p["period"])]
    h = h[["datum", "person_id", "namnd", "yrkeskategori", "period", "orsak"]
          if "orsak" in h.columns else ["datum", "person_id", "namnd", "yrkeskategori", "period"]]
    h = h.assign(datum=h["datum"].astype("datetime64[ns]")).sort_values("datum", kind="stable")
    # the person's latest snapshot on or before the departure, among the period-end snapshots
    vid_andar = anstallningar["matdatum"].isin(datum).to_numpy()
    n_h = len(h)
    # one factorize of all person ids: h comes first, so codes < k are persons who left
    kod_p, _ = pd.factorize(np.concatenate([h["person_id"].to_numpy(dtype=object),
                                            anstallningar["person_id"].to_numpy(dtype=object)[vid_andar]]))
    k = int(kod_p[:n_h].max()) + 1 if n_h else 0
    berorda = np.flatnonzero(vid_andar)[kod_p[n_h:] < k]
    b = anstallningar.iloc[berorda]
    kod_p = np.concatenate([kod_p[:n_h], kod_p[n_h:][kod_p[n_h:] < k]])
    kod_n, namn_n = pd.factorize(np.concatenate([h["namnd"].to_numpy(dtype=object), b["namnd"].to_numpy(dtype=object)]))
    nyckel = kod_p.astype("int64") * (len(namn_n) + 1) + kod_n  # one integer key for (person_id, namnd)
    h = h.assign(_k=nyckel[:n_h])
    bilder = pd.DataFrame({"matdatum": b["matdatum"].astype("datetime64[ns]").to_numpy(), "_k": nyckel[n_h:],
                           "_grupp": i_gruppen.to_numpy()[berorda], "_yrke": b["yrkeskategori"].to_numpy()})
    bilder = bilder.sort_values("matdatum", kind="stable")
    m = pd.merge_asof(h, bilder, left_on="datum", right_on="matdatum", by="_k",
                      direction="backward", allow_exact_matches=True)
    m = m.loc[m["_grupp"].eq(True)]
    pension = m["orsak"].eq("pension") if "orsak" in m.columns else pd.Series(False, index=m.index)
    avg = pd.DataFrame({"namnd": m["namnd"], "yrkeskategori": m["_yrke"], "period": m["period"],
                        "medelantal": 0.0, "avgangar": 1, "avgangar_pension": pension.astype("int64")})
    en_per_person = ~m.duplicated(["person_id", "datum"]).to_numpy()  # once in the kommun

    t = pd.concat([stock, avg], ignore_index=True)
    tk = pd.concat([stock_kommun, avg.loc[en_per_person]], ignore_index=True)
    varden = ["medelantal", "avgangar", "avgangar_pension"]
    delar = [
        t.groupby(["namnd", "yrkeskategori", "period"], sort=False)[varden].sum().reset_index(),
        t.groupby(["namnd", "period"], sort=False)[varden].sum().reset_index().assign(yrkeskategori=TOTALT),
        tk.groupby(["yrkeskategori", "period"], sort=False)[varden].sum().reset_index().assign(namnd=HELA_KOMMUNEN),
        tk.groupby(["period"], sort=False)[varden].sum().reset_index().assign(namnd=HELA_KOMMUNEN,
                                                                              yrkeskategori=TOTALT),
    ]
    r = pd.concat(delar, ignore_index=True)
    r["avgangar"] = r["avgangar"].astype("int64")
    r["avgangar_pension"] = r["avgangar_pension"].astype("int64")
    r["medelantal"] = r["medelantal"].astype("float64")
    namnare = r["medelantal"].where(r["medelantal"] > 0)
    r["omsattning"] = r["avgangar"] / namnare
    r["omsattning_exkl_pension"] = (r["avgangar"] - r["avgangar_pension"]) / namnare
    r["_p"] = r["period"].map({q: i for i, q in enumerate(PERIODER)})
    return sortera(r, ["namnd", "yrkeskategori", "_p"])[OMSATTNING_KOLUMNER]


OMSATTNING_BEFATTNING_KOLUMNER = ["namnd", "befattning", "period", "medelantal", "avgangar", "avgangar_pension",
                                  "omsattning", "omsattning_exkl_pension"]


def omsattning_befattning(anstallningar: pd.DataFrame, handelser: pd.DataFrame, basdatum: pd.Timestamp,
                          topp_n: int = 10) -> pd.DataFrame:
    """Personalomsättning per nämnd and befattning (``omsattning_befattning.csv``, seed 002): as
    :func:`omsattning` (:data:`DEFINITION_OMSATTNING`), the group being the befattning of the
    person's huvudanställning, for the ``topp_n`` largest befattningar of each nämnd (and of
    ``Hela kommunen``) by medelantal in the latest computable period (ties by name), both periods,
    and the ``Totalt`` row of each (the nämnd's whole group, as in ``omsattning.csv``).

    Columns :data:`OMSATTNING_BEFATTNING_KOLUMNER` (``befattning == "Totalt"`` for the total).
    """
    if topp_n < 1:
        raise Berakningsfel(f"omsattning_befattning: topp_n ska vara minst 1, inte {topp_n}")
    r = omsattning(anstallningar, handelser, basdatum, niva="befattning")
    if r.empty:
        return r[OMSATTNING_BEFATTNING_KOLUMNER].reset_index(drop=True)
    forsta = next(p for p in PERIODER if p in set(r["period"]))
    grupper = r.loc[(r["period"] == forsta) & (r["befattning"] != TOTALT)]
    grupper = grupper.sort_values(["namnd", "medelantal", "befattning"], ascending=[True, False, True], kind="stable")
    valda = grupper.groupby("namnd", sort=False).head(topp_n)[["namnd", "befattning"]]
    valda = pd.concat([valda, r.loc[r["befattning"] == TOTALT, ["namnd", "befattning"]].drop_duplicates()])
    ut = r.merge(valda.assign(_ordning=np.arange(len(valda))), on=["namnd", "befattning"])
    ut["_p"] = ut["period"].map({q: i for i, q in enumerate(PERIODER)})
    ut["_h"] = ut["namnd"].eq(HELA_KOMMUNEN)
    ut = ut.sort_values(["_h", "namnd", "_ordning", "_p"], kind="stable")
    return ut[OMSATTNING_BEFATTNING_KOLUMNER].reset_index(drop=True)


def omsattningstakt(omsattning_df: pd.DataFrame, minsta_antal: int = 5) -> pd.DataFrame:
    """Yearly turnover rate EXCLUDING retirements per (namnd, yrkeskategori), for the stock-flow.

    Pooled over the periods in ``omsattning_df`` (the output of :func:`omsattning`):
    takt = Σ (avgangar - avgangar_pension) / Σ medelantal. A group whose pooled medelantal
    is below ``4 * minsta_antal`` borrows, in this order, the first rate with enough
    medelantal among: the same yrkeskategori in ``Hela kommunen``, the nämnd's
    ``Totalt``, ``Hela kommunen``'s ``Totalt`` (used even if small; NaN if there is none).

    Columns: namnd, yrkeskategori (every row of ``omsattning_df``, incl. totals),
    medelantal (pooled, of the group itself), takt (fraction per year), kalla (``egen``,
    ``kommunen_yrkeskategori``, ``namnd_totalt``, ``kommunen_totalt``).
    """
    if minsta_antal < 1:
        raise Berakningsfel(f"omsattningstakt: minsta_antal ska vara minst 1, inte {minsta_antal}")
    gransvarde = 4 * minsta_antal
    o = omsattning_df.groupby(["namnd", "yrkeskategori"], sort=False)[["medelantal", "avgangar",
                                                                       "avgangar_pension"]].sum()
    o = o.reset_index()
    o["_takt"] = (o["avgangar"] - o["avgangar_pension"]) / o["medelantal"].where(o["medelantal"] > 0)
    o["_ok"] = o["medelantal"] >= gransvarde
    bra = o.loc[o["_ok"], ["namnd", "yrkeskategori", "_takt"]]
    kommun_yrke = bra.loc[bra["namnd"] == HELA_KOMMUNEN].set_index("yrkeskategori")["_takt"]
    namnd_tot = bra.loc[bra["yrkeskategori"] == TOTALT].set_index("namnd")["_takt"]
    kt = o.loc[(o["namnd"] == HELA_KOMMUNEN) & (o["yrkeskategori"] == TOTALT), "_takt"]
    kommun_tot = float(kt.iloc[0]) if len(kt) else np.nan

    kandidater = [
        o["_takt"].where(o["_ok"]),
        o["yrkeskategori"].map(kommun_yrke).where(o["yrkeskategori"] != TOTALT),
        o["namnd"].map(namnd_tot),
        pd.Series(kommun_tot, index=o.index, dtype="float64"),
    ]
    takt = pd.Series(np.nan, index=o.index, dtype="float64")
    kalla = pd.Series(KALLOR[-1], index=o.index, dtype="object")
    for namn, kand in reversed(list(zip(KALLOR, kandidater))):  # 4 sources, earlier ones win
        finns = kand.notna()
        takt = takt.where(~finns, kand)
        kalla = kalla.where(~finns, namn)
    r = pd.DataFrame({"namnd": o["namnd"], "yrkeskategori": o["yrkeskategori"],
                      "medelantal": o["medelantal"].astype("float64"), "takt": takt, "kalla": kalla})
    return sortera(r, ["namnd", "yrkeskategori"])[TAKT_KOLUMNER]
