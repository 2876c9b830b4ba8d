"""Benchmark: the rolling-origin backtest before and after the turnover model (issue 14), on two kommuner.

For each kommun the script writes the data folder into a temporary directory (never data/raw),
reads it with :func:`kfanalys.indata.register.las_indata` and runs
:func:`kfanalys.berakning.rullande.backtest_rullande` for the latest cycle twice:

- **gammal modell**: the simulation as before issue 14, a fixed turnover rate per group (its
  Jeffreys posterior drawn once per run, ``parameterosakerhet=True``). ``orkestrering.backtest``
  has no switch for the turnover model, so while this run lasts the script replaces
  ``kfanalys.berakning.orkestrering.simulera_resultat`` by
  ``functools.partial(simulera_resultat, omsattningsmodell=False)`` (restored afterwards);
- **ny modell**: the default, ``omsattningsmodell=True`` (beta-binomial year-to-year variation
  and partial pooling, :mod:`kfanalys.modell.omsattningsmodell`).

It prints per nämnd and ``Hela kommunen``: the coverage of the 80 % interval of the yearly
recruitments with n (group-years) and its 95 % Wilson interval, MAPE of headcount and of
recruitments, the number of origins, the time of each run; then where each model's interval
misses (actual recruitments above or below it, by group size; per origin), the new model's misses by
the group's net internal moves between yrkeskategorier (a diagnostic computed from the whole
register), and the turnover model's estimated year-to-year variation at the latest origin. The
point forecast (the deterministic stock-flow) does not use the turnover model, so MAPE is the same
for both runs; only the interval changes.

The two kommuner:

(a) **Exempelkommun**: :func:`kfanalys.exempel.kommun.skriv_exempelkommun` with seed 2025, as
    shipped: 6 nämnder, ~12 000 persons, 5 yearly snapshots 2021-2025, and a FIXED departure
    rate per yrkeskategori (the same every year). Latest cycle 2025; origins 2022 and 2023 (2021
    has no snapshot a year before it, so no turnover rate).

(b) **Småstad** (our own, built by the same generator with its parameters monkeypatched inside
    this script only; nothing in kfanalys/exempel is edited). It differs from (a) in exactly this:

    - 4 nämnder instead of 6: Vård- och omsorgsnämnden (headcounts x 0,35),
      Arbetsmarknads- och socialnämnden (x 0,6), Funktionsstödsnämnden (x 0,45) and
      Kommunstyrelsen (x 0,7); every yrkeskategori's 2021 headcount scaled by that factor and
      rounded, at least 3. About 2 850-3 150 persons; many small groups. Internal moves between
      categories only within these nämnder (the generator's list, filtered);
    - departure rates that vary from year to year: every year (snapshot interval) and nämnd
      draws a shock factor f = exp(z - 0,25^2/2), z ~ N(0; 0,25) (lognormal, sd 0,25 on the log
      scale, mean 1), and every category's yearly departure probability (excluding pensions,
      tillsvidare and visstid alike; timavlönade keep their 45 %) is its parameter x f, capped at
      0,95. The factors come from their own random stream (seed [seed, 14]), so the generator's
      stream is untouched; implemented by wrapping the generator's cell table so that the
      ``avgang`` array it hands the yearly loop is rescaled in place at each snapshot
      (``_ogonblicksbild`` is wrapped to do that);
    - 7 yearly snapshots, 1 November 2021-2027 (the generator's ``MATAR``); latest cycle 2027,
      origins 2022-2025 (four of them, with one to four yearly turnover periods each);
    - 45 000 inhabitants in 2021 instead of 148 000 (the age profile and its trends as in (a));
      kommun name ``Småstad``; seed 1414 (``--smastad-seed``); no workshop workbooks (the backtest uses none; also
      left out for (a)).

    .venv/bin/python benchmarks/backtest.py [--korningar 1000] [--seed 2025] [--smastad-seed 1414]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SMASTAD = "Småstad"
SMASTAD_SEED = 1414
SMASTAD_MATAR = tuple(range(2021, 2028))
SMASTAD_SKALA = {"vard_omsorg": 0.35, "arbetsmarknad_social": 0.6, "funktionsstod": 0.45, "kommunstyrelsen": 0.7}
SMASTAD_INVANARE = 45_000
CHOCK_SD = 0.25
MAX_TAKT = 0.95
STORLEKAR = ((0, 20, "5-19"), (20, 100, "20-99"), (100, 10**9, "100 eller fler"))


# ---------------------------------------------------------------------------------------------- kommun (b)

class _Kolumn:
    """Stands in for the cell table's ``avgang`` column: ``to_numpy()`` hands out one shared array."""

    def __init__(self, varden: np.ndarray):
        self._varden = varden

    def to_numpy(self) -> np.ndarray:
        return self._varden


