"""Härledda händelser: recruitments and departures derived from consecutive register snapshots.

Used when a kommun has yearly snapshots (``anstallningar``, several ``matdatum`` stacked) but no
event file (``handelser``). :func:`harled_handelser` returns a frame with the columns and dtypes of
a validated ``handelser`` (:data:`kfanalys.grund.schema.HANDELSER`), so :mod:`kfanalys.modell.floden`,
:mod:`kfanalys.modell.uppfoljning` and :mod:`kfanalys.modell.backtest` use it unchanged.

Rules (SKR's way of counting turnover from snapshots):

* The distinct ``matdatum`` values in order give the pairs of consecutive snapshots t0 < t1
  (whatever their spacing; floden only uses yearly periods). Persons are compared per nämnd.
* Presence: a (person_id, namnd) is present at a snapshot if the person has at least one
  employment (row) in the nämnd there, whatever its loneform. A (person, nämnd) present at t0
  and absent at t1 is an ``avgang`` from that nämnd; absent at t0 and present at t1 an
  ``anstallning``. Both are dated **t1**, so they fall in the period (t0, t1] that floden uses.
  A second job in a nämnd the person already works in is no recruitment; losing one of two
  jobs in a nämnd is no departure.
* yrkeskategori (and forvaltning, fodelsear) is that of the person's huvudanställning in the
  nämnd (:func:`kfanalys.modell.personer.huvudanstallningar`, ``niva="namnd"``): at t0 for a
  departure, at t1 for a recruitment.
* Present at both but the huvudanställning's yrkeskategori differs: an ``avgang`` from the old
  and an ``anstallning`` to the new yrkeskategori, both with motpart ``inom_forvaltning`` (floden
  counts them as internal moves, not as turnover).
* motpart of a departure from (person, nämnd N with förvaltning F at t0): ``inom_forvaltning``
  if at t1 the person has an employment (any row) whose ``forvaltning`` is F (another nämnd of
  the same förvaltning; this wins, because the person has not left the förvaltning), else
  ``annan_forvaltning`` if the person has any employment in the kommun at t1 (a nämnd of
  another förvaltning, including a job the person already had there), else ``extern``. A
  recruitment is the same with t0 and F the förvaltning at t1.
* orsak: snapshots carry no reason. With ``pensionsalder``, an ``extern`` departure of a person
  aged at least ``pensionsalder`` in the year of t1 (``t1.year - fodelsear``, as everywhere in
  kfanalys) gets ``pension`` (an estimate from age). Every other departure, and every
  recruitment, gets NaN (unknown; not ``ovrigt``, which would claim a known reason). Without
  ``pensionsalder`` all orsak are NaN, so turnover incl. and excl. pension coincide.
* Not visible: employments that begin and end between two snapshots, the exact date, the reason
  for leaving, and anything before the first snapshot (it has no recruitments) or after the last.

Sorted by datum, person_id, typ (``avgang`` before ``anstallning``), namnd, yrkeskategori; index
0..n-1. Vectorised: one merge of the snapshot table with itself shifted by one snapshot.

>>> import pandas as pd
>>> a = pd.DataFrame({"matdatum": pd.to_datetime(["2024-11-01"] * 2 + ["2025-11-01"] * 2),
...     "person_id": ["1", "2", "2", "3"], "namnd": ["N", "N", "N", "N"], "forvaltning": "F",
...     "yrkeskategori": ["Y", "Y", "Z", "Y"], "fodelsear": [1958, 1980, 1980, 1990],
...     "anstallningsform": "tillsvidare", "loneform": "manad", "sysselsattningsgrad": 100.0})
>>> h = harled_handelser(a, pensionsalder=65)
>>> h[["person_id", "typ", "yrkeskategori", "motpart", "orsak"]].values.tolist()
[['1', 'avgang', 'Y', 'extern', 'pension'], ['2', 'avgang', 'Y', 'inom_forvaltning', nan], \
['2', 'anstallning', 'Z', 'inom_forvaltning', nan], ['3', 'anstallning', 'Y', 'extern', nan]]
>>> str(h["datum"].iloc[0].date())
'2025-11-01'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.grund import schema
from kfanalys.grund.fel import Berakningsfel
from kfanalys.modell.personer import huvudanstallningar

KOLUMNER = [k.namn for k in schema.HANDELSER.kolumner]  # datum, person_id, typ, namnd, yrkeskategori, motpart, orsak
BEHOVS = ("matdatum", "person_id", "namnd", "forvaltning", "yrkeskategori", "fodelsear", "sysselsattningsgrad",
          "loneform", "anstallningsform")
TYPORDNING = {"avgang": 0, "anstallning": 1}

BESKRIVNING = (
    "Det finns ingen fil med händelser, så rekryteringar och avgångar är härledda ur personalregistrets "
    "ögonblicksbilder (en bild per mätdatum), på samma sätt som SKR räknar personalomsättning. En person som "
    "är anställd i en nämnd vid ett mätdatum men inte vid nästa räknas som en avgång från nämnden, och en person "
    "som är anställd i nämnden vid ett mätdatum men inte vid det förra som en rekrytering. Båda dateras till det "
    "senare mätdatumet. Den som får ett andra arbete i samma nämnd, eller behåller ett av två, har varken börjat "
    "eller slutat. Yrkeskategorin är den från personens huvudanställning i nämnden (högst sysselsättningsgrad). "
    "Byter en person yrkeskategori inom nämnden räknas det som ett byte inom förvaltningen, inte som "
    "personalomsättning. En avgång går till en annan förvaltning om personen vid nästa mätdatum är anställd i en "
    "nämnd med en annan förvaltning, räknas som ett byte inom förvaltningen om personen finns kvar i samma "
    "förvaltning, och är annars extern (rekryteringar på samma sätt med det förra mätdatumet). "
    "Det här syns inte i ögonblicksbilderna: anställningar som både börjar och slutar mellan två mätdatum "
    "(till exempel korta vikariat) kommer inte med alls, så rekryteringar och avgångar blir färre än i "
    "verkligheten; det exakta datumet för en händelse; och skälet till en avgång. Som pension räknas en extern "
    "avgång av en person som under året fyller minst den angivna pensionsåldern; det är en uppskattning utifrån "
    "ålder, inte en uppgift om skälet (utan angiven pensionsålder räknas ingen avgång som pension). Före det "
    "första mätdatumet finns inga rekryteringar eller avgångar, eftersom det inte finns något att jämföra med."
)


def beskrivning(pensionsalder: int | None = None) -> str:
    """:data:`BESKRIVNING` with the pension age actually used (Swedish, for the report)."""
    if pensionsalder is None:
        return BESKRIVNING.replace(
            "Som pension räknas en extern avgång av en person som under året fyller minst den angivna "
            "pensionsåldern; det är en uppskattning utifrån ålder, inte en uppgift om skälet (utan angiven "
            "pensionsålder räknas ingen avgång som pension).",
            "Ingen avgång räknas som pension, eftersom ingen pensionsålder är angiven.")
    return BESKRIVNING.replace("minst den angivna pensionsåldern", f"minst {int(pensionsalder)} år").replace(
        " (utan angiven pensionsålder räknas ingen avgång som pension)", "")


def _tom() -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(dtype="datetime64[ns]" if k == "datum" else "str") for k in KOLUMNER})


def _koda(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    kod, unika = pd.factorize(s.to_numpy(dtype=object), use_na_sentinel=False)
    return kod.astype("int64"), np.asarray(unika, dtype=object)


def _motpart(person: np.ndarray, forv: np.ndarray, bild: np.ndarray, pf_finns: pd.Index, p_finns: pd.Index,
             n_f: int, n_b: int) -> np.ndarray:
    """motpart of events of ``person`` whose own förvaltning is ``forv``, looked up at snapshot ``bild``."""
    samma = pd.Index((person * n_f + forv) * n_b + bild).isin(pf_finns)
    finns = pd.Index(person * n_b + bild).isin(p_finns)
    return np.where(samma, "inom_forvaltning", np.where(finns, "annan_forvaltning", "extern"))


def harled_handelser(anstallningar: pd.DataFrame, pensionsalder: int | None = None) -> pd.DataFrame:
    """Recruitments and departures derived from consecutive snapshots (rules: module docstring).

    ``anstallningar``: the typed register (columns :data:`BEHOVS` at least), one row per
    employment and matdatum. ``pensionsalder``: an external departure of a person at least this
    old in the year of the later snapshot gets orsak ``pension``; None: no orsak at all.
    Returns the columns of :data:`kfanalys.grund.schema.HANDELSER` (datum datetime64[ns], the rest
    ``str``, orsak NaN when unknown); empty with these columns if there are fewer than two snapshots.
    """
    saknas = [k for k in BEHOVS if k not in anstallningar.columns]
    if saknas:
        vad = f"kolumnen {saknas[0]} saknas" if len(saknas) == 1 else f"kolumnerna {', '.join(saknas)} saknas"
        raise Berakningsfel(f"Händelser kan inte härledas ur anställningarna: {vad}. Lägg till "
                            f"{'den' if len(saknas) == 1 else 'dem'} i anställningsfilen (en kolumn per uppgift, "
                            "rubrik på rad 1), eller lämna en fil med händelser.")
    a = anstallningar.loc[anstallningar["matdatum"].notna()]
    md = a["matdatum"].to_numpy(dtype="datetime64[ns]")
    datum = np.sort(pd.unique(md))
    if len(datum) < 2:
        return _tom()
    n_b = len(datum)
    # integer codes: snapshot, person, nämnd, förvaltning, yrkeskategori (string keys are slow)
    bild = np.searchsorted(datum, md).astype("int64")
    person, personer = _koda(a["person_id"])
    namnd, namnder = _koda(a["namnd"])
    forv, _ = _koda(a["forvaltning"])
    yrke, yrken = _koda(a["yrkeskategori"])
    n_f = int(forv.max()) + 1
    kodad = pd.DataFrame({"matdatum": bild, "person_id": person, "namnd": namnd, "_f": forv, "_y": yrke,
                          "_fodd": a["fodelsear"].to_numpy(dtype="float64"),
                          "sysselsattningsgrad": a["sysselsattningsgrad"].to_numpy(dtype="float64"),
                          "loneform": a["loneform"].to_numpy(dtype=object),
                          "anstallningsform": a["anstallningsform"].to_numpy(dtype=object)})
    h = huvudanstallningar(kodad, niva="namnd")  # THE rule; same groups as with the original strings
    j = h["matdatum"].to_numpy(dtype="int64")
    pn = h["person_id"].to_numpy(dtype="int64") * (len(namnder) + 1) + h["namnd"].to_numpy(dtype="int64")
    # pair i = (datum[i], datum[i+1]): snapshot j is t0 of pair j and t1 of pair j-1; key (person, nämnd, pair)
    fore = pd.DataFrame({"_k": pn * n_b + j, "_y": h["_y"].to_numpy(), "_f": h["_f"].to_numpy(),
                         "_fodd": h["_fodd"].to_numpy()})[j < n_b - 1]
    efter = pd.DataFrame({"_k": pn * n_b + j - 1, "_y": h["_y"].to_numpy(), "_f": h["_f"].to_numpy()})[j > 0]
    m = fore.merge(efter, on="_k", how="outer", suffixes=("_0", "_1"), indicator=True, sort=False)
    k = m["_k"].to_numpy(dtype="int64")
    par, pn_m = k % n_b, k // n_b
    p_m, n_m = pn_m // (len(namnder) + 1), pn_m % (len(namnder) + 1)
    vanster = m["_merge"].eq("left_only").to_numpy()
    hoger = m["_merge"].eq("right_only").to_numpy()
    bada = m["_merge"].eq("both").to_numpy() & (m["_y_0"].to_numpy() != m["_y_1"].to_numpy())

    # who works where at each snapshot (every employment): (person, förvaltning, snapshot), (person, snapshot)
    pf_finns = pd.Index(pd.unique((person * n_f + forv) * n_b + bild))
    p_finns = pd.Index(pd.unique(person * n_b + bild))
    y0 = m["_y_0"].to_numpy(dtype="float64")
    y1 = m["_y_1"].to_numpy(dtype="float64")
    f0 = m["_f_0"].to_numpy(dtype="float64")
    f1 = m["_f_1"].to_numpy(dtype="float64")
    fodd = m["_fodd"].to_numpy(dtype="float64")
    delar = []
    for typ, urval, yk, motpart, fodelsear in (
        ("avgang", vanster, y0, _motpart(p_m[vanster], f0[vanster].astype("int64"), par[vanster] + 1,
                                         pf_finns, p_finns, n_f, n_b), fodd),
        ("anstallning", hoger, y1, _motpart(p_m[hoger], f1[hoger].astype("int64"), par[hoger],
                                            pf_finns, p_finns, n_f, n_b), None),
        ("avgang", bada, y0, "inom_forvaltning", None),
        ("anstallning", bada, y1, "inom_forvaltning", None),
    ):  # four kinds of event, each vectorised
        delar.append(pd.DataFrame({
            "_i": par[urval], "_p": p_m[urval], "_n": n_m[urval], "typ": typ, "_y": yk[urval].astype("int64"),
            "motpart": motpart, "_fodd": fodelsear[urval] if fodelsear is not None else np.nan}))
    t = pd.concat(delar, ignore_index=True)
    datum_t = datum[t["_i"].to_numpy(dtype="int64") + 1]
    orsak = np.full(len(t), np.nan, dtype=object)
    if pensionsalder is not None:
        alder = pd.DatetimeIndex(datum_t).year.to_numpy(dtype="float64") - t["_fodd"].to_numpy(dtype="float64")
        pension = (t["typ"].eq("avgang") & t["motpart"].eq("extern")).to_numpy() & (alder >= pensionsalder)
        orsak[pension] = "pension"
    r = pd.DataFrame({
        "datum": pd.Series(datum_t, dtype="datetime64[ns]"),
        "person_id": pd.Series(personer[t["_p"].to_numpy()], dtype="str"),
        "typ": pd.Series(t["typ"].to_numpy(dtype=object), dtype="str"),
        "namnd": pd.Series(namnder[t["_n"].to_numpy()], dtype="str"),
        "yrkeskategori": pd.Series(yrken[t["_y"].to_numpy()], dtype="str"),
        "motpart": pd.Series(t["motpart"].to_numpy(dtype=object), dtype="str"),
        "orsak": pd.Series(orsak, dtype="str"),
    })
    r["_t"] = r["typ"].map(TYPORDNING)
    r = r.sort_values(["datum", "person_id", "_t", "namnd", "yrkeskategori"], kind="stable")
    return r[KOLUMNER].reset_index(drop=True)
