"""Persons, not employments: THE huvudanställning rule and THE event-cleaning rule.

The register (``anstallningar``) has one row per **employment** and ``matdatum``: a person
may have a part-time månadsavlönad job and a timavlönad one, or jobs in two nämnder. Every
person count of the package (nuläge, age structure, chefs, N, retirements, turnover) counts
each person once, following SKR's definitions:

* **Huvudanställning** of a person in a group (a nämnd at a matdatum, or the whole kommun at
  a matdatum) = the employment with the highest ``sysselsattningsgrad``; ties are broken by
  ``loneform`` (``manad`` before ``timme``), then ``anstallningsform`` (``tillsvidare``
  before ``visstid``), then file order (row order of the frame). The person is counted under
  the huvudanställning's yrkeskategori and befattning, with its loneform and
  anstallningsform (heltid = the huvudanställning has grad 100 and is månadsavlönad).
* **Årsarbetare** sum ALL the person's employments in the group (Σ grad/100) and are
  attributed to the huvudanställning's yrkeskategori/befattning.
* ``niva="namnd"`` gives one row per (matdatum, person_id, namnd): a person with jobs in two
  nämnder is counted in both; ``niva="kommun"`` one row per (matdatum, person_id): the
  person is counted once in ``Hela kommunen``, so nämnder need not add up to the kommun.

Events (``handelser``, one row per employment event) are cleaned by :func:`personhandelser`
before flows, turnover and follow-up use them (see its docstring for the rule). With one
employment per person and matdatum both functions change nothing (apart from the two added
columns of :func:`huvudanstallningar`).

>>> import pandas as pd
>>> a = pd.DataFrame({"matdatum": pd.to_datetime(["2025-11-01"] * 3), "person_id": ["1", "1", "2"],
...     "namnd": ["N"] * 3, "yrkeskategori": ["A", "B", "A"], "loneform": ["timme", "manad", "manad"],
...     "anstallningsform": ["visstid", "tillsvidare", "tillsvidare"],
...     "sysselsattningsgrad": [20.0, 75.0, 100.0]})
>>> h = huvudanstallningar(a)
>>> h[["person_id", "yrkeskategori", "arsarbetare", "anstallningar"]].values.tolist()
[['1', 'B', 0.95, 2], ['2', 'A', 1.0, 1]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import HELA_KOMMUNEN

NIVAER_PERSON = ("namnd", "kommun")
#: ``motpart`` of the events :func:`personhandelser` judges: from or to outside the förvaltning.
UTANFOR = ("annan_forvaltning", "extern")
DEFINITION_HUVUDANSTALLNING = (
    "Huvudanställning: en persons anställning med högst sysselsättningsgrad i nämnden (för raderna "
    "Hela kommunen: i hela kommunen) vid mätdatumet; vid lika grad går månadsavlönad före timavlönad, "
    "tillsvidare före visstid och därefter ordningen i filen.")
DEFINITION_PERSONER = (
    "Antal anställda: varje person räknas en gång per nämnd, under huvudanställningens yrkeskategori och "
    "befattning; så räknas också alla andra personantal (kön, ålder, tillsvidare, heltid, chefer, "
    "pensionsavgångar, personalomsättning och antalet månadsavlönade i prognoserna). Heltid betyder att huvudanställningen är "
    "månadsavlönad med sysselsättningsgrad 100 %. En person med anställningar i flera nämnder räknas i "
    "varje nämnd men en gång i kommunen, så nämnderna summerar inte alltid till kommunen.")
DEFINITION_ARSARBETARE = (
    "Årsarbetare: summan av sysselsättningsgraderna (i procent delat med 100) över alla personens "
    "anställningar, redovisad under huvudanställningens yrkeskategori och befattning. "
    "Anställningar: antalet anställningar (en person kan ha flera).")
DEFINITION_FLODEN = (
    "Rekryteringar och avgångar: räknas per person och nämnd; en person lämnar en nämnd först när ingen av "
    "personens anställningar i nämnden finns kvar, och en ny extra anställning i en nämnd där personen "
    "redan arbetar är ingen rekrytering.")


def _koder(df: pd.DataFrame, nycklar: list[str]) -> np.ndarray:
    """One int64 group code per row for the key columns (factorize, then combine pairwise)."""
    kod = np.zeros(len(df), dtype="int64")
    for k in nycklar:
        c, unika = pd.factorize(df[k], use_na_sentinel=False)
        kod, _ = pd.factorize(kod * (len(unika) + 1) + c.astype("int64"))
        kod = kod.astype("int64")
    return kod


def _kolumn(df: pd.DataFrame, namn: str, standard) -> pd.Series:
    """Column ``namn``, or ``standard`` in every row when a (hand-made) frame lacks it."""
    return df[namn] if namn in df.columns else pd.Series(standard, index=df.index)


def huvudanstallningar(anstallningar: pd.DataFrame, niva: str = "namnd") -> pd.DataFrame:
    """The huvudanställning of each person (see the module docstring), one row per group.

    ``niva="namnd"``: one row per (matdatum, person_id, namnd); ``niva="kommun"``: one row per
    (matdatum, person_id). A frame without ``sysselsattningsgrad``, ``loneform`` or
    ``anstallningsform`` (hand-made) is treated as if every row had 0, manad, tillsvidare.
    Each row is the chosen employment's row with ALL its original
    columns, plus ``arsarbetare`` (float64: Σ sysselsattningsgrad/100 over the group's
    employments) and ``anstallningar`` (int64: their number). Rows are in the order of the
    chosen employments in the input (so a frame with one employment per group comes back in
    its own order); the index is reset. Vectorised (one lexsort). Returns a new frame.
    """
    if niva not in NIVAER_PERSON:
        raise Berakningsfel(f"huvudanstallningar: niva ska vara namnd eller kommun, inte {niva!r}")
    nycklar = ["matdatum", "person_id", "namnd"] if niva == "namnd" else ["matdatum", "person_id"]
    return _valj(anstallningar, _koder(anstallningar, nycklar))


def huvudanstallningar_bada(anstallningar: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(huvudanstallningar(a, "namnd"), huvudanstallningar(a, "kommun"))`` with the keys factorized
    once (the person ids are the costly part)."""
    kod_k = _koder(anstallningar, ["matdatum", "person_id"])
    c_n, unika_n = pd.factorize(anstallningar["namnd"], use_na_sentinel=False)
    kod_n, _ = pd.factorize(kod_k * (len(unika_n) + 1) + c_n.astype("int64"))
    return _valj(anstallningar, kod_n.astype("int64")), _valj(anstallningar, kod_k)


