"""Nuläge: the staff at the base date (headcount, årsarbetare, shares, age, chefs).

Every function takes the typed ``anstallningar`` frame (columns of
:data:`kfanalys.grund.schema.ANSTALLNINGAR`, one row per employment and ``matdatum``) and
computes for all nämnder at once with ``groupby``. Every count is of **persons**, each counted
once per nämnd by their huvudanställning and once in ``Hela kommunen`` (the rule is
:mod:`kfanalys.modell.personer`; :func:`personbilder` gives the two frames); årsarbetare sum
all employments and ``anstallningar`` counts them. Every table function takes an optional
``personer`` (the :func:`personbilder` of the base date) so a caller computing several tables
chooses the huvudanställningar once. Kommun-wide rows have
``namnd == schema.HELA_KOMMUNEN``; a nämnd's own total row has ``grupp``/``yrkeskategori``
``== schema.TOTALT``. Shares are fractions 0-1; ages in whole years
(``alder = basdatum.year - fodelsear``, the age reached during the base year).

>>> import pandas as pd
>>> a = pd.DataFrame({
...     "matdatum": pd.to_datetime(["2025-11-01"] * 3), "person_id": ["1", "2", "3"],
...     "namnd": ["N"] * 3, "befattning": ["B"] * 3, "yrkeskategori": ["Y"] * 3,
...     "kon": ["K", "K", "M"], "fodelsear": [1990, 1980, 1960],
...     "anstallningsform": ["tillsvidare"] * 3, "loneform": ["manad"] * 3,
...     "sysselsattningsgrad": [100.0, 50.0, 100.0], "chef": [False, False, True]})
>>> b = basdatum(a, 2025)
>>> r = nulage(a, b).set_index(["namnd", "niva", "grupp"])
>>> rad = r.loc[("N", "namnd", "Totalt")]
>>> int(rad["antal"]), float(rad["arsarbetare"]), int(rad["kvinnor"]), round(float(rad["medelalder"]), 2)
(3, 2.5, 2, 48.33)
>>> tva_jobb = pd.concat([a, a.iloc[[0]].assign(loneform="timme", sysselsattningsgrad=10.0)], ignore_index=True)
>>> rad = nulage(tva_jobb, b).set_index(["namnd", "niva", "grupp"]).loc[("N", "namnd", "Totalt")]
>>> int(rad["antal"]), int(rad["anstallningar"]), float(rad["arsarbetare"])
(3, 4, 2.6)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.modell.personer import en_gang, huvudanstallningar_bada

NIVAER = ("namnd", "yrkeskategori", "befattning")
ALDERSBAND = ("alder_29", "alder_30_39", "alder_40_49", "alder_50_59", "alder_60")
ALDERSGRUPPER_5 = ("-24", *(f"{a}-{a + 4}" for a in range(25, 65, 5)), "65-")
NULAGE_KOLUMNER = ["namnd", "niva", "grupp", "antal", "anstallningar", "arsarbetare", "kvinnor", "man", "andel_kvinnor",
                   "andel_man", "andel_tillsvidare", "andel_heltid", "medelalder", *ALDERSBAND, "tillsvidare",
                   "manadsavlonade", "heltid"]
#: The columns :func:`kfanalys.modell.personer.huvudanstallningar` needs besides those a table uses.
PERSONKOLUMNER = ["matdatum", "person_id", "namnd", "loneform", "anstallningsform", "sysselsattningsgrad"]
CHEFER_KOLUMNER = ["namnd", "antal_chefer", "antal_medarbetare", "medarbetare_per_chef",
                   "andel_chefer_over_riktmarke", "riktmarke"]


def basdatum(anstallningar: pd.DataFrame, cykel: int) -> pd.Timestamp:
    """The base date of cycle ``cykel``: the latest ``matdatum`` in that calendar year.

    Raises :class:`Berakningsfel` (Swedish, naming the year and the years present) if the
    register has no snapshot in that year.
    """
    datum = pd.to_datetime(anstallningar["matdatum"])
    i_aret = datum[datum.dt.year == int(cykel)]
    if i_aret.empty:
        ar = sorted(datum.dt.year.dropna().astype(int).unique().tolist())
        finns = ", ".join(str(a) for a in ar) if ar else "inga"
        raise Berakningsfel(f"anstallningar, kolumn matdatum: det finns inget mätdatum år {cykel} "
                            f"(cykel {cykel}); mätdatum finns för år: {finns}")
    return pd.Timestamp(i_aret.max())


def ogonblicksbild(anstallningar: pd.DataFrame, datum: pd.Timestamp,
                   kolumner: list[str] | None = None) -> pd.DataFrame:
    """The rows of one snapshot (``matdatum == datum``), with ``alder`` (years) added.

    ``kolumner`` limits the columns taken along (``fodelsear`` is always read). Raises
    :class:`Berakningsfel` if there is no row with that matdatum. Returns a new frame.
    """
    datum = pd.Timestamp(datum)
    mask = (anstallningar["matdatum"] == datum).to_numpy()
    if not mask.any():
        raise Berakningsfel(f"anstallningar, kolumn matdatum: inga anställningar med mätdatum "
                            f"{datum.date().isoformat()}")
    if kolumner is not None:
        kolumner = [k for k in dict.fromkeys([*kolumner, "fodelsear"]) if k in anstallningar.columns]
        rader = anstallningar.loc[mask, kolumner]
    else:
        rader = anstallningar.loc[mask]
    return rader.assign(alder=(datum.year - rader["fodelsear"]).astype("int64"))


def personbilder(anstallningar: pd.DataFrame, datum: pd.Timestamp,
                 kolumner: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The persons of one snapshot: (one row per person and nämnd, one row per person in the
    kommun), each row the huvudanställning (:func:`kfanalys.modell.personer.huvudanstallningar`,
    with ``alder``, ``arsarbetare`` and ``anstallningar``). The second is None when no person
    works in two nämnder (then it would equal the first). ``kolumner`` as in :func:`ogonblicksbild`.
    """
    s = ogonblicksbild(anstallningar, datum, None if kolumner is None else [*kolumner, *PERSONKOLUMNER])
    per_namnd, per_kommun = huvudanstallningar_bada(s)
    return per_namnd, (per_kommun if len(per_kommun) < len(per_namnd) else None)


