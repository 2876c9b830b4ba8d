"""Second employments of the Exempelkommun's staff, added to the one-job register of
:mod:`kfanalys.exempel.personal` as a real HR export has them (one row per anställning).

:func:`lagg_till_bisysslor` adds, from its own random stream, without changing any row of the
main jobs (dropping the added rows gives exactly the one-job register and its events):

- **timavlönade extra jobs** (:data:`ANDEL_TIMJOBB` of the månadsavlönade persons who are not
  chefs): loneform ``timme``, sysselsattningsgrad 0, visstid, in the same nämnd as the main job;
  half in the main job's yrkeskategori (another befattning where it has one), half in a category
  of the nämnd that has timavlönade (Vårdbiträde, Måltidsbiträde, ...).
- **jobs in two nämnder** (:data:`ANTAL_TVA_NAMNDER` persons, deltid 50-80 % in the main job):
  a månadsavlönad job of 100 % minus the main job's grad in another nämnd (the same yrkeskategori
  there, or where the staff of the category move, as in ``ANDRA_NAMNDER``), anställningsform as
  the main job's at the start, so the main job stays the huvudanställning also kommun-wide (ties
  are broken by the row order: the main job's row comes first).

An extra job starts at the first snapshot or at a later one where the main job was in the same
nämnd at the snapshot before (never in the interval the person was hired or moved), and runs
while the main job stays in that nämnd (two nämnder: also with the same grad) and is not a
chef's, until a drawn end (:data:`TIMJOBB_SLUTAR` per year). Its events are written as an HR
export has them: an ``anstallning`` when it starts between two snapshots (dated at its
anstallningsdatum; motpart ``extern`` for a timjobb, ``annan_forvaltning`` for the other nämnd)
and an ``avgang`` when it ends (with the main job's date, motpart and orsak when the person
leaves the nämnd or the kommun; else orsak ``ovrigt``, motpart ``extern`` for a timjobb and
``annan_forvaltning`` for the other nämnd). So a timjobb's ``anstallning`` is always for a
person who works in that nämnd at the snapshots before and after it (not a recruitment of a
person), and two avgang rows on one day are one person leaving two jobs. Avdelning, enhet and
chef_id are those of a colleague in the same (nämnd, yrkeskategori) at each snapshot; kön,
födelseår and kompetensnivå those of the main job.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.exempel.parametrar import ANDRA_NAMNDER, CELLER, CHEFSKATEGORIER, MATAR, NAMNDER

ANDEL_TIMJOBB = 0.11        # of the eligible persons ever; ~6-7 % of månadsavlönade per snapshot
TIMJOBB_SLUTAR = 0.15       # yearly probability that an extra job ends while the main job goes on
ANTAL_TVA_NAMNDER = 45      # persons ever with a job in a second nämnd (~20 per snapshot)
DELTID_TVA_NAMNDER = (50.0, 60.0, 75.0, 80.0)  # main job grad of those (second job: 100 - grad)

_DATUM = pd.to_datetime([f"{ar}-11-01" for ar in MATAR])


def _celler() -> pd.DataFrame:
    """One row per (namnd, yrkeskategori) (index = cell number): ni (nämnd number), kortnamn,
    forvaltning, befattningar, share of timavlönade, chef category."""
    rader = [dict(ni=i, namnd=n["namn"], kortnamn=n["kortnamn"], forvaltning=n["forvaltning"], yrkeskategori=c[0],
                  timme=c[6], befattningar=tuple(c[9]), chef=c[0] in CHEFSKATEGORIER)
             for i, n in enumerate(NAMNDER) for c in CELLER[n["kortnamn"]]]
    c = pd.DataFrame(rader)
    c["cell"] = np.arange(len(c))
    return c


def _matris(listor: list[list]) -> tuple[np.ndarray, np.ndarray]:
    """Ragged lists as a padded matrix (-1 / "") and the lengths.

    >>> _matris([[3, 4], [], [5]])[0].tolist(), _matris([[3, 4], [], [5]])[1].tolist()
    ([[3, 4], [-1, -1], [5, -1]], [2, 0, 1])
    """
    bredd = max(1, max(len(x) for x in listor))
    tom = "" if any(isinstance(v, str) for x in listor for v in x) else -1
    m = np.full((len(listor), bredd), tom, dtype=object if tom == "" else np.int64)
    for i, x in enumerate(listor):
        m[i, :len(x)] = x
    return m, np.array([len(x) for x in listor], dtype=np.int64)


def _valj(rng: np.random.Generator, rader: np.ndarray, antal: np.ndarray) -> np.ndarray:
    """For each entry of ``rader`` a random position 0..antal-1 (antal > 0)."""
    return np.minimum((rng.random(len(rader)) * antal).astype(np.int64), np.maximum(antal - 1, 0))


def _start(rng: np.random.Generator, huvud: pd.DataFrame, behorig: np.ndarray, andel: float | None,
           antal: int | None) -> pd.DataFrame:
    """Chosen persons and their start snapshot s (rows of ``huvud``: the main job at s).

    A start is a snapshot where the row is ``behorig``: the first snapshot 0, or one where the
    main job was in the same nämnd at the snapshot before (never in the interval the person was
    hired or moved to the nämnd). Persons are chosen with probability ``andel`` or ``antal`` of
    them at random; the first snapshot is preferred.
    """
    fore = huvud[["person_id", "t", "namnd"]].assign(t=huvud["t"] + 1).rename(columns={"namnd": "_fore"})
    fore_namnd = huvud[["person_id", "t"]].merge(fore, on=["person_id", "t"], how="left")["_fore"].to_numpy()
    kvar_i_namnden = fore_namnd == huvud["namnd"].to_numpy()
    kandidat = huvud[behorig & ((huvud["t"] == 0).to_numpy() | kvar_i_namnden)].copy()
    nyckel = rng.random(len(kandidat)) - np.where(kandidat["t"].to_numpy() == 0, 0.4, 0.0)
    kandidat["_n"] = nyckel
    kandidat = kandidat.sort_values(["person_id", "_n"], kind="stable").drop_duplicates("person_id")
    if andel is not None:
        kandidat = kandidat[rng.random(len(kandidat)) < andel]
    else:
        kandidat = kandidat.iloc[np.sort(rng.choice(len(kandidat), size=antal, replace=False))]
    return kandidat.drop(columns="_n").rename(columns={"t": "s"})


def _lopning(huvud: pd.DataFrame, start: pd.DataFrame, lika: list[str], rng: np.random.Generator
             ) -> pd.DataFrame:
    """The snapshots an extra job exists: from s while the main job keeps the ``lika`` columns
    (as at s) and is no chef's, before the drawn end. One row per (person, t) with the main row's
    columns (suffix-free) and the job's columns from ``start``."""
    start = start.assign(e=start["s"] + rng.geometric(TIMJOBB_SLUTAR, len(start)))  # end: e > s
    ref = start[["person_id", "s", "e", *[f"{k}_s" for k in lika], *[c for c in start.columns if c.startswith("j_")]]]
    m = huvud.merge(ref, on="person_id", how="inner")
    m = m[m["t"] >= m["s"]].sort_values(["person_id", "t"], kind="stable")
    ok = (m["t"] < m["e"]) & ~m["chef"]
    for k in lika:
        ok &= m[k] == m[f"{k}_s"]
    brutet = (~ok).astype(np.int64).groupby(m["person_id"]).cummax().astype(bool)
    return m[~brutet.to_numpy()].reset_index(drop=True)