def _valj(anstallningar: pd.DataFrame, grupp: np.ndarray) -> pd.DataFrame:
    """The huvudanställning of every group code ``grupp`` (see :func:`huvudanstallningar`)."""
    n = len(anstallningar)
    grad = _kolumn(anstallningar, "sysselsattningsgrad", 0.0)
    grad = pd.to_numeric(grad, errors="coerce").fillna(0.0).to_numpy(dtype="float64")
    if n == 0:
        return anstallningar.reset_index(drop=True).assign(arsarbetare=pd.Series(dtype="float64"),
                                                           anstallningar=pd.Series(dtype="int64"))
    antal = np.bincount(grupp)
    if antal.max() == 1:  # one employment per group: nothing to choose
        valda = np.arange(n)
        summa = grad / 100.0
        per_grupp = np.ones(n, dtype="int64")
    else:
        timme = _kolumn(anstallningar, "loneform", "manad").ne("manad").to_numpy(dtype=bool)
        visstid = _kolumn(anstallningar, "anstallningsform", "tillsvidare").ne("tillsvidare").to_numpy(dtype=bool)
        # the last key is the primary one: group, highest grad, manad, tillsvidare, file order
        ordning = np.lexsort((np.arange(n), visstid, timme, -grad, grupp))
        g_sorterad = grupp[ordning]
        forst = np.ones(n, dtype=bool)
        forst[1:] = g_sorterad[1:] != g_sorterad[:-1]
        valda = np.sort(ordning[forst])
        summa = np.bincount(grupp, weights=grad / 100.0)[grupp[valda]]
        per_grupp = antal[grupp[valda]].astype("int64")
    ut = anstallningar.iloc[valda].reset_index(drop=True)
    ut["arsarbetare"] = summa.astype("float64")
    ut["anstallningar"] = per_grupp
    return ut


def en_gang_per_person(per_namnd: pd.DataFrame, per_kommun: pd.DataFrame) -> pd.DataFrame:
    """Join a table computed on the per-nämnd persons with the same table computed on the
    per-kommun persons: the nämnd rows of ``per_namnd`` and the ``Hela kommunen`` rows of
    ``per_kommun`` (each person once in the kommun). Same columns as ``per_namnd``; the
    row order is nämnd rows first, then the kommun rows, each in its own order."""
    namnd = per_namnd.loc[per_namnd["namnd"] != HELA_KOMMUNEN]
    kommun = per_kommun.loc[per_kommun["namnd"] == HELA_KOMMUNEN, list(per_namnd.columns)]
    return pd.concat([namnd, kommun], ignore_index=True)


def en_gang(berakna, per_namnd: pd.DataFrame, per_kommun: pd.DataFrame | None) -> pd.DataFrame:
    """``berakna(per_namnd)`` with its ``Hela kommunen`` rows taken from ``berakna(per_kommun)``
    (:func:`en_gang_per_person`); just ``berakna(per_namnd)`` when ``per_kommun`` is None (no
    person in two nämnder: both frames would be equal)."""
    t = berakna(per_namnd)
    return t if per_kommun is None else en_gang_per_person(t, berakna(per_kommun))


