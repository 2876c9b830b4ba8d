"""Benchmark (run by hand, not in the tests): validating a Stockholm-size HR export as it comes.

    .venv/bin/python benchmarks/validering.py [--rader 200000] [--namnder 20] [--mapp DIR]

Generates directly with numpy (synthetic): ``--rader`` employment rows over five yearly
snapshots (1 Nov 2021-2025), about 6 % of the persons with two employments at a snapshot,
written the way an HR system exports it: no yrkeskategori column (``befattningar.csv`` maps
about 150 befattningar to the kommun's 15 yrkeskategorier), matdatum as Excel serial numbers,
sysselsattningsgrad as fractions (``0,875``) and blank for timavlönade, kon ``Kvinna``/``Man``,
loneform ``Månadsavlönad``/``Timavlönad``, anstallningsform ``Tillsvidareanställd``/``Visstid``,
chef ``Ja``/``Nej``; plus hires/departures and a population forecast per nämnd. Then prints the
time to READ the files (``filer.las_ra``: parsing the CSVs to text cells) and to VALIDATE
(the rest of ``register.las_indata``: typing, conversions, mapping, cross-checks), and the
same for a copy with 5 % faulty kön values (``las_indata`` raising, the grouped lines and
``valideringsfel.xlsx``). Target: validation <= 10 s.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

KATEGORIER = [  # namn, drivare, share of staff, chef
    ("Förskollärare", {"typ": "alder", "fran": 1, "till": 5}, 0.10, False),
    ("Barnskötare", {"typ": "alder", "fran": 1, "till": 5}, 0.08, False),
    ("Lärare", {"typ": "alder", "fran": 6, "till": 15}, 0.14, False),
    ("Elevassistent", {"typ": "alder", "fran": 6, "till": 15}, 0.04, False),
    ("Undersköterska", {"typ": "alder", "fran": 80, "till": 100}, 0.15, False),
    ("Vårdbiträde", {"typ": "alder", "fran": 80, "till": 100}, 0.08, False),
    ("Sjuksköterska", {"typ": "alder", "fran": 65, "till": 100}, 0.04, False),
    ("Personlig assistent", {"typ": "total"}, 0.06, False),
    ("Socialsekreterare", {"typ": "alder", "fran": 0, "till": 20}, 0.05, False),
    ("Handläggare", {"typ": "total"}, 0.05, False),
    ("Administratör", {"typ": "total"}, 0.06, False),
    ("Kock", {"typ": "alder", "fran": 1, "till": 15}, 0.03, False),
    ("Lokalvårdare", {"typ": "fast"}, 0.04, False),
    ("Enhetschef", {"typ": "fast"}, 0.05, True),
    ("Avdelningschef", {"typ": "fast"}, 0.03, True),
]
DATUM = ["2021-11-01", "2022-11-01", "2023-11-01", "2024-11-01", "2025-11-01"]
SERIE = {d: (pd.Timestamp(d) - pd.Timestamp("1899-12-30")).days for d in DATUM}


def generera(mapp: Path, rader: int, namnder: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    mapp.mkdir(parents=True, exist_ok=True)
    namn = np.array([f"Stadsdelsnämnd {i:02d}" for i in range(namnder)], dtype=object)
    omrade = np.array([f"Område {i:02d}" for i in range(namnder)], dtype=object)
    kat = np.array([k[0] for k in KATEGORIER], dtype=object)
    andel = np.array([k[2] for k in KATEGORIER])
    andel = andel / andel.sum()
    chef = np.array([k[3] for k in KATEGORIER])
    konfig = {
        "kommun": "Storstad",
        "namnder": [{"namn": n, "kortnamn": f"sdn{i:02d}", "forvaltning": n.replace("nämnd", "förvaltning"),
                     "omrade": o} for i, (n, o) in enumerate(zip(namn, omrade))],
        "yrkeskategorier": [{"namn": k, "drivare": d, "chef": c} for k, d, _, c in KATEGORIER],
    }
    (mapp / "kommun.yaml").write_text(yaml.safe_dump(konfig, allow_unicode=True, sort_keys=False), encoding="utf-8")

    # ten befattningar per yrkeskategori ("Förskollärare 3", ...), the mapping file holds them all
    bef_namn = np.array([f"{k} {j}" for k in kat for j in range(10)], dtype=object)
    pd.DataFrame({"befattning": bef_namn, "yrkeskategori": np.repeat(kat, 10)}).to_csv(
        mapp / "befattningar.csv", index=False)

    per_bild = rader // len(DATUM)
    personer = int(per_bild / 1.06)
    delar = []
    for t, d in enumerate(DATUM):
        pid = rng.permutation(personer + 2000 * t)[:personer]
        extra = rng.choice(pid, per_bild - personer, replace=False)  # a second employment
        pid = np.concatenate([pid, extra])
        n = len(pid)
        kt = rng.choice(len(kat), n, p=andel)
        manad = rng.random(n) < 0.9
        grad = np.where(rng.random(n) < 0.6, "1", rng.choice(["0,5", "0,75", "0,8", "0,875"], n))
        delar.append(pd.DataFrame({
            "Mätdatum": SERIE[d], "PersonID": pd.Series(pid).map("P{:07d}".format).to_numpy(),
            "Nämnd": namn[pid % namnder], "Förvaltning": pd.Series(namn[pid % namnder]).str.replace(
                "nämnd", "förvaltning").to_numpy(),
            "Avdelning": "Avdelning " + pd.Series(rng.integers(0, 8, n)).astype(str).to_numpy(),
            "Enhet": "Enhet " + pd.Series(rng.integers(0, 40, n)).astype(str).to_numpy(),
            "Befattning": bef_namn[kt * 10 + rng.integers(0, 10, n)],
            "Kön": np.where(rng.random(n) < 0.72, "Kvinna", "Man"), "Födelseår": 2025 - rng.integers(20, 68, n),
            "Anställningsform": np.where(rng.random(n) < 0.85, "Tillsvidareanställd", "Visstid"),
            "Löneform": np.where(manad, "Månadsavlönad", "Timavlönad"),
            "Sysselsättningsgrad": np.where(manad, grad, ""),
            "Chef": np.where(chef[kt], "Ja", "Nej"),
            "Anställningsdatum": (pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 8000, n), unit="D"))
            .strftime("%Y-%m-%d"),
        }))
    pd.concat(delar, ignore_index=True).to_csv(mapp / "anstallningar.csv", sep=";", index=False)

    h = 4000
    pd.DataFrame({
        "datum": (pd.Timestamp("2024-11-02") + pd.to_timedelta(rng.integers(0, 364, h), unit="D")).strftime("%Y-%m-%d"),
        "person_id": pd.Series(rng.integers(0, personer, h)).map("P{:07d}".format),
        "typ": rng.choice(["anstallning", "avgang"], h), "namnd": rng.choice(namn, h),
        "yrkeskategori": rng.choice(kat, h), "motpart": rng.choice(["extern", "annan_forvaltning"], h),
        "orsak": "",
    }).to_csv(mapp / "handelser.csv", index=False)

    ar, aldrar = np.arange(2021, 2036), np.arange(101)
    o, a, al = np.meshgrid(np.arange(namnder), ar, aldrar, indexing="ij")
    antal = np.round(rng.uniform(200, 2000, (namnder, 1, 101)) * 1.01 ** (a - 2021), 1)
    pd.DataFrame({"omrade": omrade[o.ravel()], "ar": a.ravel(), "alder": al.ravel(), "antal": antal.ravel()}).to_csv(
        mapp / "befolkningsprognos.csv", index=False)


def _s(t: float) -> str:
    return f"{t:6.1f} s".replace(".", ",")


def _las_ra(mapp: Path) -> float:
    from kfanalys.indata.filer import las_ra

    t0 = time.perf_counter()
    for stam in ("anstallningar", "handelser", "befolkningsprognos", "befattningar"):
        las_ra(mapp / f"{stam}.csv")
    return time.perf_counter() - t0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rader", type=int, default=200_000)
    p.add_argument("--namnder", type=int, default=20)
    p.add_argument("--mapp", type=Path, default=None, help="behåll data här (standard: temporär mapp)")
    args = p.parse_args()

    from kfanalys.grund.fel import Indatafel
    from kfanalys.grund.talformat import fmt_tal
    from kfanalys.indata import register, valideringsfel

    tmp = None
    mapp = args.mapp
    if mapp is None:
        tmp = tempfile.mkdtemp(prefix="kfanalys_validering_")
        mapp = Path(tmp) / "storstad"
    try:
        t0 = time.perf_counter()
        if not (mapp / "kommun.yaml").exists():
            generera(mapp, args.rader, args.namnder)
        t_gen = time.perf_counter() - t0
        storlek = sum(f.stat().st_size for f in mapp.iterdir() if f.is_file()) / 2**20

        t_ra = _las_ra(mapp)
        t0 = time.perf_counter()
        indata = register.las_indata(mapp)
        t_alla = time.perf_counter() - t0
        a = indata.anstallningar
        flera = int(a.duplicated(["matdatum", "person_id"]).sum())
        print(f"Data: {fmt_tal(len(a))} anställningar ({fmt_tal(flera)} andra anställningar för samma person och "
              f"mätdatum), {fmt_tal(len(indata.handelser))} händelser, {len(indata.konfig.namnder)} nämnder; "
              f"{storlek:.0f} MiB CSV (genererat på {_s(t_gen).strip()})")
        print(f"Läsa filerna (filer.las_ra):          {_s(t_ra)}")
        print(f"Validera (resten av las_indata):      {_s(t_alla - t_ra)}  (mål <= 10 s)")
        print(f"las_indata totalt:                    {_s(t_alla)}")
        print("Tolkningar:")
        for t in indata.tolkningar:
            print(f"  - {t}")
        print("Varningar:")
        for t in indata.varningar:
            print(f"  - {t}")

        # the same file with 5 % faulty kön values: las_indata raises, grouped lines + workbook
        df = pd.read_csv(mapp / "anstallningar.csv", sep=";", dtype=str, keep_default_na=False)
        fel = np.random.default_rng(2).random(len(df)) < 0.05
        df.loc[fel, "Kön"] = "X"
        df.to_csv(mapp / "anstallningar.csv", sep=";", index=False)
        t0 = time.perf_counter()
        try:
            register.las_indata(mapp)
            raise SystemExit("väntade fel men las_indata godkände filen")
        except Indatafel as e:
            t_fel = time.perf_counter() - t0
            t0 = time.perf_counter()
            rader = valideringsfel.grupperade_rader(e)
            ut = valideringsfel.skriv_valideringsfel(e, Path(tmp or mapp.parent) / "valideringsfel.xlsx",
                                                     rot=Path(tmp or mapp.parent))
            t_bok = time.perf_counter() - t0
        print(f"Med {fmt_tal(int(fel.sum()))} fel i kön: las_indata {_s(t_fel).strip()}, grupperade rader + "
              f"valideringsfel.xlsx {_s(t_bok).strip()} ({len(rader)} slag; {ut.name})")
        for r in rader:
            print(f"  - {r}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