def _kollegor(huvud: pd.DataFrame, jobb: pd.DataFrame) -> pd.DataFrame:
    """avdelning, enhet, chef_id of a colleague (non-chef main job, same t, nämnd and yrkeskategori;
    else same t and nämnd) for each job row, chosen by the job's fixed random number ``j_u``."""
    pool = huvud[~huvud["chef"].to_numpy()]
    valda = {}
    for namn, pnyckel, jnyckel in (
            ("cell", pool["t"].to_numpy() * 10_000 + pool["cell"].to_numpy(),
             jobb["t"].to_numpy() * 10_000 + jobb["j_cell"].to_numpy()),
            ("namnd", pool["t"].to_numpy() * 100 + pool["ni"].to_numpy(),
             jobb["t"].to_numpy() * 100 + jobb["j_ni"].to_numpy())):
        ordning = np.argsort(pnyckel, kind="stable")  # huvud is sorted by (matdatum, person_id)
        sorterad = pnyckel[ordning]
        vanster = np.searchsorted(sorterad, jnyckel, "left")
        antal = np.searchsorted(sorterad, jnyckel, "right") - vanster
        k = vanster + np.minimum((jobb["j_u"].to_numpy() * antal).astype(np.int64), np.maximum(antal - 1, 0))
        valda[namn] = np.where(antal > 0, ordning[np.minimum(k, len(ordning) - 1)], -1)
    rad = np.where(valda["cell"] >= 0, valda["cell"], valda["namnd"])
    return pool.iloc[rad][["avdelning", "enhet", "chef_id"]].reset_index(drop=True)