def personhandelser(handelser: pd.DataFrame, anstallningar: pd.DataFrame) -> pd.DataFrame:
    """The events that change whether a person works in a nämnd (THE event-cleaning rule).

    ``handelser`` has one row per employment event. An event that says the person comes from
    or goes to outside the förvaltning (``motpart`` annan_forvaltning/extern) is dropped when
    it does not move the person into or out of the nämnd:

    1. an ``avgang`` (person, namnd, datum d) is dropped if the person still has an
       employment (any) in that nämnd in the first snapshot after d (``matdatum > d``: an
       avgång is dated on the last day employed);
    2. an ``anstallning`` (person, namnd, d) is dropped if the person had an employment in
       that nämnd in the last snapshot before d (``matdatum < d``) and still has one in the
       first snapshot on or after d (``matdatum >= d``: an anställning is dated on the first
       day employed);
    3. of the remaining events of a person in a nämnd between two snapshots (sorted by date,
       then file order), an ``avgang`` directly followed by another ``avgang`` and an
       ``anstallning`` directly preceded by another ``anstallning`` are dropped (leaving
       two jobs on different days is one departure, at the last; starting two jobs one
       recruitment, at the first).

    An event with no snapshot on the needed side is kept (nothing shows it overlaps). Moves
    within the förvaltning (``motpart == "inom_forvaltning"``, e.g. a new yrkeskategori in the
    same nämnd) are kept as they are: they are neither recruitments nor departures in the
    turnover, the stock-flow or the follow-up, and :func:`kfanalys.modell.floden.floden` shows
    them as moves. With one employment per person this drops nothing. Vectorised (sorted searches and
    merges). Returns the kept rows in their original order, with the original index.
    """
    if handelser.empty or anstallningar.empty:
        return handelser
    n_h = len(handelser)
    utifran = (handelser["motpart"].isin(UTANFOR).to_numpy(dtype=bool) if "motpart" in handelser.columns
               else np.ones(n_h, dtype=bool))
    if not utifran.any():
        return handelser
    datum_h = pd.to_datetime(handelser["datum"]).to_numpy(dtype="datetime64[ns]")
    bilder = np.sort(pd.unique(pd.to_datetime(anstallningar["matdatum"]).to_numpy(dtype="datetime64[ns]")))
    n_b = len(bilder)
    # only the employments of persons with a judged event matter
    anstallningar = anstallningar.loc[anstallningar["person_id"].isin(pd.unique(handelser.loc[utifran, "person_id"]))]
    # (person, namnd, matdatum) present in the register, as one integer key shared with the events
    alla_p = np.concatenate([handelser["person_id"].to_numpy(dtype=object),
                             anstallningar["person_id"].to_numpy(dtype=object)])
    alla_n = np.concatenate([handelser["namnd"].to_numpy(dtype=object), anstallningar["namnd"].to_numpy(dtype=object)])
    kod_p, _ = pd.factorize(alla_p)
    kod_n, unika_n = pd.factorize(alla_n)
    pn = kod_p.astype("int64") * (len(unika_n) + 1) + kod_n
    pn_h, pn_a = pn[:n_h], pn[n_h:]
    b_a = np.searchsorted(bilder, anstallningar["matdatum"].to_numpy(dtype="datetime64[ns]"))
    finns = pd.Index(np.unique(pn_a * (n_b + 1) + b_a))

    def har(index_bild: np.ndarray) -> np.ndarray:
        ok = (index_bild >= 0) & (index_bild < n_b)
        nyckel = pn_h * (n_b + 1) + np.clip(index_bild, 0, n_b - 1)
        return ok & pd.Index(nyckel).isin(finns)

    typ = handelser["typ"].to_numpy(dtype=object)
    avgang, anst = (typ == "avgang") & utifran, (typ == "anstallning") & utifran
    efter_strikt = np.searchsorted(bilder, datum_h, side="right")  # first snapshot > d
    efter_eller_lika = np.searchsorted(bilder, datum_h, side="left")  # first snapshot >= d
    fore = efter_eller_lika - 1  # last snapshot < d
    slapp = (avgang & har(efter_strikt)) | (anst & har(fore) & har(efter_eller_lika))

    # rule 3 on the remaining events: consecutive events of one kind per (person, namnd, interval)
    kvar = np.flatnonzero(~slapp & utifran)
    t = pd.DataFrame({"pn": pn_h[kvar], "intervall": efter_eller_lika[kvar], "datum": datum_h[kvar],
                      "pos": kvar, "avgang": avgang[kvar], "anst": anst[kvar]})
    t = t.sort_values(["pn", "intervall", "datum", "pos"], kind="stable")
    samma = ((t["pn"].to_numpy()[1:] == t["pn"].to_numpy()[:-1])
             & (t["intervall"].to_numpy()[1:] == t["intervall"].to_numpy()[:-1]))
    av, an = t["avgang"].to_numpy(), t["anst"].to_numpy()
    foljs_av_avgang = np.zeros(len(t), dtype=bool)
    foljs_av_avgang[:-1] = samma & av[:-1] & av[1:]
    foregas_av_anst = np.zeros(len(t), dtype=bool)
    foregas_av_anst[1:] = samma & an[:-1] & an[1:]
    slapp[t["pos"].to_numpy()[foljs_av_avgang | foregas_av_anst]] = True
    if not slapp.any():
        return handelser
    return handelser.loc[~slapp]