class _CellerMedChock:
    """The generator's cell table, except that ``["avgang"]`` is the shared array rescaled each year."""

    def __init__(self, celler: pd.DataFrame, avgang: np.ndarray):
        self._celler, self.avgang_delad = celler, avgang

    def __getitem__(self, nyckel):
        return _Kolumn(self.avgang_delad) if nyckel == "avgang" else self._celler[nyckel]

    def __len__(self) -> int:
        return len(self._celler)

    def __getattr__(self, namn):
        return getattr(self._celler, namn)


@contextlib.contextmanager
def _patchat(andringar: dict[object, dict[str, object]]):
    """Set module attributes for the duration of the block, then restore them.

    >>> import types
    >>> m = types.ModuleType("m")
    >>> m.x = 1
    >>> with _patchat({m: {"x": 2}}):
    ...     m.x
    2
    >>> m.x
    1
    """
    gamla = [(m, k, getattr(m, k)) for m, d in andringar.items() for k in d]
    try:
        for m, d in andringar.items():
            for k, v in d.items():
                setattr(m, k, v)
        yield
    finally:
        for m, k, v in reversed(gamla):
            setattr(m, k, v)


def _smastad_parametrar() -> tuple[tuple[dict, ...], dict[str, tuple], tuple]:
    """The nämnder, cells (scaled headcounts) and internal moves of Småstad."""
    from kfanalys.exempel import parametrar as par

    namnder = tuple(n for n in par.NAMNDER if n["kortnamn"] in SMASTAD_SKALA)
    celler = {k: tuple((c[0], max(3, int(round(c[1] * SMASTAD_SKALA[k]))), *c[2:]) for c in par.CELLER[k])
              for k in SMASTAD_SKALA}
    byten = tuple(b for b in par.INTERNA_BYTEN if b[0] in SMASTAD_SKALA)
    return namnder, celler, byten


def skriv_smastad(mapp: Path, seed: int = SMASTAD_SEED) -> tuple[Path, pd.DataFrame]:
    """Write kommun (b) into ``mapp``; returns the folder and the shock factors drawn (namnd, ar, faktor).

    The generator's parameters are patched only while it runs:

    >>> import tempfile
    >>> from kfanalys.exempel import personal
    >>> from kfanalys.indata.register import las_indata
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     mapp, faktorer = skriv_smastad(Path(tmp) / "b")
    ...     a = las_indata(mapp).anstallningar
    >>> sorted(a["matdatum"].dt.year.unique().tolist()), a["namnd"].nunique(), len(faktorer)
    ([2021, 2022, 2023, 2024, 2025, 2026, 2027], 4, 24)
    >>> personal.MATAR, len(personal.NAMNDER), personal._celltabell.__name__
    ((2021, 2022, 2023, 2024, 2025), 6, '_celltabell')
    """
    from kfanalys.exempel import anstallningar, befolkning, kommun, parametrar, personal

    namnder, celler, byten = _smastad_parametrar()
    chock_rng = np.random.default_rng([seed, 14])
    z = chock_rng.normal(0.0, CHOCK_SD, (len(SMASTAD_MATAR), len(namnder)))
    chock = np.exp(z - CHOCK_SD ** 2 / 2)  # row i: departures in (snapshot i-1, snapshot i]; row 0 unused
    enhetsnamn = np.array([[m.format(s=s) if isinstance(m, str) else m[j % len(m)]
                            for j, s in enumerate(parametrar.STAMMAR)]
                           for n in namnder for m in n["avdelningar"].values()], dtype=object)
    orig_celltabell, orig_bild = personal._celltabell, personal._ogonblicksbild
    tabell: dict[str, object] = {}

    def celltabell():
        c = orig_celltabell()
        tabell["bas"] = c["avgang"].to_numpy().copy()
        tabell["ni"] = c["ni"].to_numpy()
        tabell["c"] = _CellerMedChock(c, tabell["bas"].copy())
        return tabell["c"]

    def ogonblicksbild(p, c, avdelningar, datum):
        bild = orig_bild(p, c._celler if isinstance(c, _CellerMedChock) else c, avdelningar, datum)
        i = SMASTAD_MATAR.index(int(str(datum)[:4])) + 1  # the year that starts at this snapshot
        if i < len(SMASTAD_MATAR):
            c.avgang_delad[:] = np.minimum(tabell["bas"] * chock[i, tabell["ni"]], MAX_TAKT)
        return bild

    gemensamt = dict(NAMNDER=namnder, CELLER=celler, MATAR=SMASTAD_MATAR, KOMMUN=SMASTAD)
    andringar = {
        parametrar: {**gemensamt, "INTERNA_BYTEN": byten, "INVANARE_2021": SMASTAD_INVANARE},
        personal: {"NAMNDER": namnder, "CELLER": celler, "MATAR": SMASTAD_MATAR, "INTERNA_BYTEN": byten,
                   "_ENHETSNAMN": enhetsnamn, "_celltabell": celltabell, "_ogonblicksbild": ogonblicksbild},
        kommun: {"NAMNDER": namnder, "CELLER": celler, "KOMMUN": SMASTAD},
        befolkning: {"MATAR": SMASTAD_MATAR, "KOMMUN": SMASTAD, "INVANARE_2021": SMASTAD_INVANARE},
        anstallningar: {"NAMNDER": namnder, "CELLER": celler, "MATAR": SMASTAD_MATAR,
                        "_DATUM": pd.to_datetime([f"{ar}-11-01" for ar in SMASTAD_MATAR])},
    }
    with _patchat(andringar):
        kommun.skriv_exempelkommun(mapp, seed=seed, med_underlag=False)
    faktorer = pd.DataFrame({"namnd": np.tile([n["namn"] for n in namnder], len(SMASTAD_MATAR) - 1),
                             "ar": np.repeat(SMASTAD_MATAR[1:], len(namnder)),
                             "faktor": chock[1:].ravel()})
    return mapp, faktorer