def _timjobb(rng: np.random.Generator, huvud: pd.DataFrame, celler: pd.DataFrame) -> pd.DataFrame:
    """Start rows of the timavlönade extra jobs with the job's cell and befattning (j_*)."""
    behorig = (huvud["loneform"] == "manad").to_numpy() & ~huvud["chef"].to_numpy()
    start = _start(rng, huvud, behorig, ANDEL_TIMJOBB, None)
    # the job's cell: the main job's, or a category of the nämnd with timavlönade
    mojliga = celler[(celler["timme"] > 0) & ~celler["chef"]]
    mal, antal = _matris([mojliga.loc[mojliga["ni"] == i, "cell"].tolist() for i in range(len(NAMNDER))])
    ni = start["ni"].to_numpy()
    egen = start["cell"].to_numpy()
    annan = mal[ni, _valj(rng, ni, antal[ni])]
    cell = np.where(rng.random(len(start)) < 0.5, egen, annan)
    return start.assign(j_cell=cell, j_befattning=_befattning(rng, celler, cell, start),
                        j_grad=0.0, j_loneform="timme", j_anstallningsform="visstid")


def _befattning(rng: np.random.Generator, celler: pd.DataFrame, cell: np.ndarray, start: pd.DataFrame
                ) -> np.ndarray:
    """A befattning of the job's cell; in the main job's cell another one than the main job's if it has one."""
    bef, n_bef = _matris([list(b) for b in celler["befattningar"]])
    pos = _valj(rng, cell, n_bef[cell])
    byt = (cell == start["cell"].to_numpy()) & (n_bef[cell] > 1) & (bef[cell, pos] == start["befattning"].to_numpy())
    pos = np.where(byt, (pos + 1) % n_bef[cell], pos)
    return bef[cell, pos]


def _tva_namnder(rng: np.random.Generator, huvud: pd.DataFrame, celler: pd.DataFrame) -> pd.DataFrame:
    """Start rows of the jobs in a second nämnd with the job's cell, befattning and grad (j_*)."""
    kod = {(k, y): c for k, y, c in zip(celler["kortnamn"], celler["yrkeskategori"], celler["cell"])}
    listor = []
    for k, y in zip(celler["kortnamn"], celler["yrkeskategori"]):
        m = [kod[x] for x in ANDRA_NAMNDER.get(y, ()) if x in kod and x[0] != k]
        listor.append(m + [c for (k2, y2), c in kod.items() if y2 == y and k2 != k and not celler["chef"][c]])
    mal, antal = _matris(listor)
    cell = huvud["cell"].to_numpy()
    behorig = ((huvud["loneform"] == "manad").to_numpy() & ~huvud["chef"].to_numpy()
               & huvud["sysselsattningsgrad"].isin(DELTID_TVA_NAMNDER).to_numpy() & (antal[cell] > 0))
    start = _start(rng, huvud, behorig, None, ANTAL_TVA_NAMNDER)
    egen = start["cell"].to_numpy()
    ny = mal[egen, _valj(rng, egen, antal[egen])]
    bef, _ = _matris([list(b) for b in celler["befattningar"]])
    return start.assign(j_cell=ny, j_befattning=bef[ny, 0], j_grad=100.0 - start["sysselsattningsgrad"].to_numpy(),
                        j_loneform="manad", j_anstallningsform=start["anstallningsform"].to_numpy())


