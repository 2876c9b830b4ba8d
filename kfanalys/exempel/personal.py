"""The Exempelkommun's staff, simulated person by person from the parameters of
:mod:`kfanalys.exempel.parametrar`.

:func:`simulera` returns the one-job register (``anstallningar``: one row per person and
snapshot; :mod:`kfanalys.exempel.anstallningar` adds the extra jobs) and the events (``handelser``),
vectorised over all persons per year: retirements by the pension profile (age = year -
fodelsear), other departures by a per-category yearly rate, moves within the förvaltning and to
another nämnd, and external hires up to a headcount target per category. The events are
consistent with the snapshots: for every (namnd, yrkeskategori) and consecutive snapshots t,
t+1: antal(t+1) = antal(t) + anstallningar - avgangar with datum in (t, t+1].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.exempel.parametrar import (ANDEL_ANNAN_FORVALTNING, ANDRA_NAMNDER, CELLER, CHEFSKATEGORIER,
                                         DELTIDSGRADER, INTERNA_BYTEN, MATAR, NAMNDER, OVERSTA_CHEF, STAB, STAMMAR,
                                         TIMME_AVGANG, VISSTID_FAKTOR, VISSTID_TILL_TILLSVIDARE)
from kfanalys.grund.schema import ANSTALLNINGAR, HANDELSER
from kfanalys.indata.konfig import STANDARD_PENSIONSPROFIL

# enhet names: [avdelning (all nämnder in order), stem number] -> name
_ENHETSNAMN = np.array([[m.format(s=s) if isinstance(m, str) else m[j % len(m)] for j, s in enumerate(STAMMAR)]
                        for n in NAMNDER for m in n["avdelningar"].values()], dtype=object)


# ==================================================================================================
# The cells (nämnd x yrkeskategori) as arrays
# ==================================================================================================

def _celltabell() -> pd.DataFrame:
    """One row per (namnd, yrkeskategori) with the generator's parameters; index = cell number."""
    rader = []
    for ni, n in enumerate(NAMNDER):
        avd = list(n["avdelningar"])
        linje = [a for a in avd if a != STAB] if STAB in avd else avd
        for kat, n0, avg, kv, alder, heltid, timme, visstid, avdel, bef in CELLER[n["kortnamn"]]:
            vikter = np.zeros(len(avd))
            if avdel is None:
                vikter[[avd.index(a) for a in linje]] = 1.0
            elif isinstance(avdel, dict):
                for a, v in avdel.items():
                    vikter[avd.index(a)] = v
            else:
                vikter[avd.index(avdel)] = 1.0
            rader.append(dict(ni=ni, namnd=n["namn"], kortnamn=n["kortnamn"], forvaltning=n["forvaltning"],
                              yrkeskategori=kat, n0=n0, avgang=avg, kvinnor=kv, alder=alder, heltid=heltid,
                              timme=timme, visstid=visstid, avd_vikter=vikter / vikter.sum(), befattningar=bef,
                              tillvaxt=n["tillvaxt"], chef=kat in CHEFSKATEGORIER, overst=kat == OVERSTA_CHEF))
    c = pd.DataFrame(rader)
    # Composition of hires that keeps the shares of timavlönade and visstid roughly stable:
    # inflow share f with f * H = s * d, H = total yearly hire rate (approximated).
    d_manad = c["avgang"] + 0.03 + c["tillvaxt"].clip(lower=0)
    s = c["timme"]
    c["hire_timme"] = (s * TIMME_AVGANG / (s * TIMME_AVGANG + (1 - s) * d_manad)).fillna(0.0)
    v = c["visstid"]
    c["hire_visstid"] = (v * (VISSTID_TILL_TILLSVIDARE + VISSTID_FAKTOR * c["avgang"])
                         / (d_manad + v * (VISSTID_FAKTOR - 1) * c["avgang"])).clip(upper=0.9)
    return c


def _valj_rad(rng: np.random.Generator, kum: np.ndarray, rad: np.ndarray) -> np.ndarray:
    """For each entry of ``rad`` choose a column of ``kum`` (row-wise cumulative probabilities)."""
    u = rng.random(len(rad))
    return (u[:, None] >= kum[rad]).sum(axis=1)


def _pensionsrisk() -> np.ndarray:
    """p(a) for ages 0..130 from the standard profile (1 above the last key, 0 below the first)."""
    p = np.zeros(131)
    nycklar = sorted(STANDARD_PENSIONSPROFIL)
    for a, v in STANDARD_PENSIONSPROFIL.items():
        p[a] = v
    p[nycklar[-1] + 1:] = 1.0
    return p