# ---------------------------------------------------------------------------------------------- the runs

def kor_backtest(indata, till_cykel: int, ny_modell: bool, korningar: int, seed: int):
    """:func:`backtest_rullande` with the new turnover model, or (``ny_modell=False``) with the old fixed rate."""
    from kfanalys.berakning import orkestrering
    from kfanalys.berakning.rullande import backtest_rullande

    ersattning = {} if ny_modell else {
        orkestrering: {"simulera_resultat": functools.partial(orkestrering.simulera_resultat,
                                                              omsattningsmodell=False)}}
    t0 = time.perf_counter()
    with _patchat(ersattning):
        bt = backtest_rullande(indata, till_cykel, antal_korningar=korningar, seed=seed)
    return bt, time.perf_counter() - t0


def _kolumner(rader: list[list[str]], rubriker: list[str]) -> str:
    bredd = [max(len(r[i]) for r in [rubriker, *rader]) for i in range(len(rubriker))]

    def linje(r: list[str]) -> str:
        return "  ".join(v.ljust(b) if i == 0 else v.rjust(b) for i, (v, b) in enumerate(zip(r, bredd)))

    return "\n".join([linje(rubriker), "  ".join("-" * b for b in bredd), *(linje(r) for r in rader)])


def tabell_sammanfattning(korningar: dict[str, tuple]) -> str:
    """One row per nämnd and model: coverage (n, Wilson), MAPE, origins, time."""
    from kfanalys.grund.talformat import fmt_procent, fmt_tal

    rader = []
    gammal = korningar["gammal"][0].sammanfattning
    for namnd in gammal["namnd"]:
        for modell, (bt, sek) in korningar.items():
            r = bt.sammanfattning.set_index("namnd").loc[namnd]
            wilson = fmt_procent(r["andel_inom_intervall_lag"]) + "–" + fmt_procent(r["andel_inom_intervall_hog"])
            rader.append([namnd if modell == "gammal" else "", f"{modell} modell",
                          fmt_procent(r["andel_inom_intervall"]), fmt_tal(r["jamforelser_intervall"]), wilson,
                          fmt_procent(r["mape_antal"]), fmt_procent(r["mape_rekryteringar"]),
                          fmt_tal(r["antal_ursprung"])])
    rubriker = ["Nämnd", "Modell", "Täckning 80 %", "n", "Wilson 95 %", "MAPE antal", "MAPE rekryteringar",
                "Ursprung"]
    tider = "; ".join(f"{m} modell {fmt_tal(sek, 1)} s" for m, (_, sek) in korningar.items())
    return _kolumner(rader, rubriker) + f"\nTid för backtest_rullande: {tider}"


