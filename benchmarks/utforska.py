"""Benchmark (run by hand, not in the tests): redrawing ``notebooks/utforska.ipynb`` after one slider moves.

    .venv/bin/python benchmarks/utforska.py [--namnd vard_omsorg] [--andringar 24] [--mapp DIR]

Generates the Exempelkommun (seed 2025, as the tests do) into a temporary folder (or uses
``--mapp``), reads it, builds the view of one nämnd (:class:`kfanalys.rapport.utforska_vy.UtforskaVy`:
the kommun's and the nämnd's parts that do not move, and the first drawing) and then changes one
control at a time by setting its ``.value``, as a user releasing a slider does: the widget callback
computes the nämnd's forecast and draws the charts to PNG into the HTML area the notebook shows.
The controls take turns (pension age, turnover, growth, part-time, population forecast, the
judgement of a yrkeskategori), each change to a setting not drawn before. The time of a change runs
from setting ``.value`` until the HTML area holds the new drawing (computed, charts updated and
rendered to PNG, tables written). Prints the load of the machine (``os.getloadavg``; the figures are
comparable only on a quiet machine), the time of every change with what was computed (the stages of
:class:`kfanalys.berakning.utforskning.Utforskning`) and which charts had new data to draw, the median
per control and, as its last line, ``omritning: X,XX s (median av N ändringar)``. Target: <= 0,3 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def andringar(antal: int, kategorier: list[str], varianter: list[str]) -> list[tuple[str, object]]:
    """``antal`` changes, the controls in turn, each to a new setting: (control, value)."""
    serier = {
        "pensionsforskjutning": [1, 2, 3, -1, -2, 0],
        "omsattningsfaktor": [0.8, 0.6, 1.2, 1.4, 0.5, 1.0],
        "tillvaxt": [0.5, 1.0, 1.5, 2.0, 0.2, 0.0],
        "deltid_okning": [5, 10, 15, 20, 2, 0],
        "befolkningsvariant": [varianter[(i + 1) % len(varianter)] for i in range(6)],
        "bedomning": [(kategorier[i % 3 % len(kategorier)], b)
                      for i, b in enumerate(["mer", "mindre", "mycket mer", "samma", "mycket mindre", ""])],
    }
    ut = []
    i = 0
    while len(ut) < antal:
        for namn, varden in serier.items():
            if len(ut) < antal:
                ut.append((namn, varden[i % len(varden)]))
        i += 1
    return ut


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--namnd", default="vard_omsorg", help="nämndens kortnamn (standard: vard_omsorg)")
    p.add_argument("--andringar", type=int, default=24, help="antal ändringar (minst 20)")
    p.add_argument("--mapp", type=Path, default=None, help="en Exempelkommun som redan finns (annars skapas en)")
    args = p.parse_args()
    if args.andringar < 20:
        p.error("--andringar ska vara minst 20")

    from kfanalys.exempel import kommun as exempel
    from kfanalys.grund.talformat import fmt_tal
    from kfanalys.indata import register as data
    from kfanalys.rapport.utforska_vy import UtforskaVy

    tmp = None
    mapp = args.mapp
    if mapp is None:
        tmp = tempfile.mkdtemp(prefix="kfanalys_utforska_")
        mapp = Path(tmp) / "exempelkommun"
        exempel.skriv_exempelkommun(mapp, seed=2025)
    try:
        indata = data.las_indata(mapp)
        t0 = time.perf_counter()
        vy = UtforskaVy(indata, 2025, args.namnd)
        t_kommun = time.perf_counter() - t0
        t0 = time.perf_counter()
        vy.widget()  # the nämnd's Utforskning (base, scenarios) and the first drawing
        t_start = time.perf_counter() - t0
        k = vy.kontroller
        u = vy.utforskning()
        print(f"{u.namnd}, cykel 2025: {len(u.personal)} månadsavlönade, {len(u.yrkeskategorier)} analyserade "
              f"yrkeskategorier, {len(u.scenarier)} scenarier, {u.antal_korningar} simuleringar per ändring")
        print(f"Kommunens underlag: {fmt_tal(t_kommun, 2)} s; nämndens underlag och första bilden: "
              f"{fmt_tal(t_start, 2)} s")
        print("Belastning (1, 5, 15 min): " + ", ".join(fmt_tal(x, 2) for x in os.getloadavg()))

        tider = []
        per_kontroll: dict[str, list[float]] = {}
        for nr, (namn, varde) in enumerate(andringar(args.andringar, u.yrkeskategorier, u.befolkningsvarianter), 1):
            if namn == "bedomning":
                kontroll, (kategori, varde) = k["bedomningar"][varde[0]], varde
                text = f"bedömning {kategori} = {varde or 'ingen'}"
            else:
                kontroll, text = k[namn], f"{namn} = {varde}"
            fore, raknat = k["ut"].value, dict(u.rakningar)
            t0 = time.perf_counter()
            kontroll.value = varde  # the widget callback: compute and redraw
            t = time.perf_counter() - t0
            assert k["ut"].value != fore, f"ändring {nr} ({text}) ritade inte om"
            tider.append(t)
            per_kontroll.setdefault(namn, []).append(t)
            ritade = ", ".join(vy.senaste.ritade) or "inga (samma data)"
            steg = ", ".join(s for s in u.rakningar if u.rakningar[s] > raknat[s]) or "inget (i minnet)"
            print(f"{nr:3d}. {text:45s} {fmt_tal(t, 2):>6s} s  räknat: {steg}; nya diagram: {ritade}")
        print("Median per reglage: " + "; ".join(f"{n} {fmt_tal(statistics.median(v), 2)} s"
                                                  for n, v in per_kontroll.items()))
        print("Belastning (1, 5, 15 min): " + ", ".join(fmt_tal(x, 2) for x in os.getloadavg()))
        print(f"omritning: {fmt_tal(statistics.median(tider), 2)} s (median av {len(tider)} ändringar)")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
