"""Benchmark: the 1 000-run simulation of the recruitment need for the whole Exempelkommun.

Generates the Exempelkommun into a temporary folder (never data/raw), computes cycle 2025
once, then times :func:`kfanalys.berakning.orkestrering.simulera_resultat` (on the cycle's own
stock-flow inputs; 1 000 runs + quantiles, with nämnd and kommun sums), with and without parameter
uncertainty (turnover rates drawn per run from their posterior), and, for comparison, the
deterministic :func:`kfanalys.berakning.cykel.berakna_cykel`. Prints seconds and how many groups
have a posterior for their rate, by source.

    .venv/bin/python benchmarks/simulering.py [--korningar 1000] [--upprepningar 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--korningar", type=int, default=1000)
    p.add_argument("--upprepningar", type=int, default=3)
    p.add_argument("--cykel", type=int, default=2025)
    args = p.parse_args()

    from kfanalys.indata import register as data
    from kfanalys.exempel import kommun as exempel
    from kfanalys.berakning.cykel import berakna_cykel
    from kfanalys.berakning.orkestrering import simulera_resultat

    with tempfile.TemporaryDirectory(prefix="kfanalys-bench-") as tmp:
        mapp = Path(tmp) / "exempelkommun"
        exempel.skriv_exempelkommun(mapp, seed=2025)
        indata = data.las_indata(mapp)
        t0 = time.perf_counter()
        res = berakna_cykel(indata, args.cykel)
        t_berakna = time.perf_counter() - t0

        tider = {True: [], False: []}
        for _ in range(args.upprepningar):
            for po in (True, False):
                t0 = time.perf_counter()
                sim = simulera_resultat(res, antal_korningar=args.korningar, seed=2025, parameterosakerhet=po)
                tider[po].append(time.perf_counter() - t0)
        grupper = len(sim.rekrytering[(sim.rekrytering["namnd"] != "Hela kommunen")
                                      & (sim.rekrytering["yrkeskategori"] != "Totalt")]
                      [["namnd", "yrkeskategori"]].drop_duplicates())
        personal = int((indata.anstallningar["matdatum"].dt.year == args.cykel).sum())
        print(f"Exempelkommunen, cykel {args.cykel}: {grupper} grupper (nämnd x yrkeskategori), "
              f"{personal} anställningar vid basdatum")
        print(f"berakna_cykel (deterministisk, alla tabeller): {t_berakna:.2f} s")
        for po, t in tider.items():
            print(f"simulera_resultat, {args.korningar} körningar, horisont "
                  f"{int(sim.per_ar['horisont'].max())} år, parameterosakerhet={po}: bästa {min(t):.2f} s, "
                  f"median {sorted(t)[len(t) // 2]:.2f} s ({args.upprepningar} upprepningar)")

        u = res.stockflode.takt  # the rates the cycle and the simulation used
        u = u.assign(posterior=u["underlag_medelantal"].notna())
        print("Grupper per källa för takten (med posterior / alla):")
        for kalla, d in u.groupby("kalla"):
            print(f"  {kalla or '(fast 0)'}: {int(d['posterior'].sum())} / {len(d)}, medelantal i underlaget "
                  f"{d['underlag_medelantal'].min():.0f}-{d['underlag_medelantal'].max():.0f}")


if __name__ == "__main__":
    main()
