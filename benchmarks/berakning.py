"""Benchmark (run by hand, not in the tests): a national-scale register.

    .venv/bin/python benchmarks/berakning.py [--personer 1000000] [--namnder 4000] [--mapp DIR]

Generates directly with numpy (not via the example generator): about ``--personer``
employments in each of two yearly snapshots (1 Nov 2024 and 1 Nov 2025), the hires and
departures between them, ``--namnder`` nämnder each with its own population area (forecast
2024-2031, ages 0-100), written as CSV to a temporary folder. Then prints the time to READ
(``data.las_indata``) and to COMPUTE (``orkestrering.berakna_med_foregaende`` for cycle 2025: the
recomputation of the previous cycle 2024 for the follow-up and ``berakna_cykel`` 2025), and the peak memory
(``ru_maxrss`` of the process). Target: compute <= 3 x read, peak <= 4 GiB.
"""

from __future__ import annotations

import argparse
import resource
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


def generera(mapp: Path, personer: int, namnder: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    mapp.mkdir(parents=True, exist_ok=True)
    namn = np.array([f"Nämnd {i:04d}" for i in range(namnder)], dtype=object)
    omrade = np.array([f"Område {i:04d}" for i in range(namnder)], dtype=object)
    kat = np.array([k[0] for k in KATEGORIER], dtype=object)
    andel = np.array([k[2] for k in KATEGORIER])
    andel = andel / andel.sum()
    chef = np.array([k[3] for k in KATEGORIER])

    konfig = {
        "kommun": "Riket",
        "namnder": [{"namn": n, "kortnamn": f"n{i:04d}", "forvaltning": n, "omrade": o}
                    for i, (n, o) in enumerate(zip(namn, omrade))],
        "yrkeskategorier": [{"namn": k, "drivare": d, "chef": c} for k, d, _, c in KATEGORIER],
        "antaganden": {"horisonter": [2, 5], "cykel_intervall": 1},
    }
    (mapp / "kommun.yaml").write_text(yaml.safe_dump(konfig, allow_unicode=True, sort_keys=False), encoding="utf-8")

    # snapshot 2024: `personer` employments
    n0 = personer
    pid0 = np.arange(n0)
    nd0 = rng.integers(0, namnder, n0)
    kt0 = rng.choice(len(kat), n0, p=andel)
    fod0 = 2024 - rng.integers(20, 68, n0)
    # 10 % leave during the year (older ones more often retire), 10 % are hired
    lamnar = rng.random(n0) < 0.10
    nya = int(lamnar.sum())
    pid1 = np.concatenate([pid0[~lamnar], np.arange(n0, n0 + nya)])
    nd1 = np.concatenate([nd0[~lamnar], rng.integers(0, namnder, nya)])
    kt1 = np.concatenate([kt0[~lamnar], rng.choice(len(kat), nya, p=andel)])
    fod1 = np.concatenate([fod0[~lamnar], 2025 - rng.integers(22, 60, nya)])

    def snapshot(datum, pid, nd, kt, fod):
        n = len(pid)
        manad = rng.random(n) < 0.93
        grad = np.where(manad, np.where(rng.random(n) < 0.6, 100.0, rng.choice([50.0, 75.0, 80.0, 90.0], n)), 0.0)
        return pd.DataFrame({
            "matdatum": datum, "person_id": pd.Series(pid).map("P{:08d}".format), "namnd": namn[nd],
            "forvaltning": namn[nd], "avdelning": "Avdelning", "enhet": "Enhet", "befattning": kat[kt],
            "yrkeskategori": kat[kt], "kon": np.where(rng.random(n) < 0.75, "K", "M"), "fodelsear": fod,
            "anstallningsform": np.where(rng.random(n) < 0.85, "tillsvidare", "visstid"),
            "loneform": np.where(manad, "manad", "timme"), "sysselsattningsgrad": grad,
            "chef": np.where(chef[kt], "ja", "nej"),
        })

    anst = pd.concat([snapshot("2024-11-01", pid0, nd0, kt0, fod0), snapshot("2025-11-01", pid1, nd1, kt1, fod1)],
                     ignore_index=True)
    anst.to_csv(mapp / "anstallningar.csv", index=False)
    del anst

    dagar = pd.to_datetime("2024-11-02") + pd.to_timedelta(rng.integers(0, 364, 2 * nya), unit="D")
    gamla = (2025 - fod0[lamnar]) >= 64
    hand = pd.DataFrame({
        "datum": dagar.strftime("%Y-%m-%d"),
        "person_id": pd.Series(np.concatenate([pid0[lamnar], np.arange(n0, n0 + nya)])).map("P{:08d}".format),
        "typ": np.repeat(["avgang", "anstallning"], nya),
        "namnd": np.concatenate([namn[nd0[lamnar]], namn[nd1[-nya:]]]),
        "yrkeskategori": np.concatenate([kat[kt0[lamnar]], kat[kt1[-nya:]]]),
        "motpart": rng.choice(["extern", "annan_forvaltning"], 2 * nya, p=[0.8, 0.2]),
        "orsak": np.concatenate([np.where(gamla, "pension", "egen_begaran"), np.full(nya, "")]),
    })
    hand.to_csv(mapp / "handelser.csv", index=False)

    ar = np.arange(2024, 2032)
    aldrar = np.arange(101)
    o, a, al = np.meshgrid(np.arange(namnder), ar, aldrar, indexing="ij")
    bas = rng.uniform(50, 500, (namnder, 1, 101))
    tillvaxt = rng.normal(0.005, 0.01, (namnder, 1, 101))
    antal = np.round(bas * (1 + tillvaxt) ** (a - 2024), 1)
    pd.DataFrame({"omrade": omrade[o.ravel()], "ar": a.ravel(), "alder": al.ravel(), "antal": antal.ravel()}).to_csv(
        mapp / "befolkningsprognos.csv", index=False)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--personer", type=int, default=1_000_000)
    p.add_argument("--namnder", type=int, default=4000)
    p.add_argument("--mapp", type=Path, default=None, help="behåll data här (standard: temporär mapp)")
    args = p.parse_args()

    from kfanalys.berakning import orkestrering
    from kfanalys.indata import register as data

    tmp = None
    mapp = args.mapp
    if mapp is None:
        tmp = tempfile.mkdtemp(prefix="kfanalys_bench_")
        mapp = Path(tmp) / "riket"
    try:
        t0 = time.perf_counter()
        if not (mapp / "kommun.yaml").exists():
            generera(mapp, args.personer, args.namnder)
        t_gen = time.perf_counter() - t0
        storlek = sum(f.stat().st_size for f in mapp.iterdir()) / 2**20

        t0 = time.perf_counter()
        indata = data.las_indata(mapp)
        t_las = time.perf_counter() - t0
        t0 = time.perf_counter()
        # rot=mapp: no data/processed/ there, so the previous cycle is recomputed (nothing is written)
        res = orkestrering.berakna_med_foregaende(mapp, 2025, indata=indata, rot=mapp)
        t_ber = time.perf_counter() - t0
        topp = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB -> GiB (Linux)

        print(f"Data: {len(indata.anstallningar):,} anställningar, {len(indata.handelser):,} händelser, "
              f"{len(indata.befolkning):,} befolkningsrader, {len(indata.konfig.namnder)} nämnder; "
              f"{storlek:.0f} MiB CSV (genererat på {t_gen:.1f} s)")
        print(f"Läsa (data.las_indata):          {t_las:7.1f} s")
        print(f"Beräkna (2025 med 2024):         {t_ber:7.1f} s  = {t_ber / t_las:.2f} x läsningen (mål <= 3)")
        print(f"Högsta minnesanvändning:         {topp:7.2f} GiB (mål <= 4)")
        print("Tabeller: " + ", ".join(f"{k} {len(v):,}" for k, v in res.tabeller.items()))
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
