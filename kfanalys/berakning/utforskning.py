"""Utforskning: the forward-looking computation for ONE nämnd, fast enough to follow a slider.

:func:`kfanalys.berakning.cykel.berakna_cykel` computes every table for every nämnd (about
0,7 s on the Exempelkommun). When an analyst moves a slider in ``notebooks/utforska.ipynb`` only
the forward-looking part changes, and only for the nämnd on screen. This module splits the
cycle along what each assumption touches:

- :class:`Kommununderlag` (once per kommun and cycle): the base date, the persons at the base
  date (huvudanställningar, :func:`kfanalys.modell.nulage.personbilder`), the månadsavlönade staff
  of the stock-flow, the analysed categories (``urval``), turnover (``omsattning``) and the rates
  of every group with their kommun-level fallbacks
  (:func:`kfanalys.modell.rekrytering.takt_for_grupper`, computed for the whole kommun so the
  fallbacks are the kommun's), the population forecast variants and the last projected year
  of each (computed over the whole kommun, as the cycle does);
- :class:`Utforskning` (once per nämnd): the nämnd's staff, rates and population area, the
  base scenario and the scenarios of ``kommun.yaml`` (each computed once), and a small cache
  of earlier slider settings;
- :meth:`Utforskning.berakna` (per slider change): the nämnd's framskrivning, gap, rekrytering with
  the sum rows of :func:`kfanalys.berakning.cykel.med_summor` (the nämnd's ``Totalt`` only, computed by
  :func:`namndens_summor`), and the 80 % interval of the recruitment need from
  :func:`kfanalys.modell.osakerhet.simulera` on the nämnd's groups (few runs, default
  :data:`ANTAL_KORNINGAR`; the same seed at every change, so the random draws are common to all
  settings and the interval moves smoothly with a slider instead of jumping with new noise).

  The per-change work is split along what each assumption touches, each stage cached by its own
  inputs (:data:`CACHESTORLEK` settings per stage):

  1. *framskrivning* (population variant, growth, part-time): the steps of
     :func:`kfanalys.modell.scenario.berakna_framat` up to the projection (the driver population is
     computed once per variant) and its sum rows; a pension or turnover change reuses it;
  2. *gap* (stage 1 + judgements): :func:`kfanalys.modell.gap.kvantitativt_gap`;
  3. *rekrytering* (stage 1 + pension profile + turnover factor):
     :func:`kfanalys.modell.rekrytering.rekryteringsbehov` and the simulation; a judgement reuses it.

For the nämnd's rows the tables are identical to those of ``berakna_cykel`` under the same
:class:`~kfanalys.indata.konfig.Scenario` (``tests/test_utforskning.py`` asserts it). Only the
``Totalt`` rows of the nämnd are kept; no ``Hela kommunen`` rows.

A turnover rate depends on the pension profile only when the events are derived from the
snapshots (then an external departure from the profile's first age counts as a retirement,
:mod:`kfanalys.modell.harledning`); the rates are then cached per such age.

Nothing here reads or writes a file except the population forecast of a variant
(:meth:`kfanalys.indata.register.Indata.befolkning_fran`), read once.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from kfanalys.berakning.cykel import NYCKEL, handelser, med_summor, pensionsalder
from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import BEDOMNINGAR, HELA_KOMMUNEN, TOTALT
from kfanalys.indata.konfig import Scenario
from kfanalys.modell import floden as floden_mod
from kfanalys.modell import nulage as nulage_mod
from kfanalys.modell import urval as urval_mod
from kfanalys.modell.framskrivning import drivarpopulation, framskrivning
from kfanalys.modell.gap import kvantitativt_gap
from kfanalys.modell.osakerhet import simulera
from kfanalys.modell.rekrytering import rekryteringsbehov, takt_for_grupper
from kfanalys.modell.scenario import deltidsfaktor, tillvaxt_per_kategori

#: The label of the population forecast of the data folder (no ``befolkningsfil``).
GRUNDPROGNOS = "Grundprognos"
#: The name of the explored assumptions in the scenario stack.
UTFORSKNING = "Utforskning"
#: Runs of the simulation per slider change (the report uses 1 000): enough for a stable 80 % interval
#: of a nämnd's total, and with the same seed at every change the interval follows a slider smoothly.
ANTAL_KORNINGAR = 100
#: Settings kept per nämnd and stage (moving back to an earlier setting costs nothing).
CACHESTORLEK = 64
SUMMOR = {
    "framskrivning": (["ar", "horisont"], ["antal", "arsarbetare", "behov", "behov_arsarbetare"], ()),
    "gap": (["horisont"], ["antal", "behov", "gap", "bedomt_behov", "bedomt_behov_lag", "bedomt_behov_hog"],
            ("bedomt_behov", "bedomt_behov_lag", "bedomt_behov_hog")),
    "rekrytering": (["horisont"], ["antal", "behov", "gap", "expansion", "ersattning_omsattning",
                                   "ersattning_pension", "totalt"], ()),
    "rekrytering_per_ar": (["ar", "horisont"], ["behov", "kvar", "pension", "avgangar", "rekryteringar"], ()),
}


class Utfall:
    """One nämnd's forward-looking tables under one set of assumptions (columns as in ARKITEKTUR.md):
    ``framskrivning``, ``gap``, ``rekrytering``, ``rekrytering_per_ar`` (the nämnd's categories and its
    ``Totalt``; the yearly table gets its sum rows when first read), ``rekrytering_intervall``,
    ``rekrytering_intervall_per_ar`` (the simulation; None when not simulated) and the
    :class:`~kfanalys.indata.konfig.Scenario` they were computed under."""

    def __init__(self, scenario: Scenario, framskrivning: pd.DataFrame, gap: pd.DataFrame, rekrytering: pd.DataFrame,
                 per_ar_utan_summor: pd.DataFrame, rekrytering_intervall: pd.DataFrame | None = None,
                 rekrytering_intervall_per_ar: pd.DataFrame | None = None,
                 framskrivning_utan_summor: pd.DataFrame | None = None):
        self.scenario, self.framskrivning, self.gap, self.rekrytering = scenario, framskrivning, gap, rekrytering
        self.framskrivning_utan_summor = framskrivning_utan_summor
        self.rekrytering_intervall, self.rekrytering_intervall_per_ar = rekrytering_intervall, rekrytering_intervall_per_ar
        self._per_ar = per_ar_utan_summor
        self._per_ar_summor: pd.DataFrame | None = None

    @property
    def rekrytering_per_ar(self) -> pd.DataFrame:
        if self._per_ar_summor is None:
            self._per_ar_summor = namndens_summor(self._per_ar, "rekrytering_per_ar")
        return self._per_ar_summor


def namndens_summor(df: pd.DataFrame, tabell: str) -> pd.DataFrame:
    """``df`` (one nämnd's rows of ``tabell``, no sum rows) with the nämnd's ``Totalt`` rows: the rows of
    :func:`kfanalys.berakning.cykel.med_summor` for that nämnd (same values, columns, dtypes and order;
    ``tests/test_utforskning.py`` compares them), without its ``Hela kommunen`` rows, which for one nämnd are
    not needed and cost two more groupings. A frame of several nämnder goes through ``med_summor``.

    >>> df = pd.DataFrame({"namnd": "N", "yrkeskategori": ["B", "A"], "horisont": 2, "antal": [3, 4],
    ...                    "behov": [1.0, 2.0], "gap": [2.0, 2.0], "expansion": 0.0,
    ...                    "ersattning_omsattning": 1.0, "ersattning_pension": 0.0, "totalt": [1.0, 1.5]})
    >>> namndens_summor(df, "rekrytering")[["yrkeskategori", "antal", "totalt"]].values.tolist()
    [['A', 4, 1.5], ['B', 3, 1.0], ['Totalt', 7, 2.5]]
    """
    grupper, varden, alla = SUMMOR[tabell]
    bas = df[(df["namnd"] != HELA_KOMMUNEN) & (df["yrkeskategori"] != TOTALT)]
    if bas.empty or bas["namnd"].nunique() != 1 or len(bas) != len(df):
        ut = med_summor(df, grupper, varden, alla_eller_inget=alla)
        return ut.loc[ut["namnd"] != HELA_KOMMUNEN].reset_index(drop=True)
    # the groups (one per value of the further keys, in order of appearance, as groupby(sort=False)) by numpy
    if grupper:
        nyckel = np.stack([df[k].to_numpy(dtype=np.int64) for k in grupper], axis=1)
        unika, forst, kod = np.unique(nyckel, axis=0, return_index=True, return_inverse=True)
        ordn = np.argsort(forst, kind="stable")
        kod = np.argsort(ordn)[np.asarray(kod).reshape(-1)]
        unika = unika[ordn]
    else:
        unika, kod = np.zeros((1, 0), dtype=np.int64), np.zeros(len(df), dtype=np.int64)
    n = len(unika)
    s = {"namnd": pd.Series([df["namnd"].iat[0]] * n, dtype=df["namnd"].dtype),
         **{k: unika[:, i] for i, k in enumerate(grupper)}}
    for k in varden:
        v = df[k].to_numpy()
        if v.dtype.kind in "iub":
            summa = np.zeros(n, dtype=np.int64)
            np.add.at(summa, kod, v.astype(np.int64))
            s[k] = summa
        else:
            summa = np.zeros(n)
            np.add.at(summa, kod, np.nan_to_num(v.astype(float)))  # groupby's sum skips NaN
            if k in alla:
                summa[np.bincount(kod, weights=np.isnan(v.astype(float)), minlength=n) > 0] = np.nan
            s[k] = summa
    s = pd.DataFrame(s).assign(yrkeskategori=TOTALT)
    ut = pd.concat([df, s], ignore_index=True)[list(df.columns)]
    # nulage.sortera on (namnd, yrkeskategori, *grupper) for one nämnd: Totalt last, then as sorted
    sist = ut["yrkeskategori"].eq(TOTALT).to_numpy()
    ordning = np.lexsort([ut[k].to_numpy() for k in reversed(grupper)] + [ut["yrkeskategori"].to_numpy(dtype=object),
                                                                          sist])
    return ut.iloc[ordning].reset_index(drop=True)


class Kommununderlag:
    """What every nämnd's exploration shares, computed once per kommun and cycle (see the module
    docstring). ``indata``: :class:`kfanalys.indata.register.Indata`."""

    def __init__(self, indata, cykel: int):
        self.indata = indata
        self.konfig = indata.konfig
        self.cykel = int(cykel)
        a = self.konfig.antaganden
        self.minsta = int(a.minsta_antal)
        self.horisonter = tuple(a.horisonter)
        anst = indata.anstallningar
        self.basdatum = nulage_mod.basdatum(anst, self.cykel)
        pb = nulage_mod.personbilder(anst, self.basdatum)
        bild = pb[0].loc[pb[0]["loneform"] == "manad"]
        # the stock-flow's staff, exactly as berakna_cykel builds it
        self.personal = pd.DataFrame({"namnd": bild["namnd"], "yrkeskategori": bild["yrkeskategori"],
                                      "alder": bild["alder"], "sysselsattningsgrad": bild["arsarbetare"] * 100.0})
        self.urval = urval_mod.urval(anst, self.basdatum, self.konfig, personer=pb)
        self._takt: dict[int | None, pd.DataFrame] = {}
        self._befolkning: dict[str | None, pd.DataFrame] = {}
        self._slutar: dict[str | None, int] = {}
        self.takt(a.pensionsprofil)  # the base rates now, so a slider never waits for them

    # ------------------------------------------------------------------ population variants
    @property
    def befolkningsvarianter(self) -> dict[str, str | None]:
        """Label -> ``befolkningsfil`` (None = the data folder's forecast): the base forecast first, then
        every scenario of kommun.yaml with its own population file (labelled by the scenario's name)."""
        ut: dict[str, str | None] = {GRUNDPROGNOS: None}
        for sc in self.konfig.scenarier.values():
            if sc.befolkningsfil and sc.befolkningsfil not in ut.values():
                ut[sc.namn] = sc.befolkningsfil
        return ut

    def befolkningsfil(self, variant: str | None) -> str | None:
        """The ``befolkningsfil`` of a variant given by label or file name (None or ``""``: the base forecast)."""
        if variant in (None, "", GRUNDPROGNOS):
            return None
        varianter = self.befolkningsvarianter
        if variant in varianter:
            return varianter[variant]
        if variant in varianter.values():
            return variant
        raise Berakningsfel(f'Befolkningsprognosen "{variant}" finns inte; välj en av: {", ".join(varianter)}.')

    def befolkning(self, fil: str | None) -> pd.DataFrame:
        """The population forecast of ``fil`` (None = the base forecast), read once."""
        if fil not in self._befolkning:
            self._befolkning[fil] = self.indata.befolkning if fil is None else self.indata.befolkning_fran(fil)
        return self._befolkning[fil]

    def slutar(self, fil: str | None) -> int:
        """The last projected year under forecast ``fil``: as :func:`kfanalys.modell.scenario.berakna_framat`
        sets it for the whole kommun (the end of the shortest forecast of any group, at least the
        base year plus the longest horizon), so one nämnd's projection covers the same years."""
        if fil not in self._slutar:
            grupper = self.personal[NYCKEL].drop_duplicates()
            kategorier = sorted(grupper["yrkeskategori"].unique())
            d = drivarpopulation(self.befolkning(fil), self.konfig, yrkeskategorier=kategorier)
            sista = d.merge(grupper, on=NYCKEL, how="inner").groupby(NYCKEL, observed=True)["ar"].max()
            self._slutar[fil] = max(self.cykel + max(self.horisonter), int(sista.min()) if len(sista) else self.cykel)
        return self._slutar[fil]

    # ------------------------------------------------------------------ turnover
    def takt(self, profil: dict) -> pd.DataFrame:
        """The turnover rate of every group of the kommun (:data:`kfanalys.modell.rekrytering.TAKT_KOLUMNER`)
        under pension profile ``profil``; cached (it depends on the profile only through derived events)."""
        nyckel = pensionsalder(profil) if getattr(self.indata, "handelser_harledda", False) else None
        if nyckel not in self._takt:
            anst = self.indata.anstallningar
            oms = floden_mod.omsattning(anst, handelser(self.indata, anst, profil), self.basdatum)
            self._takt[nyckel] = takt_for_grupper(self.personal[NYCKEL], oms, self.minsta)[0]
        return self._takt[nyckel]


def scenario_fran(pensionsforskjutning: int = 0, omsattningsfaktor: float = 1.0, tillvaxt: float | None = None,
                  deltid_okning: float = 0.0, befolkningsfil: str | None = None, namn: str = UTFORSKNING) -> Scenario:
    """The :class:`~kfanalys.indata.konfig.Scenario` of a slider setting (``tillvaxt`` None = kommun.yaml's own).

    >>> scenario_fran(1, 0.8).kortnamn, scenario_fran(1, 0.8).pensionsforskjutning
    ('utforskning', 1)
    """
    return Scenario(namn=namn, beskrivning="Antaganden från utforska.ipynb",
                    pensionsforskjutning=int(pensionsforskjutning), omsattningsfaktor=float(omsattningsfaktor),
                    tillvaxt=None if tillvaxt is None else float(tillvaxt), deltid_okning=float(deltid_okning),
                    befolkningsfil=befolkningsfil or None)


def _nyckel(pensionsforskjutning, omsattningsfaktor, tillvaxt, deltid_okning, fil, bed) -> tuple:
    """The cache key of a slider setting."""
    return (int(pensionsforskjutning), round(float(omsattningsfaktor), 6),
            None if tillvaxt is None else round(float(tillvaxt), 8), round(float(deltid_okning), 6), fil, tuple(bed))


def bedomningsram(namnd: str, bedomning: dict | None, horisonter) -> pd.DataFrame | None:
    """The workshop frame ``bedomningar`` (namnd, yrkeskategori, horisont, bedomning) of a dict
    {yrkeskategori: bedömning}; empty judgements are left out; None when nothing is judged.

    >>> bedomningsram("N", {"A": "mer", "B": ""}, (2, 5)).values.tolist()
    [['N', 'A', 2, 'mer'], ['N', 'A', 5, 'mer']]
    """
    par = [(y, b) for y, b in (bedomning or {}).items() if b]
    if not par:
        return None
    ogiltiga = [b for _, b in par if b not in BEDOMNINGAR]
    if ogiltiga:
        raise Berakningsfel(f'Bedömningen "{ogiltiga[0]}" finns inte; välj en av: {", ".join(BEDOMNINGAR)}.')
    return pd.DataFrame([{"namnd": namnd, "yrkeskategori": y, "horisont": int(h), "bedomning": b}
                         for y, b in par for h in horisonter],
                        columns=["namnd", "yrkeskategori", "horisont", "bedomning"])


class Utforskning:
    """One nämnd's forecast under changing assumptions (see the module docstring).

    ``indata``: :class:`kfanalys.indata.register.Indata`; ``namnd``: namn or kortnamn;
    ``kommun``: a :class:`Kommununderlag` of the same indata and cycle to share (built if None);
    ``antal_korningar``/``seed``: the simulation of the interval.
    """

    def __init__(self, indata, cykel: int, namnd: str, kommun: Kommununderlag | None = None,
                 antal_korningar: int = ANTAL_KORNINGAR, seed: int = 2025):
        self.kommun = kommun if kommun is not None else Kommununderlag(indata, cykel)
        k = self.kommun
        if k.indata is not indata or k.cykel != int(cykel):
            raise Berakningsfel("Kommununderlaget gäller andra indata eller en annan cykel.")
        self.indata, self.cykel, self.konfig = indata, int(cykel), indata.konfig
        nd = self.konfig.namnd(namnd)
        self.namnd = nd.namn
        self.omrade = nd.omrade
        self.horisonter = k.horisonter
        self.minsta = k.minsta
        self.antal_korningar, self.seed = int(antal_korningar), int(seed)
        self.personal = k.personal.loc[k.personal["namnd"] == self.namnd].reset_index(drop=True)
        if self.personal.empty:
            raise Berakningsfel(f"{self.namnd} har inga månadsavlönade anställda vid basdatum "
                                f"{k.basdatum.date().isoformat()}; det finns inget att räkna fram.")
        # the projection needs only this nämnd's area: a kommun.yaml with this nämnd alone
        self._konfig_namnd = dataclasses.replace(self.konfig, namnder=(nd,))
        self.urval = k.urval.loc[k.urval["namnd"] == self.namnd].reset_index(drop=True)
        self._befolkning: dict[str | None, pd.DataFrame] = {}
        # what the projection starts from (as berakna_framat builds it): N and årsarbetare per category
        bas = self.personal.assign(antal=1.0, arsarbetare=self.personal["sysselsattningsgrad"].astype(float) / 100.0
                                   ).groupby(NYCKEL, as_index=False, observed=True)[["antal", "arsarbetare"]].sum()
        bas["antal"] = bas["antal"].astype(np.int64)
        self._grund = bas
        # the staff by age (persons as ``antal``): the stock-flow and the simulation count the same persons
        # per (group, age) as from one row per person, from far fewer rows
        self._per_alder = (self.personal.groupby([*NYCKEL, "alder"], observed=True).size()
                           .rename("antal").reset_index())
        self._kategorier = sorted(bas["yrkeskategori"].unique())
        self._drivare: dict = {}  # per variant: the driver population, the projection without growth
        self._takt: dict[tuple, pd.DataFrame] = {}
        # the stages of a change (module docstring), each cached by its own inputs
        self._steg: dict[str, dict[tuple, object]] = {"framskrivning": {}, "gap": {}, "rekrytering": {}}
        #: How often each stage was computed (not taken from its cache), for tests and the benchmark.
        self.rakningar = {"framskrivning": 0, "gap": 0, "rekrytering": 0, "simulering": 0}
        self._cache: dict[tuple, Utfall] = {}
        self.bas = self.berakna_scenario(self.konfig.scenario("bas"))
        # the sliders' starting point is the base scenario: its tables, under the exploration's name
        b = self.bas
        self._spara(_nyckel(0, 1.0, None, 0.0, None, ()),
                    Utfall(scenario_fran(), b.framskrivning, b.gap, b.rekrytering, b._per_ar, b.rekrytering_intervall,
                           b.rekrytering_intervall_per_ar, b.framskrivning_utan_summor))
        # the configured scenarios: computed once (they do not move with the sliders)
        self.scenarier = {sc.namn: self.berakna_scenario(sc, simulera_intervall=False)
                          for sc in self.konfig.scenarier.values()}

    @property
    def yrkeskategorier(self) -> list[str]:
        """The nämnd's analysed yrkeskategorier (urval.csv), largest first: those a judgement can be made for."""
        return list(self.urval["yrkeskategori"])

    @property
    def befolkningsvarianter(self) -> list[str]:
        """The labels of the population forecasts to choose from (:attr:`Kommununderlag.befolkningsvarianter`)."""
        return list(self.kommun.befolkningsvarianter)

    def _befolkning_namnd(self, fil: str | None) -> pd.DataFrame:
        if fil not in self._befolkning:
            bef = self.kommun.befolkning(fil)
            self._befolkning[fil] = bef.loc[bef["omrade"] == self.omrade].reset_index(drop=True)
        return self._befolkning[fil]

    # ------------------------------------------------------------------ the stages of a change
    def _minns(self, steg: str, nyckel: tuple, rakna):
        """The value of stage ``steg`` for ``nyckel``, computed by ``rakna()`` only when not cached."""
        cache = self._steg[steg]
        if nyckel not in cache:
            if len(cache) >= CACHESTORLEK:
                cache.pop(next(iter(cache)))
            cache[nyckel] = rakna()
            self.rakningar[steg] += 1
        return cache[nyckel]

    def _drivarna(self, fil: str | None) -> pd.DataFrame:
        """The driver population of the nämnd's categories under forecast ``fil`` (once per variant)."""
        if fil not in self._drivare:
            d = drivarpopulation(self._befolkning_namnd(fil), self._konfig_namnd, yrkeskategorier=self._kategorier)
            self._drivare[fil] = d.merge(self._grund[NYCKEL], on=NYCKEL, how="inner")
        return self._drivare[fil]

    def _utan_tillvaxt(self, fil: str | None) -> pd.DataFrame:
        """:func:`kfanalys.modell.framskrivning.framskrivning` of the nämnd under forecast ``fil`` without growth
        (once per variant; it also checks the forecast): the driver index the growth is applied to."""
        nyckel = ("utan_tillvaxt", fil)
        if nyckel not in self._drivare:
            self._drivare[nyckel] = framskrivning(self._grund, self._drivarna(fil), self.cykel,
                                                  self.kommun.slutar(fil), 0.0)
        return self._drivare[nyckel]

    def _takten(self, profil: dict) -> pd.DataFrame:
        """The nämnd's turnover rates under pension profile ``profil``."""
        nyckel = tuple(sorted(profil.items()))
        if nyckel not in self._takt:
            t = self.kommun.takt(profil)
            self._takt[nyckel] = t.loc[t["namnd"] == self.namnd].reset_index(drop=True)
        return self._takt[nyckel]

    @staticmethod
    def _fram_nyckel(sc: Scenario) -> tuple:
        return (sc.befolkningsfil or None, None if sc.tillvaxt is None else round(float(sc.tillvaxt), 8),
                round(float(sc.deltid_okning), 6))

    def _framskrivning(self, sc: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Stage 1: the projection under ``sc`` without and with the nämnd's sum rows. The steps of
        :func:`kfanalys.modell.scenario.berakna_framat` up to the gap, on the nämnd's rows."""
        def rakna():
            fil = sc.befolkningsfil or None
            fram = self._utan_tillvaxt(fil).copy()
            # the growth as kfanalys.modell.framskrivning.framskrivning applies it (the same operations, so
            # the same numbers): behov = antal x D(h)/D(0) x (1+g)^h; the driver index is computed once
            g = fram["yrkeskategori"].map(tillvaxt_per_kategori(self._konfig_namnd, self._kategorier, sc)
                                          ).astype(float).fillna(0.0)
            faktor = fram["drivare_index"] * (1.0 + g) ** fram["horisont"]
            fram["behov"] = fram["antal"] * faktor
            fram["behov_arsarbetare"] = fram["arsarbetare"] * faktor
            if sc.deltid_okning:
                f = deltidsfaktor(self.personal, sc.deltid_okning)
                fram = fram.merge(f, on=NYCKEL, how="left")
                fram["behov"] = fram["behov"] * np.where(fram["horisont"] >= 1, fram["faktor"].fillna(1.0), 1.0)
                fram = fram.drop(columns="faktor")
            return fram, namndens_summor(fram, "framskrivning")
        return self._minns("framskrivning", self._fram_nyckel(sc), rakna)

    def _gap(self, sc: Scenario, bedomningar: pd.DataFrame | None, bed: tuple = ()) -> pd.DataFrame:
        """Stage 2: the gap (with sum rows) under ``sc`` and the judgements (``bed``: their cache key)."""
        fram, _ = self._framskrivning(sc)

        def rakna():
            return namndens_summor(kvantitativt_gap(fram, self.horisonter, bedomningar), "gap")
        if bedomningar is not None and not bed:  # a frame from outside, without a key: not cached
            self.rakningar["gap"] += 1
            return rakna()
        return self._minns("gap", (self._fram_nyckel(sc), bed), rakna)

    def _rekrytering(self, sc: Scenario, simulera_intervall: bool):
        """Stage 3: (rekrytering with sum rows, rekrytering_per_ar without, interval, interval per year)."""
        a = self.konfig.med_antaganden(sc)
        profil = dict(a.pensionsprofil)
        nyckel = (self._fram_nyckel(sc), tuple(sorted(profil.items())), round(float(sc.omsattningsfaktor), 6))
        fram, _ = self._framskrivning(sc)
        takt = self._takten(profil)

        def rakna():
            rek, per_ar = rekryteringsbehov(self._per_alder, fram[fram["horisont"] >= 1], takt,
                                            profil, tuple(a.horisonter), sc.omsattningsfaktor, basar=self.cykel)
            return [namndens_summor(rek, "rekrytering"), per_ar, None, None]

        ut = self._minns("rekrytering", nyckel, rakna)
        if simulera_intervall and ut[2] is None:
            sim = simulera(self._per_alder,
                           fram.loc[fram["horisont"] >= 1, [*NYCKEL, "ar", "horisont", "behov"]].reset_index(drop=True),
                           takt, profil, horisonter=self.horisonter, antal_korningar=self.antal_korningar,
                           seed=self.seed, omsattningsfaktor=float(sc.omsattningsfaktor), summor=True,
                           basar=self.cykel)
            ut[2] = sim.rekrytering.loc[sim.rekrytering["namnd"] != HELA_KOMMUNEN].reset_index(drop=True)
            ut[3] = sim.per_ar.loc[sim.per_ar["namnd"] != HELA_KOMMUNEN].reset_index(drop=True)
            self.rakningar["simulering"] += 1
        return ut

    def berakna_scenario(self, sc: Scenario, bedomningar: pd.DataFrame | None = None,
                         simulera_intervall: bool = True, bedomningsnyckel: tuple = ()) -> Utfall:
        """The nämnd's tables under ``sc`` (and the workshop frame ``bedomningar``, or None); each stage
        taken from its cache when its inputs were computed before. ``bedomningsnyckel``: what identifies
        ``bedomningar`` in the cache (the sorted (yrkeskategori, bedömning) pairs); without it a given frame
        is not cached. ``simulera_intervall=False``: no simulation (the interval tables are None)."""
        fram, fram_summor = self._framskrivning(sc)
        gap = self._gap(sc, bedomningar, bedomningsnyckel)
        rek, per_ar, iv, iv_ar = self._rekrytering(sc, simulera_intervall)
        return Utfall(sc, fram_summor, gap, rek, per_ar, iv if simulera_intervall else None,
                      iv_ar if simulera_intervall else None, fram)

    def berakna(self, pensionsforskjutning: int = 0, omsattningsfaktor: float = 1.0, tillvaxt: float | None = None,
                deltid_okning: float = 0.0, befolkningsvariant: str | None = None,
                bedomning: dict | None = None) -> Utfall:
        """The nämnd's framskrivning, gap, rekrytering and the interval of the recruitment need under the
        slider setting: ``pensionsforskjutning`` (years, shifts the pension profile), ``omsattningsfaktor``
        (times the turnover rate), ``tillvaxt`` (non-demographic growth per year as a fraction; None =
        kommun.yaml's), ``deltid_okning`` (percentage points), ``befolkningsvariant`` (a label of
        :attr:`befolkningsvarianter` or a file name; None = the base forecast) and ``bedomning``
        ({yrkeskategori: "mycket mindre" ... "mycket mer"}, the judgement at every horizon)."""
        fil = self.kommun.befolkningsfil(befolkningsvariant)
        bed = tuple(sorted((y, b) for y, b in (bedomning or {}).items() if b))
        nyckel = _nyckel(pensionsforskjutning, omsattningsfaktor, tillvaxt, deltid_okning, fil, bed)
        if nyckel not in self._cache:
            sc = scenario_fran(pensionsforskjutning, omsattningsfaktor, tillvaxt, deltid_okning, fil)
            ram = bedomningsram(self.namnd, dict(bed), self.horisonter) if bed else None
            self._spara(nyckel, self.berakna_scenario(sc, ram, bedomningsnyckel=bed))
        return self._cache[nyckel]

    def _spara(self, nyckel: tuple, utfall: Utfall) -> None:
        if len(self._cache) >= CACHESTORLEK:
            self._cache.pop(next(iter(self._cache)))
        self._cache[nyckel] = utfall

    def scenariostack(self, utfall: Utfall | None = None) -> dict[str, pd.DataFrame]:
        """gap and rekrytering stacked per scenario with a first column ``scenario`` (as
        :func:`kfanalys.berakning.orkestrering.kor_scenarier`): ``bas``, the scenarios of kommun.yaml and,
        if given, ``utfall`` (under its scenario's name, :data:`UTFORSKNING`)."""
        delar = [("bas", self.bas), *self.scenarier.items()] + ([(utfall.scenario.namn, utfall)] if utfall else [])
        ut = {}
        for tabell in ("gap", "rekrytering"):
            df = pd.concat([getattr(u, tabell).assign(scenario=namn) for namn, u in delar], ignore_index=True)
            ut[tabell] = df[["scenario", *[c for c in df.columns if c != "scenario"]]]
        return ut


__all__ = ["ANTAL_KORNINGAR", "GRUNDPROGNOS", "TOTALT", "UTFORSKNING", "Kommununderlag", "Utfall", "Utforskning",
           "bedomningsram", "namndens_summor", "scenario_fran"]