def _tilldela(chef_grupp: np.ndarray, chef_vikt: np.ndarray, grupp: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Position (into the chef arrays) of the chef each person gets, -1 if the group has no chef.

    Within a group the interval [0, 1) is split among its chefs in proportion to their weight
    (in the order given); a person with the fixed random number ``u`` gets the chef whose
    interval holds u, so a chef's span is proportional to the weight.

    >>> _tilldela(np.array([0, 0, 1]), np.array([1.0, 3.0, 1.0]), np.array([0, 0, 1, 2]),
    ...           np.array([0.1, 0.5, 0.9, 0.5])).tolist()
    [0, 1, 2, -1]
    """
    if len(chef_grupp) == 0:
        return np.full(len(grupp), -1)
    ordning = np.argsort(chef_grupp, kind="stable")
    g, w = chef_grupp[ordning], chef_vikt[ordning]
    unika, start, antal = np.unique(g, return_index=True, return_counts=True)
    gi = np.repeat(np.arange(len(unika)), antal)
    kum = np.cumsum(w)
    fore = (kum[start] - w[start])[gi]
    summa = np.add.reduceat(w, start)[gi]
    grans = gi + (kum - fore) / summa
    grans[start + antal - 1] = gi[start + antal - 1] + 1.0
    pos = np.searchsorted(unika, grupp).clip(max=len(unika) - 1)
    finns = unika[pos] == grupp
    k = np.searchsorted(grans, pos + np.minimum(u, 1 - 1e-9), side="right").clip(max=len(g) - 1)
    return np.where(finns, ordning[k], -1)


# ==================================================================================================
# The staff simulation
# ==================================================================================================

class _Personal:
    """Column arrays over every person ever employed (index = person number)."""

    def __init__(self, kapacitet: int, bef_kum: np.ndarray, avd_kum: np.ndarray):
        self.bef_kum = bef_kum  # per cell: cumulative probabilities of its befattningar
        self.avd_kum = avd_kum  # per cell: cumulative probabilities of the avdelningar
        self.n = 0
        self.cell = np.zeros(kapacitet, np.int64)
        self.bef = np.zeros(kapacitet, np.int64)      # index into the cell's befattningar
        self.kvinna = np.zeros(kapacitet, bool)
        self.fodelsear = np.zeros(kapacitet, np.int64)
        self.tillsvidare = np.zeros(kapacitet, bool)
        self.timme = np.zeros(kapacitet, bool)
        self.grad = np.zeros(kapacitet, float)
        self.anstdatum = np.zeros(kapacitet, "datetime64[D]")
        self.avd = np.zeros(kapacitet, np.int64)      # avdelning index within the nämnd (non-chefs)
        self.u = np.zeros(kapacitet, float)           # fixed random number: which chef
        self.vikt = np.zeros(kapacitet, float)        # a chef's relative span
        self.z = np.zeros(kapacitet, float)           # fixed random number: competence level
        self.aktiv = np.zeros(kapacitet, bool)

    def nya(self, rng: np.random.Generator, celler: pd.DataFrame, cell: np.ndarray, alder: np.ndarray,
            datum: np.ndarray, ar: int) -> np.ndarray:
        """Add persons in ``cell`` with the given age (in year ``ar``) and employment date."""
        m = len(cell)
        idx = np.arange(self.n, self.n + m)
        self.n += m
        self.cell[idx] = cell
        self.fodelsear[idx] = ar - alder
        self.kvinna[idx] = rng.random(m) < celler["kvinnor"].to_numpy()[cell]
        self.anstdatum[idx] = datum
        self.u[idx] = rng.random(m)
        self.vikt[idx] = rng.uniform(0.5, 1.5, m)
        self.z[idx] = rng.normal(0, 1, m)
        self.aktiv[idx] = True
        self._satt_cellberoende(rng, celler, idx)
        return idx

    def _satt_cellberoende(self, rng: np.random.Generator, celler: pd.DataFrame, idx: np.ndarray) -> None:
        """Befattning and avdelning from the (new) cell."""
        cell = self.cell[idx]
        self.bef[idx] = _valj_rad(rng, self.bef_kum, cell)
        self.avd[idx] = _valj_rad(rng, self.avd_kum, cell)
        chef = celler["chef"].to_numpy()[cell]
        self.grad[idx[chef]] = 100.0
        self.tillsvidare[idx[chef]] = True
        self.timme[idx[chef]] = False


def _kumulativ(sannolikheter: list[np.ndarray]) -> np.ndarray:
    """Row-wise cumulative probabilities padded with 2.0, for :func:`_valj_rad`.

    >>> _kumulativ([np.array([0.0, 1.0, 0.0]), np.array([0.5, 0.5])]).tolist()
    [[0.0, 2.0, 2.0], [0.5, 2.0, 2.0]]
    """
    bredd = max(len(p) for p in sannolikheter)
    kum = np.full((len(sannolikheter), bredd), 2.0)
    for i, p in enumerate(sannolikheter):
        sista = int(np.flatnonzero(np.asarray(p) > 0).max())
        kum[i, :sista] = np.cumsum(p)[:sista] / np.sum(p)
    return kum


def _anstallningsvillkor(rng: np.random.Generator, celler: pd.DataFrame, p: _Personal, idx: np.ndarray,
                         andel_timme: np.ndarray, andel_visstid: np.ndarray) -> None:
    """Lönform, anställningsform and sysselsättningsgrad of new persons."""
    cell = p.cell[idx]
    m = len(idx)
    timme = rng.random(m) < andel_timme[cell]
    visstid = timme | (rng.random(m) < andel_visstid[cell])
    heltid = rng.random(m) < celler["heltid"].to_numpy()[cell]
    grad = np.where(heltid, 100.0, DELTIDSGRADER[rng.integers(0, len(DELTIDSGRADER), m)])
    p.timme[idx] = timme
    p.tillsvidare[idx] = ~visstid
    p.grad[idx] = np.where(timme, 0.0, grad)
    chef = celler["chef"].to_numpy()[cell]
    p.grad[idx[chef]] = 100.0
    p.tillsvidare[idx[chef]] = True
    p.timme[idx[chef]] = False


def _startalder(rng: np.random.Generator, medel: np.ndarray) -> np.ndarray:
    """Ages of the staff on 1 Nov 2021: normal around the category mean, survivors of the pension profile."""
    m = len(medel)
    alder = np.clip(np.rint(medel + 3.5 + rng.uniform(-21, 21, m) + rng.normal(0, 4, m)), 20, 69).astype(np.int64)
    p = _pensionsrisk()
    overlevnad = np.cumprod(1 - p[:80])  # S(a): still employed after the year one reaches age a
    kvar = rng.random(m) < np.where(alder > 60, overlevnad[alder], 1.0)
    ersatt = rng.integers(25, 61, m)
    return np.where(kvar, alder, ersatt)


def _ogonblicksbild(p: _Personal, celler: pd.DataFrame, avdelningar: list[list[str]], datum: np.datetime64
                    ) -> pd.DataFrame:
    """The active persons at ``datum`` as rows of anstallningar (chefs and units assigned)."""
    idx = np.flatnonzero(p.aktiv[:p.n])
    cell = p.cell[idx]
    ni = celler["ni"].to_numpy()[cell]
    chef = celler["chef"].to_numpy()[cell]
    overst = celler["overst"].to_numpy()[cell]
    forsta = chef & ~overst
    avd = p.avd[idx].copy()
    n_avd = np.array([len(a) for a in avdelningar])

    # First-line chefs are spread over the avdelningar in proportion to their staff (by rank of u).
    personal = ~chef
    andel = np.zeros((len(NAMNDER), n_avd.max()))
    np.add.at(andel, (ni[personal], avd[personal]), 1.0)
    kum = np.cumsum(andel / andel.sum(axis=1, keepdims=True), axis=1)
    fi = np.flatnonzero(forsta)
    ordning = np.lexsort((p.u[idx[fi]], ni[fi]))
    fi = fi[ordning]
    _, start, antal = np.unique(ni[fi], return_index=True, return_counts=True)
    rang = np.arange(len(fi)) - np.repeat(start, antal)
    kvantil = (rang + 0.5) / np.repeat(antal, antal)
    avd[fi] = np.minimum((kvantil[:, None] > kum[ni[fi]]).sum(axis=1), n_avd[ni[fi]] - 1)
    # Avdelningschefer: one per avdelning in order of employment
    oi = np.flatnonzero(overst)
    oi = oi[np.argsort(ni[oi], kind="stable")]
    _, start, antal = np.unique(ni[oi], return_index=True, return_counts=True)
    avd[oi] = (np.arange(len(oi)) - np.repeat(start, antal)) % n_avd[ni[oi]]

    grupp = ni * 100 + avd
    pid = idx
    chef_pos = np.full(len(idx), -1)
    # staff -> first-line chef in the same avdelning (else in the nämnd)
    k = _tilldela(grupp[fi], p.vikt[idx[fi]], grupp[personal], p.u[idx[personal]])
    k2 = _tilldela(ni[fi], p.vikt[idx[fi]], ni[personal], p.u[idx[personal]])
    chef_pos[personal] = np.where(k >= 0, fi[np.maximum(k, 0)], np.where(k2 >= 0, fi[np.maximum(k2, 0)], -1))
    # first-line chef -> avdelningschef in the same avdelning (else in the nämnd)
    k = _tilldela(grupp[oi], np.ones(len(oi)), grupp[fi], p.u[idx[fi]])
    k2 = _tilldela(ni[oi], np.ones(len(oi)), ni[fi], p.u[idx[fi]])
    chef_pos[fi] = np.where(k >= 0, oi[np.maximum(k, 0)], np.where(k2 >= 0, oi[np.maximum(k2, 0)], -1))

    # avdelning and enhet: staff take their chef's; a first-line chef's enhet is named from a stem
    har_chef = personal & (chef_pos >= 0)
    avd[har_chef] = avd[chef_pos[har_chef]]
    avd_namn = np.array([a for lista in avdelningar for a in lista], dtype=object)
    offset = np.concatenate([[0], np.cumsum(n_avd)[:-1]])
    global_avd = offset[ni] + avd
    enhet = np.full(len(idx), "Avdelningsledning", dtype=object)
    enhet[forsta] = _ENHETSNAMN[global_avd[forsta], (idx[forsta] * 7) % len(STAMMAR)]
    enhet[har_chef] = enhet[chef_pos[har_chef]]
    enhet[personal & ~har_chef] = "Ej fördelad"

    ar_anst = (datum - p.anstdatum[idx]).astype(np.int64) / 365.25
    poang = np.log1p(ar_anst) / np.log(21.0) * 3.0 + 0.6 * p.z[idx]
    niva = np.array(["Viss", "God", "Hög", "Mycket hög"], dtype=object)[np.digitize(poang, [0.9, 1.8, 2.6])]

    bef_namn = np.array([b for lista in celler["befattningar"] for b in lista], dtype=object)
    bef_start = np.concatenate([[0], np.cumsum([len(b) for b in celler["befattningar"]])[:-1]])
    bef = bef_namn[bef_start[cell] + p.bef[idx]]
    chef_id = np.where(chef_pos >= 0, _pid(idx[np.maximum(chef_pos, 0)]), None)
    return pd.DataFrame({
        "matdatum": pd.Timestamp(datum),
        "person_id": _pid(pid),
        "namnd": celler["namnd"].to_numpy()[cell],
        "forvaltning": celler["forvaltning"].to_numpy()[cell],
        "avdelning": avd_namn[global_avd],
        "enhet": enhet,
        "befattning": bef,
        "yrkeskategori": celler["yrkeskategori"].to_numpy()[cell],
        "kon": np.where(p.kvinna[idx], "K", "M"),
        "fodelsear": p.fodelsear[idx],
        "anstallningsform": np.where(p.tillsvidare[idx], "tillsvidare", "visstid"),
        "loneform": np.where(p.timme[idx], "timme", "manad"),
        "sysselsattningsgrad": p.grad[idx],
        "chef": chef,
        "chef_id": chef_id,
        "anstallningsdatum": pd.to_datetime(p.anstdatum[idx]),
        "kompetensniva": niva,
    })


def _pid(idx: np.ndarray) -> np.ndarray:
    return np.char.add("P", np.char.zfill((np.asarray(idx) + 1).astype(str), 6)).astype(object)


def _flyttmatris(celler: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: moves within the förvaltning (to-cell, cumulative probability) and destinations elsewhere."""
    kort, kat = celler["kortnamn"].tolist(), celler["yrkeskategori"].tolist()
    nyckel = {(n, y): i for i, (n, y) in enumerate(zip(kort, kat))}
    inom: list[list[tuple[int, float]]] = [[] for _ in range(len(celler))]
    for n, fran, till, p in INTERNA_BYTEN:
        inom[nyckel[(n, fran)]].append((nyckel[(n, till)], p))
    bredd = max(1, max(len(x) for x in inom))
    inom_till = np.full((len(celler), bredd + 1), -1)
    inom_kum = np.full((len(celler), bredd + 1), 2.0)
    for i, x in enumerate(inom):
        for j, (t, p) in enumerate(x):
            inom_till[i, j] = t
        inom_kum[i, :len(x)] = np.cumsum([p for _, p in x])
        inom_kum[i, len(x)] = 2.0  # no move
    ut: list[list[int]] = []
    for n, y in zip(kort, kat):
        mal = [nyckel[k] for k in ANDRA_NAMNDER.get(y, ()) if k in nyckel and k[0] != n]
        mal += [j for j, (n2, y2) in enumerate(zip(kort, kat)) if y2 == y and n2 != n]
        ut.append(mal)
    bredd = max(1, max(len(x) for x in ut))
    ut_till = np.full((len(celler), bredd), -1)
    ut_antal = np.zeros(len(celler), np.int64)
    for i, x in enumerate(ut):
        ut_till[i, :len(x)] = x
        ut_antal[i] = len(x)
    return inom_till, inom_kum, ut_till, ut_antal


def simulera(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(anstallningar, handelser) of the Exempelkommun, drawn from ``rng`` (used in a fixed order).

    Columns of :data:`kfanalys.grund.schema.ANSTALLNINGAR` (incl. chef_id, anstallningsdatum,
    kompetensniva; matdatum/anstallningsdatum datetime64; sysselsattningsgrad in per cent) and
    :data:`kfanalys.grund.schema.HANDELSER` (orsak NaN for hires), sorted by date and person.
    """
    celler = _celltabell()
    avdelningar = [list(n["avdelningar"]) for n in NAMNDER]
    n0 = celler["n0"].to_numpy()
    p = _Personal(int(n0.sum() * 3),
                  bef_kum=_kumulativ([np.array([0.7, 0.2, 0.1][:len(b)]) for b in celler["befattningar"]]),
                  avd_kum=_kumulativ(list(celler["avd_vikter"])))
    datum = [np.datetime64(f"{ar}-11-01") for ar in MATAR]

    # ---- the first snapshot ---------------------------------------------------------------------
    cell = np.repeat(np.arange(len(celler)), n0)
    alder = _startalder(rng, celler["alder"].to_numpy()[cell])
    anstallda_ar = np.minimum(rng.exponential(9.0, len(cell)), alder - 19).clip(min=0.05)
    anstdatum = datum[0] - (anstallda_ar * 365.25).astype("timedelta64[D]")
    idx = p.nya(rng, celler, cell, alder, anstdatum, MATAR[0])
    _anstallningsvillkor(rng, celler, p, idx, celler["timme"].to_numpy(), celler["visstid"].to_numpy())

    pensionsrisk = _pensionsrisk()
    inom_till, inom_kum, ut_till, ut_antal = _flyttmatris(celler)
    avgang = celler["avgang"].to_numpy()
    chefcell = celler["chef"].to_numpy()
    tillvaxt = celler["tillvaxt"].to_numpy()
    hire_timme = celler["hire_timme"].to_numpy()
    hire_visstid = celler["hire_visstid"].to_numpy()
    hire_alder = celler["alder"].to_numpy() - np.where(chefcell, 3.0, 5.0)

    bilder = [_ogonblicksbild(p, celler, avdelningar, datum[0])]
    handelser: list[pd.DataFrame] = []
    for t in range(1, len(MATAR)):
        t0, t1, ar = datum[t - 1], datum[t], MATAR[t]
        dagar = int((t1 - t0).astype(int))
        akt = np.flatnonzero(p.aktiv[:p.n])
        m = len(akt)
        cell = p.cell[akt]
        dag = t0 + rng.integers(1, dagar + 1, m).astype("timedelta64[D]")
        alder = ar - p.fodelsear[akt]
        pension = rng.random(m) < pensionsrisk[np.clip(alder, 0, 130)]
        risk = np.where(p.timme[akt], TIMME_AVGANG,
                        avgang[cell] * np.where(p.tillsvidare[akt], 1.0, VISSTID_FAKTOR))
        lamnar = ~pension & (rng.random(m) < risk)
        annan = lamnar & ~p.timme[akt] & (rng.random(m) < ANDEL_ANNAN_FORVALTNING)
        extern = lamnar & ~annan
        # destination of those leaving for another nämnd (-1: a förvaltning outside the data)
        val = (rng.random(m) * np.maximum(ut_antal[cell], 1)).astype(np.int64)
        mal = np.where(annan & (ut_antal[cell] > 0), ut_till[cell, np.minimum(val, ut_till.shape[1] - 1)], -1)
        # moves within the förvaltning among those who stay (månadsavlönade only)
        stannar = ~pension & ~lamnar & ~p.timme[akt]
        j = (rng.random(m)[:, None] >= inom_kum[cell]).sum(axis=1)
        inom = stannar & (inom_till[cell, np.minimum(j, inom_till.shape[1] - 1)] >= 0)
        ny_cell = np.where(inom, inom_till[cell, np.minimum(j, inom_till.shape[1] - 1)], mal)

        # orsak: pension; visstid/timme mostly end (ovrigt); otherwise own request
        ovrigt = rng.random(m) < np.where(p.tillsvidare[akt], 0.15, 0.6)
        orsak = np.where(pension, "pension", np.where(extern & ovrigt, "ovrigt", "egen_begaran"))
        motpart = np.where(inom, "inom_forvaltning", np.where(annan, "annan_forvaltning", "extern"))
        avg = pension | lamnar | inom
        handelser.append(pd.DataFrame({
            "datum": dag[avg], "person_id": _pid(akt[avg]), "typ": "avgang",
            "namnd": celler["namnd"].to_numpy()[cell[avg]],
            "yrkeskategori": celler["yrkeskategori"].to_numpy()[cell[avg]],
            "motpart": motpart[avg], "orsak": orsak[avg]}))
        flytt = avg & (ny_cell >= 0)
        handelser.append(pd.DataFrame({
            "datum": dag[flytt], "person_id": _pid(akt[flytt]), "typ": "anstallning",
            "namnd": celler["namnd"].to_numpy()[ny_cell[flytt]],
            "yrkeskategori": celler["yrkeskategori"].to_numpy()[ny_cell[flytt]],
            "motpart": motpart[flytt], "orsak": None}))
        # apply: leavers inactive, movers into their new cell
        p.aktiv[akt[avg & ~flytt]] = False
        flyttare = akt[flytt]
        p.cell[flyttare] = ny_cell[flytt]
        p._satt_cellberoende(rng, celler, flyttare)
        # visstid -> tillsvidare for some who stay
        omvandla = akt[~avg & ~p.timme[akt] & ~p.tillsvidare[akt]]
        p.tillsvidare[omvandla[rng.random(len(omvandla)) < VISSTID_TILL_TILLSVIDARE]] = True

        # external hires up to the headcount target of each cell
        antal = np.bincount(p.cell[:p.n][p.aktiv[:p.n]], minlength=len(celler))
        mal_antal = np.rint(n0 * (1 + tillvaxt) ** t * rng.normal(1.0, 0.01, len(celler))).astype(np.int64)
        nyanst = np.maximum(0, mal_antal - antal)
        cell = np.repeat(np.arange(len(celler)), nyanst)
        h = len(cell)
        alder = np.clip(np.rint(rng.normal(hire_alder[cell], 8.5)), 19, 64).astype(np.int64)
        dag = t0 + rng.integers(1, dagar + 1, h).astype("timedelta64[D]")
        idx = p.nya(rng, celler, cell, alder, dag, ar)
        _anstallningsvillkor(rng, celler, p, idx, hire_timme, hire_visstid)
        handelser.append(pd.DataFrame({
            "datum": dag, "person_id": _pid(idx), "typ": "anstallning",
            "namnd": celler["namnd"].to_numpy()[cell], "yrkeskategori": celler["yrkeskategori"].to_numpy()[cell],
            "motpart": "extern", "orsak": None}))
        bilder.append(_ogonblicksbild(p, celler, avdelningar, t1))

    anst = pd.concat(bilder, ignore_index=True)
    anst = anst.sort_values(["matdatum", "person_id"], kind="stable").reset_index(drop=True)
    anst = anst[[k.namn for k in ANSTALLNINGAR.kolumner if k.namn in anst.columns]]  # not the optional aid
    hand = pd.concat(handelser, ignore_index=True)
    hand["datum"] = pd.to_datetime(hand["datum"])
    hand["orsak"] = hand["orsak"].where(hand["typ"] == "avgang")
    hand["_ordning"] = (hand["typ"] == "anstallning").astype(int)
    hand = (hand.sort_values(["datum", "person_id", "_ordning"], kind="stable")
            .drop(columns="_ordning").reset_index(drop=True))
    hand = hand[[k.namn for k in HANDELSER.kolumner if k.namn in hand.columns]]
    return anst, hand