def _handelser(rng: np.random.Generator, jobb: pd.DataFrame, hand: pd.DataFrame, annan_namnd: bool
               ) -> pd.DataFrame:
    """anstallning/avgang events of the extra jobs (one row each) as an HR export writes them."""
    forsta = jobb.groupby("person_id", sort=False).agg(s=("t", "min"), r=("t", "max"),
                                                        j_namnd=("j_namnd", "first"),
                                                        j_yrkeskategori=("j_yrkeskategori", "first"),
                                                        namnd=("namnd", "first"),
                                                        borjar=("j_anstallningsdatum", "first")).reset_index()
    motpart_eget = "annan_forvaltning" if annan_namnd else "extern"
    delar = []
    # start between two snapshots
    b = forsta[forsta["s"] > 0]
    delar.append(pd.DataFrame({"datum": b["borjar"].to_numpy(),
                               "person_id": b["person_id"].to_numpy(), "typ": "anstallning",
                               "namnd": b["j_namnd"].to_numpy(), "yrkeskategori": b["j_yrkeskategori"].to_numpy(),
                               "motpart": motpart_eget, "orsak": None}))
    # end between two snapshots: with the main job's departure from its nämnd if it has one then
    s = forsta[forsta["r"] < len(_DATUM) - 1].copy()
    t0 = _DATUM[s["r"].to_numpy()]
    t1 = _DATUM[s["r"].to_numpy() + 1]
    avg = hand[hand["typ"] == "avgang"]
    if not annan_namnd:  # a move within the nämnd keeps the timjobb; it ends only when the person leaves
        avg = avg[avg["motpart"] != "inom_forvaltning"]
    s["_t0"], s["_t1"] = t0, t1
    par = s.merge(avg[["person_id", "namnd", "datum", "motpart", "orsak"]], on=["person_id", "namnd"], how="left")
    par = par[par["datum"].isna() | ((par["datum"] > par["_t0"]) & (par["datum"] <= par["_t1"]))]
    par = par.sort_values(["person_id", "datum"], kind="stable").drop_duplicates("person_id")
    par = s[["person_id"]].merge(par.drop(columns=[c for c in s.columns if c != "person_id"]), on="person_id",
                                 how="left")
    egen = par["datum"].isna().to_numpy()
    dagar = (t1 - t0).days.to_numpy()
    datum = np.where(egen, (t0 + pd.to_timedelta(rng.integers(1, dagar), "D")).to_numpy(),  # before t1: not in it
                     par["datum"].to_numpy())
    motpart = np.where(egen, motpart_eget, par["motpart"].to_numpy())
    if annan_namnd:  # the other nämnd's job ends as the main job moves on (unless it leaves the kommun)
        motpart = np.where(egen | (motpart == "extern"), motpart, "annan_forvaltning")
    delar.append(pd.DataFrame({"datum": pd.to_datetime(datum), "person_id": s["person_id"].to_numpy(),
                               "typ": "avgang", "namnd": s["j_namnd"].to_numpy(),
                               "yrkeskategori": s["j_yrkeskategori"].to_numpy(), "motpart": motpart,
                               "orsak": np.where(egen, "ovrigt", par["orsak"].to_numpy())}))
    return pd.concat(delar, ignore_index=True)