def tabell_missar(bt, minsta: int) -> str:
    """Where the interval misses: actual recruitments above / below it, by group size (scored rows only)."""
    from kfanalys.grund.talformat import fmt_procent, fmt_tal

    pg = bt.per_grupp
    pg = pg[pg["faktiskt_antal"] >= minsta]
    over = pg["faktiska_rekryteringar"] > pg["rekryteringar_hog"]
    under = pg["faktiska_rekryteringar"] < pg["rekryteringar_lag"]
    bredd = (pg["rekryteringar_hog"] - pg["rekryteringar_lag"]) / pg["prognos_rekryteringar"].where(
        pg["prognos_rekryteringar"] > 0)
    rader = []
    for lag, hog, namn in (*STORLEKAR, (0, 10**9, "alla")):
        m = (pg["faktiskt_antal"] >= lag) & (pg["faktiskt_antal"] < hog)
        n = int(m.sum())
        rader.append([namn, fmt_tal(n), fmt_procent(pg.loc[m, "inom_intervall"].mean() if n else np.nan),
                      fmt_procent(over[m].mean() if n else np.nan), fmt_procent(under[m].mean() if n else np.nan),
                      fmt_procent(bredd[m].median() if n else np.nan)])
    per_ursprung = pg.assign(over=over, under=under).groupby("fran_cykel")
    ursprung = "; ".join(f"{int(f)}: {fmt_procent(d['inom_intervall'].mean())} inom, "
                         f"{fmt_procent(d['over'].mean())} över, {fmt_procent(d['under'].mean())} under (n = {len(d)})"
                         for f, d in per_ursprung)
    return (_kolumner(rader, ["Gruppstorlek (faktiskt antal)", "n", "Inom", "Över intervallet",
                              "Under intervallet", "Intervallbredd/prognos (median)"])
            + f"\nPer ursprung: {ursprung}")


INTERN_GRANS = 0.02  # internal moves per year / headcount that mark a group as a net giver or taker


def interna_netto(indata) -> pd.DataFrame:
    """Per (namnd, yrkeskategori): net internal moves (moves to another category of the same
    förvaltning, ``motpart == "inom_forvaltning"``) per year as a share of the mean headcount over
    the snapshots: positive = the group loses staff internally. A diagnostic over the whole register
    (outcome included); the forecast never sees it."""
    h = indata.handelser
    h = h[h["motpart"] == "inom_forvaltning"]
    sign = np.where(h["typ"] == "avgang", 1.0, -1.0)
    netto = pd.Series(sign, index=pd.MultiIndex.from_frame(h[["namnd", "yrkeskategori"]])).groupby(level=[0, 1]).sum()
    a = indata.anstallningar
    a = a[a["loneform"] == "manad"]
    antal = a.groupby(["matdatum", "namnd", "yrkeskategori"])["person_id"].nunique().groupby(level=[1, 2]).mean()
    ar = max(1, a["matdatum"].nunique() - 1)
    return (netto.reindex(antal.index, fill_value=0.0) / ar / antal).rename("netto_ut").reset_index()


def tabell_interna(bt, indata, minsta: int) -> str:
    """Coverage and bias of the recruitments by the group's net internal moves (:func:`interna_netto`)."""
    from kfanalys.grund.talformat import fmt_procent, fmt_tal

    pg = bt.per_grupp
    pg = pg[pg["faktiskt_antal"] >= minsta].merge(interna_netto(indata), on=["namnd", "yrkeskategori"], how="left")
    netto = pg["netto_ut"].fillna(0.0)
    klass = np.where(netto >= INTERN_GRANS, "lämnar netto till andra kategorier",
                     np.where(netto <= -INTERN_GRANS, "tar emot netto från andra kategorier", "övriga"))
    rader = []
    for namn in ("lämnar netto till andra kategorier", "tar emot netto från andra kategorier", "övriga"):
        d = pg[klass == namn]
        if len(d):
            rader.append([namn, fmt_tal(len(d)), fmt_procent(d["inom_intervall"].mean()),
                          fmt_procent((d["faktiska_rekryteringar"] > d["rekryteringar_hog"]).mean()),
                          fmt_procent((d["faktiska_rekryteringar"] < d["rekryteringar_lag"]).mean()),
                          fmt_tal(d["faktiska_rekryteringar"].sum() / d["prognos_rekryteringar"].sum(), 2)])
    return _kolumner(rader, [f"Interna byten (gräns {fmt_procent(INTERN_GRANS, 0)} per år)", "n", "Inom",
                             "Över intervallet", "Under intervallet", "Faktiska/prognos rekryteringar"])