def personer_vid(anstallningar: pd.DataFrame, datum: pd.Timestamp, kolumner: list[str] | None,
                 personer: tuple[pd.DataFrame, pd.DataFrame | None] | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``personer`` when given (the :func:`personbilder` of ``datum``, computed once by the caller
    for several tables), else :func:`personbilder` of ``anstallningar``."""
    return personer if personer is not None else personbilder(anstallningar, datum, kolumner)


def _manad_per_yrke(s: pd.DataFrame) -> pd.DataFrame:
    s = s.loc[s["loneform"] == "manad"]
    return (s.groupby(["namnd", "yrkeskategori"], sort=True, observed=True).size()
            .rename("antal").astype("int64").reset_index())


def manadsavlonade(anstallningar: pd.DataFrame, basdatum: pd.Timestamp, med_kommun: bool = False,
                   personer: tuple[pd.DataFrame, pd.DataFrame | None] | None = None) -> pd.DataFrame:
    """N: persons whose huvudanställning is månadsavlönad (``loneform == "manad"``) per namnd
    and yrkeskategori (of the huvudanställning), each person once per nämnd.

    Columns: namnd, yrkeskategori, antal (int64 persons at ``basdatum``). Only groups with
    at least one person; no total rows. ``med_kommun``: add ``Hela kommunen`` rows per
    yrkeskategori, each person once in the kommun (by the huvudanställning in the kommun).
    ``personer``: the :func:`personbilder` of ``basdatum`` if the caller has them (else computed).
    """
    per_namnd, per_kommun = personer_vid(anstallningar, basdatum, ["yrkeskategori"], personer)
    r = _manad_per_yrke(per_namnd)
    if med_kommun:
        k = _manad_per_yrke(per_kommun if per_kommun is not None else per_namnd)
        k = k.groupby("yrkeskategori", sort=True)["antal"].sum().reset_index()
        r = pd.concat([r, k.assign(namnd=HELA_KOMMUNEN)[["namnd", "yrkeskategori", "antal"]]], ignore_index=True)
        r["antal"] = r["antal"].astype("int64")
    return r


def sortera(df: pd.DataFrame, kolumner: list[str], fallande: str | None = None) -> pd.DataFrame:
    """Sort a result table: ``Hela kommunen`` after the nämnder, ``Totalt`` last in a nämnd.

    ``kolumner`` are sorted ascending (with those two labels last); ``fallande`` (e.g.
    ``"antal"``) is inserted before the last key and sorted descending.
    """
    tmp = df.copy()
    nycklar, stigande = [], []
    for i, k in enumerate(kolumner):
        if fallande is not None and i == len(kolumner) - 1:
            nycklar.append(fallande)
            stigande.append(False)
        if k in ("namnd", "yrkeskategori", "grupp"):
            tmp[f"_sist_{k}"] = tmp[k].isin([HELA_KOMMUNEN, TOTALT])
            nycklar.append(f"_sist_{k}")
            stigande.append(True)
        nycklar.append(k)
        stigande.append(True)
    tmp = tmp.sort_values(nycklar, ascending=stigande, kind="stable")
    return tmp[list(df.columns)].reset_index(drop=True)


def _indikatorer(s: pd.DataFrame) -> pd.DataFrame:
    """Numeric per-row indicators to sum (one row per person: a huvudanställning)."""
    grad = s["sysselsattningsgrad"].astype("float64")
    manad = s["loneform"].eq("manad")
    alder = s["alder"]
    ind = pd.DataFrame({
        "antal": np.ones(len(s), dtype="int64"),
        "anstallningar": s["anstallningar"].to_numpy(dtype="int64"),
        "arsarbetare": s["arsarbetare"].to_numpy(dtype="float64"),
        "kvinnor": s["kon"].eq("K").astype("int64"),
        "man": s["kon"].eq("M").astype("int64"),
        "_tillsvidare": s["anstallningsform"].eq("tillsvidare").astype("int64"),
        "_manad": manad.astype("int64"),
        "_heltid": (manad & grad.eq(100.0)).astype("int64"),
        "_aldersumma": alder.astype("float64"),
        "alder_29": (alder <= 29).astype("int64"),
        "alder_30_39": alder.between(30, 39).astype("int64"),
        "alder_40_49": alder.between(40, 49).astype("int64"),
        "alder_50_59": alder.between(50, 59).astype("int64"),
        "alder_60": (alder >= 60).astype("int64"),
    }, index=s.index)
    return ind


def _andelar(summor: pd.DataFrame) -> pd.DataFrame:
    """Turn summed indicators into the nulage columns (shares over antal, heltid over manad)."""
    r = summor.copy()
    antal = r["antal"].astype("float64")
    r["andel_kvinnor"] = r["kvinnor"] / antal
    r["andel_man"] = r["man"] / antal
    r["andel_tillsvidare"] = r["_tillsvidare"] / antal
    r["andel_heltid"] = r["_heltid"] / r["_manad"].where(r["_manad"] > 0)
    r["medelalder"] = r["_aldersumma"] / antal
    # the counts behind the shares, so the disclosure rule can check them (grund.rojandekontroll)
    r["tillsvidare"], r["manadsavlonade"], r["heltid"] = r["_tillsvidare"], r["_manad"], r["_heltid"]
    return r


def _summa_per_par(kod1: np.ndarray, kod2: np.ndarray, ind: pd.DataFrame, namn1: str, namn2: str) -> pd.DataFrame:
    """Column sums of ``ind`` per observed pair of integer codes (np.bincount; fast on 1e6 rows)."""
    bas = int(kod2.max()) + 1 if len(kod2) else 1
    par, unika = pd.factorize(kod1.astype("int64") * bas + kod2)
    summor = {k: np.bincount(par, weights=ind[k].to_numpy(dtype="float64"), minlength=len(unika))
              for k in ind.columns}
    return pd.DataFrame({namn1: unika // bas, namn2: unika % bas, **summor})


def nulage(anstallningar: pd.DataFrame, basdatum: pd.Timestamp, topp_n: int = 10,
           personer: tuple[pd.DataFrame, pd.DataFrame | None] | None = None) -> pd.DataFrame:
    """Nuläge at ``basdatum`` (table ``nulage.csv``), every person counted once per nämnd and
    once in ``Hela kommunen``, by the huvudanställning (:mod:`kfanalys.modell.personer`).

    Levels (column ``niva``) per nämnd and for ``Hela kommunen``:
    ``namnd`` (one row, ``grupp == "Totalt"``), ``yrkeskategori`` (one row per category),
    ``befattning`` (the ``topp_n`` largest befattningar by headcount, ties by name).

    Columns: namnd, niva, grupp, antal (persons), anstallningar (employments), arsarbetare
    (Σ sysselsattningsgrad/100 over all employments, under the huvudanställning's group),
    kvinnor, man (counts), andel_kvinnor, andel_man, andel_tillsvidare (fractions of antal),
    andel_heltid (fraction of månadsavlönade whose huvudanställning has grad 100; NaN if none),
    medelalder (years), alder_29, alder_30_39, alder_40_49, alder_50_59, alder_60 (counts); tillsvidare,
    manadsavlonade, heltid (the counts behind the shares).
    """
    per_namnd, per_kommun = personer_vid(anstallningar, basdatum, ["yrkeskategori", "befattning", "kon"], personer)
    return en_gang(lambda s: _nulage(s, topp_n), per_namnd, per_kommun)


def _nulage(s: pd.DataFrame, topp_n: int) -> pd.DataFrame:
    """:func:`nulage` of one person frame (every row one person), nämnd and kommun rows."""
    ind = _indikatorer(s)
    varden = list(ind.columns)
    # group on integer codes (fast), then aggregate the small (namnd, grupp) sums upwards
    kod_n, namn_n = pd.factorize(s["namnd"], sort=True, use_na_sentinel=False)
    kod_y, namn_y = pd.factorize(s["yrkeskategori"], sort=True, use_na_sentinel=False)
    kod_b, namn_b = pd.factorize(s["befattning"], sort=True, use_na_sentinel=False)
    per_yrke = _summa_per_par(kod_n, kod_y, ind, "_n", "_y")
    per_bef = _summa_per_par(kod_n, kod_b, ind, "_n", "_b")
    namn_n = np.asarray(namn_n, dtype=object)

    delar = []
    for kommun in (False, True):  # per nämnd, then the kommun as a whole
        for niva, g0, kod, namn in (("namnd", per_yrke, None, None), ("yrkeskategori", per_yrke, "_y", namn_y),
                                    ("befattning", per_bef, "_b", namn_b)):
            nycklar = ([] if kommun else ["_n"]) + ([] if kod is None else [kod])
            if nycklar:
                g = g0.groupby(nycklar, sort=False)[varden].sum().reset_index()
            else:
                g = g0[varden].sum().to_frame().T
            g["namnd"] = HELA_KOMMUNEN if kommun else namn_n[g["_n"].to_numpy()]
            g["grupp"] = TOTALT if kod is None else np.asarray(namn, dtype=object)[g[kod].to_numpy()]
            g["niva"] = niva
            if niva == "befattning":  # codes are in name order, so ties go by name
                ordning = [*nycklar[:-1], "antal", kod]
                g = g.sort_values(ordning, ascending=[True] * (len(nycklar) - 1) + [False, True], kind="stable")
                g = g.groupby("namnd", sort=False).head(topp_n)
            delar.append(g[["namnd", "niva", "grupp", *varden]])
    r = _andelar(pd.concat(delar, ignore_index=True))
    for k in ("antal", "anstallningar", "kvinnor", "man", *ALDERSBAND, "tillsvidare", "manadsavlonade", "heltid"):
        r[k] = r[k].astype("int64")
    r["arsarbetare"] = r["arsarbetare"].astype("float64")
    r = r[NULAGE_KOLUMNER]
    r["_niva"] = r["niva"].map({n: i for i, n in enumerate(NIVAER)})
    r = sortera(r, ["namnd", "_niva", "grupp"], fallande="antal")
    return r.drop(columns="_niva")


def aldersstruktur(anstallningar: pd.DataFrame, basdatum: pd.Timestamp,
                   personer: tuple[pd.DataFrame, pd.DataFrame | None] | None = None) -> pd.DataFrame:
    """Age pyramid at ``basdatum`` (``aldersstruktur.csv``), every person counted once per nämnd
    and once in ``Hela kommunen``.

    Columns: namnd (incl. ``Hela kommunen``), kon (``K``/``M``), aldersgrupp (5-year bands
    ``-24``, ``25-29``, ..., ``60-64``, ``65-``), antal (int64). Every nämnd gets all
    2 x 10 cells (zeros included) so a pyramid can be drawn directly.
    """
    per_namnd, per_kommun = personer_vid(anstallningar, basdatum, ["kon"], personer)
    return en_gang(_aldersstruktur, per_namnd, per_kommun)


def _aldersstruktur(s: pd.DataFrame) -> pd.DataFrame:
    band = np.clip((s["alder"].to_numpy() - 20) // 5, 0, len(ALDERSGRUPPER_5) - 1)
    t = pd.DataFrame({
        "namnd": s["namnd"].to_numpy(),
        "kon": pd.Categorical(s["kon"].to_numpy(), categories=["K", "M"]),
        "aldersgrupp": pd.Categorical.from_codes(band, categories=list(ALDERSGRUPPER_5)),
    })
    per_namnd = t.groupby(["namnd", "kon", "aldersgrupp"], observed=False).size().rename("antal").reset_index()
    kommun = t.groupby(["kon", "aldersgrupp"], observed=False).size().rename("antal").reset_index()
    kommun.insert(0, "namnd", HELA_KOMMUNEN)
    r = pd.concat([per_namnd, kommun], ignore_index=True)
    r["kon"] = r["kon"].astype(str)
    r["aldersgrupp"] = r["aldersgrupp"].astype(str)
    r["antal"] = r["antal"].astype("int64")
    r["_band"] = r["aldersgrupp"].map({g: i for i, g in enumerate(ALDERSGRUPPER_5)})
    r = sortera(r, ["namnd", "kon", "_band"])
    return r.drop(columns="_band")


def chefer(anstallningar: pd.DataFrame, basdatum: pd.Timestamp, riktmarke: int = 30,
           personer: tuple[pd.DataFrame, pd.DataFrame | None] | None = None) -> pd.DataFrame:
    """Employees per chef at ``basdatum`` (``chefer.csv``), per nämnd and ``Hela kommunen``.

    Persons, by their huvudanställning (its ``chef`` and ``chef_id``): once per nämnd for the
    nämnd rows, once in the kommun for ``Hela kommunen``. With ``chef_id`` filled in (any non-empty value in the snapshot): every person with
    ``chef == True`` is a chef (counted once in each nämnd where that is their huvudanställning);
    a chef's medarbetare are the persons whose ``chef_id`` equals the chef's ``person_id``
    (``chef_id`` pointing at no chef is ignored; a chef is not their own medarbetare). antal_medarbetare = Σ over the chefs,
    medarbetare_per_chef = their mean, andel_chefer_over_riktmarke = share of chefs with
    more than ``riktmarke`` medarbetare.

    Without ``chef_id``: antal_chefer = persons with chef True, antal_medarbetare =
    the other persons, medarbetare_per_chef = their ratio, andel_chefer_over_riktmarke NaN.

    Columns: namnd, antal_chefer, antal_medarbetare (int64), medarbetare_per_chef,
    andel_chefer_over_riktmarke (fraction; NaN when the nämnd has no chef), riktmarke.
    """
    per_namnd, per_kommun = personer_vid(anstallningar, basdatum, ["chef", "chef_id"], personer)
    return en_gang(lambda s: _chefer(s, riktmarke), per_namnd, per_kommun)


def _chefer(s: pd.DataFrame, riktmarke: int) -> pd.DataFrame:
    ar_chef = s["chef"].fillna(False).astype(bool)
    namnder = pd.Index(s["namnd"].unique()).sort_values()
    har_chef_id = "chef_id" in s.columns and s["chef_id"].notna().any()
    if har_chef_id:
        per_chef = s["chef_id"].value_counts(sort=False, dropna=True)
        ch = s.loc[ar_chef, ["person_id", "namnd", "chef_id"]].drop_duplicates(["person_id", "namnd"])
        sjalv = ch["chef_id"].to_numpy(dtype=object) == ch["person_id"].to_numpy(dtype=object)
        sig_sjalv = sjalv.astype("int64")  # a chef is not their own medarbetare
        ch = ch.assign(medarbetare=ch["person_id"].map(per_chef).fillna(0).astype("int64") - sig_sjalv)
        ch["over"] = (ch["medarbetare"] > riktmarke).astype("int64")
        ch["antal_chefer"] = 1
        g = ch.groupby("namnd", sort=False)[["antal_chefer", "medarbetare", "over"]].sum()
        g = g.reindex(namnder, fill_value=0)
        kommun = g.sum().to_frame(HELA_KOMMUNEN).T
        g = pd.concat([g, kommun])
        g.index.name = "namnd"
        g = g.reset_index().rename(columns={"medarbetare": "antal_medarbetare"})
        antal = g["antal_chefer"].where(g["antal_chefer"] > 0).astype("float64")
        g["andel_chefer_over_riktmarke"] = g["over"] / antal
    else:
        t = pd.DataFrame({"namnd": s["namnd"].to_numpy(),
                          "antal_chefer": ar_chef.to_numpy().astype("int64"),
                          "antal_medarbetare": (~ar_chef).to_numpy().astype("int64")})
        g = t.groupby("namnd", sort=True)[["antal_chefer", "antal_medarbetare"]].sum()
        kommun = g.sum().to_frame(HELA_KOMMUNEN).T
        g = pd.concat([g, kommun])
        g.index.name = "namnd"
        g = g.reset_index()
        antal = g["antal_chefer"].where(g["antal_chefer"] > 0).astype("float64")
        g["andel_chefer_over_riktmarke"] = np.nan
    g["medarbetare_per_chef"] = g["antal_medarbetare"] / antal
    g["antal_chefer"] = g["antal_chefer"].astype("int64")
    g["antal_medarbetare"] = g["antal_medarbetare"].astype("int64")
    g["andel_chefer_over_riktmarke"] = g["andel_chefer_over_riktmarke"].astype("float64")
    g["riktmarke"] = int(riktmarke)
    return sortera(g[CHEFER_KOLUMNER], ["namnd"])