def lagg_till_bisysslor(anst: pd.DataFrame, hand: pd.DataFrame, rng: np.random.Generator
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(anstallningar, handelser) with the extra jobs and their events added (module docstring).

    ``anst``/``hand``: the one-job register and events of :func:`kfanalys.exempel.personal.simulera`
    (sorted by matdatum, person_id / datum, person_id, avgang first). The result has the same
    columns and dtypes; rows sorted the same way, a person's main job before their extra jobs.
    """
    celler = _celler()
    huvud = anst.assign(t=np.searchsorted(_DATUM.to_numpy(), anst["matdatum"].to_numpy()))
    huvud = huvud.merge(celler[["namnd", "yrkeskategori", "cell", "ni"]], on=["namnd", "yrkeskategori"],
                        how="left", validate="many_to_one")
    nya_rader, nya_handelser = [], []
    for sorts, annan_namnd in ((_timjobb, False), (_tva_namnder, True)):
        start = sorts(rng, huvud, celler)
        for k in ("namnd", "yrkeskategori", "forvaltning", "ni"):
            start[f"j_{k}"] = celler[k].to_numpy()[start["j_cell"].to_numpy()]
        start["j_u"] = rng.random(len(start))
        start["j_anstallningsdatum"] = _startdatum(rng, start)
        for k in ("namnd", "sysselsattningsgrad"):
            start[f"{k}_s"] = start[k]
        jobb = _lopning(huvud, start, ["namnd", "sysselsattningsgrad"] if annan_namnd else ["namnd"], rng)
        kollega = _kollegor(huvud, jobb)
        nya_rader.append(pd.DataFrame({
            "matdatum": jobb["matdatum"], "person_id": jobb["person_id"], "namnd": jobb["j_namnd"],
            "forvaltning": jobb["j_forvaltning"], "avdelning": kollega["avdelning"], "enhet": kollega["enhet"],
            "befattning": jobb["j_befattning"], "yrkeskategori": jobb["j_yrkeskategori"], "kon": jobb["kon"],
            "fodelsear": jobb["fodelsear"], "anstallningsform": jobb["j_anstallningsform"],
            "loneform": jobb["j_loneform"], "sysselsattningsgrad": jobb["j_grad"].astype(float), "chef": False,
            "chef_id": kollega["chef_id"], "anstallningsdatum": jobb["j_anstallningsdatum"],
            "kompetensniva": jobb["kompetensniva"]}))
        nya_handelser.append(_handelser(rng, jobb, hand, annan_namnd))
    ut = pd.concat([anst, *[r[anst.columns] for r in nya_rader]], ignore_index=True)
    ut = ut.sort_values(["matdatum", "person_id"], kind="stable").reset_index(drop=True)
    ut["anstallningsdatum"] = pd.to_datetime(ut["anstallningsdatum"])
    h = pd.concat([hand, *[x[hand.columns] for x in nya_handelser]], ignore_index=True)
    h["datum"] = pd.to_datetime(h["datum"]).astype(hand["datum"].dtype)
    h["orsak"] = h["orsak"].where(h["typ"] == "avgang")
    h["_ordning"] = (h["typ"] == "anstallning").astype(int)
    h = h.sort_values(["datum", "person_id", "_ordning"], kind="stable").drop(columns="_ordning")
    return ut.astype(anst.dtypes.to_dict()), h.reset_index(drop=True)[hand.columns]


def _startdatum(rng: np.random.Generator, start: pd.DataFrame) -> np.ndarray:
    """anstallningsdatum of an extra job: within a year before the first snapshot (not before the
    main job's) when it exists from the start; else a day in (previous snapshot, start snapshot]."""
    s = start["s"].to_numpy()
    slut = _DATUM[s]
    borjan = pd.DatetimeIndex(np.where(s > 0, _DATUM[np.maximum(s - 1, 0)],
                                       np.maximum(start["anstallningsdatum"].to_numpy(),
                                                  (_DATUM[0] - pd.Timedelta(days=365)).to_datetime64())))
    dagar = np.maximum((slut - borjan).days.to_numpy(), 1)
    return (borjan + pd.to_timedelta(rng.integers(1, dagar + 1), "D")).to_numpy()