def modell_meta(indata, cykel: int) -> str:
    """The turnover model estimated at origin ``cykel`` (from the register cut at its base date)."""
    from kfanalys.berakning.cykel import berakna_cykel
    from kfanalys.berakning.orkestrering import register_till
    from kfanalys.grund.talformat import fmt_tal
    from kfanalys.modell import nulage

    bas = pd.Timestamp(nulage.basdatum(indata.anstallningar, cykel))
    meta = berakna_cykel(register_till(indata, bas), cykel).stockflode.omsattningsmodell.meta
    rho = meta.get("rho")
    return (f"Omsättningsmodellen vid ursprung {cykel}: {meta.get('antal_ar')} årsperioder, "
            f"rho (andel av årsvariansen utöver slumpen) = {fmt_tal(rho, 4) if rho is not None else '–'}, "
            f"kappa = {fmt_tal(meta.get('kappa'), 1)}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--korningar", type=int, default=1000)
    p.add_argument("--seed", type=int, default=2025, help="the simulation's seed")
    p.add_argument("--smastad-seed", type=int, default=SMASTAD_SEED, help="the generator's seed of kommun (b)")
    args = p.parse_args()

    from kfanalys.exempel import kommun as exempel
    from kfanalys.grund.talformat import fmt_tal
    from kfanalys.indata import register

    with tempfile.TemporaryDirectory(prefix="kfanalys-backtest-") as tmp:
        t0 = time.perf_counter()
        mapp_a = exempel.skriv_exempelkommun(Path(tmp) / "exempelkommun", seed=2025, med_underlag=False)
        mapp_b, faktorer = skriv_smastad(Path(tmp) / "smastad", seed=args.smastad_seed)
        print(f"Datamapparna skrivna på {fmt_tal(time.perf_counter() - t0, 1)} s")
        for namn, mapp in (("Exempelkommun (a)", mapp_a), (f"{SMASTAD} (b)", mapp_b)):
            indata = register.las_indata(mapp)
            anst = indata.anstallningar
            ar = sorted(anst["matdatum"].dt.year.unique().tolist())
            cykel = int(ar[-1])
            personer = anst.loc[anst["matdatum"].dt.year == cykel, "person_id"].nunique()
            print(f"\n=== {namn}: {len(ar)} ögonblicksbilder {ar[0]}-{ar[-1]}, "
                  f"{anst['namnd'].nunique()} nämnder, {fmt_tal(personer)} personer {cykel}; "
                  f"backtest för cykel {cykel}, {fmt_tal(args.korningar)} körningar per ursprung ===")
            if mapp == mapp_b:
                f = faktorer.pivot(index="namnd", columns="ar", values="faktor")
                print("Årlig chockfaktor för avgångarna per nämnd (år = perioden som slutar 1 november):")
                print(_kolumner([[n, *(fmt_tal(v, 2) for v in rad)] for n, rad in f.iterrows()],
                                ["Nämnd", *(str(a) for a in f.columns)]))
            korningar = {"gammal": kor_backtest(indata, cykel, False, args.korningar, args.seed),
                         "ny": kor_backtest(indata, cykel, True, args.korningar, args.seed)}
            print(f"Ursprung: {', '.join(str(c) for c in korningar['ny'][0].fran_cykler)}")
            print(tabell_sammanfattning(korningar))
            minsta = korningar["ny"][0].minsta_antal
            for modell in ("gammal", "ny"):
                print(f"\nMissar, {modell} modell (grupper med minst {minsta} anställda):")
                print(tabell_missar(korningar[modell][0], minsta))
            print("\nMissar, ny modell, efter gruppens interna byten mellan yrkeskategorier:")
            print(tabell_interna(korningar["ny"][0], indata, minsta))
            print(modell_meta(indata, max(korningar["ny"][0].fran_cykler)))


if __name__ == "__main__":
    main()
