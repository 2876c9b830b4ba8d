"""Benchmark: the report batch against the naive loop, on the Exempelkommun scaled to 30 nämnder.

    .venv/bin/python benchmarks/rapporter.py [--namnder 30] [--jobb 2] [--cykel 2025] [--utan-dokument]
    .venv/bin/python benchmarks/rapporter.py --jamfor-dokument [--namnder 30] [--jobb 2]

The Exempelkommun (6 nämnder) is generated in a temporary folder and scaled by copying each
nämnd with its staff and events (new person_ids, names "<nämnd> 2", "<nämnd> 3" ...) until
there are ``--namnder`` nämnder. Then, in the same run:

- **batch**: ``kfanalys.rapport.batch.kor_batch(jobb=2)``: validate and compute once, render every
  nämnd's notebook in parallel kernels, HTML + Excel per nämnd, the kommun report and the index;
- **naive loop**: for each nämnd, one after the other, ``papermill notebooks/rapport.ipynb``
  (CLI; the notebook computes its tables itself, as a notebook run on its own does) and then
  ``jupyter nbconvert --to html --no-input`` (CLI).

Both times and the ratio are printed (target: the batch at least 4 times faster). The batch writes
the PDF and the Word draft of every report too, unless ``--utan-dokument``.

``--jamfor-dokument`` instead runs the batch twice on the same data, first without documents
(HTML, Excel, index: ``kor_batch(dokument=False)``), then with the PDF and Word draft of every
report, and prints both times and the ratio (target: the documents at most double the batch
time). Everything is written under a temporary folder (``KFANALYS_ROT``); the working tree is not
touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _las_text(sokvag: Path) -> tuple[pd.DataFrame, str]:
    """A CSV file as text cells (written back unchanged) and its separator."""
    forsta = sokvag.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    sep = ";" if forsta.count(";") > forsta.count(",") else ","
    return pd.read_csv(sokvag, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig"), sep


def skala_exempelkommun(mal: Path, antal_namnder: int, seed: int = 2025) -> Path:
    """The Exempelkommun with its nämnder copied until there are ``antal_namnder``."""
    from kfanalys.exempel import kommun as exempel

    kalla = mal.parent / "exempel_original"
    exempel.skriv_exempelkommun(kalla, seed=seed)
    konf = yaml.safe_load((kalla / "kommun.yaml").read_text(encoding="utf-8"))
    anst, sep_anst = _las_text(kalla / "anstallningar.csv")
    hand, sep_hand = _las_text(kalla / "handelser.csv")
    original = konf["namnder"]
    namnder, anst_delar, hand_delar = [], [anst], [hand]
    kopia = 1
    while len(original) * kopia < antal_namnder:
        kopia += 1
    for k in range(1, kopia + 1):
        for n in original:
            if len(namnder) >= antal_namnder:
                break
            if k == 1:
                namnder.append(n)
                continue
            ny = dict(n, namn=f"{n['namn']} {k}", kortnamn=f"{n['kortnamn']}_{k}",
                      forvaltning=f"{n['forvaltning']} {k}")
            namnder.append(ny)
            for delar, df in ((anst_delar, anst), (hand_delar, hand)):
                d = df[df["namnd"] == n["namn"]].copy()
                d["namnd"] = ny["namn"]
                if "forvaltning" in d:
                    d["forvaltning"] = ny["forvaltning"]
                d["person_id"] = d["person_id"] + f"-{k}"
                delar.append(d)
    behall = {n["namn"] for n in namnder}
    konf["namnder"] = namnder
    mal.mkdir(parents=True)
    (mal / "kommun.yaml").write_text(yaml.safe_dump(konf, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for namn, delar, sep in (("anstallningar.csv", anst_delar, sep_anst), ("handelser.csv", hand_delar, sep_hand)):
        df = pd.concat(delar, ignore_index=True)
        df[df["namnd"].isin(behall)].to_csv(mal / namn, index=False, sep=sep, encoding="utf-8")
    for fil in kalla.glob("befolkningsprognos*.*"):  # the base forecast, area workbooks, scenario files
        (mal / fil.name).write_bytes(fil.read_bytes())
    return mal


def kor_batch(data: Path, rot: Path, cykel: int, jobb: int, dokument: bool = True) -> float:
    import io

    from kfanalys.rapport import batch as rapport

    os.environ["KFANALYS_ROT"] = str(rot)
    ut = io.StringIO()
    start = time.perf_counter()
    kod = rapport.kor_batch(data, cykel, jobb=jobb, dokument=dokument, ut=ut)
    tid = time.perf_counter() - start
    for rad in ut.getvalue().splitlines():  # the summary and notes (e.g. a missing PDF engine)
        if not rad.startswith("Rapporterna finns i"):
            print(f"  {rad}")
    if kod != 0:
        raise SystemExit(f"batchen misslyckades (kod {kod})")
    return tid


def kor_naivt(data: Path, rot: Path, cykel: int, kortnamn: list[str]) -> float:
    env = dict(os.environ, KFANALYS_ROT=str(rot))
    ut = rot / "naivt"
    ut.mkdir(parents=True)
    start = time.perf_counter()
    for i, k in enumerate(kortnamn, 1):
        nb = ut / f"{k}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(ROT / "notebooks" / "rapport.ipynb"), str(nb),
                        "-p", "namnd", k, "-p", "cykel", str(cykel), "-p", "datamapp", str(data),
                        "-k", "python3", "--no-progress-bar", "--cwd", str(rot)],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"  naivt {i}/{len(kortnamn)}: {k} ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--namnder", type=int, default=30)
    p.add_argument("--jobb", type=int, default=2)
    p.add_argument("--cykel", type=int, default=2025)
    p.add_argument("--utan-dokument", action="store_true", help="batchen skriver ingen PDF och inget Word-utkast")
    p.add_argument("--jamfor-dokument", action="store_true",
                   help="kör batchen utan och med PDF och Word-utkast (ingen naiv loop) och jämför tiderna")
    args = p.parse_args(argv)

    from kfanalys.indata.konfig import las_konfig

    with tempfile.TemporaryDirectory(prefix="kfbench") as tmp:
        tmp = Path(tmp)
        data = skala_exempelkommun(tmp / "data" / "exempelkommun", args.namnder)
        kortnamn = [n.kortnamn for n in las_konfig(data / "kommun.yaml").namnder]
        rader = sum(1 for _ in open(data / "anstallningar.csv", encoding="utf-8")) - 1
        print(f"Exempelkommunen skalad till {len(kortnamn)} nämnder ({rader} rader i anstallningar.csv), "
              f"{os.cpu_count()} kärnor.")
        if args.jamfor_dokument:
            t_utan = kor_batch(data, tmp / "utan", args.cykel, args.jobb, dokument=False)
            print(f"Batch utan dokument (jobb={args.jobb}, {len(kortnamn)} nämnder + kommunrapport: HTML, Excel, "
                  f"index): {t_utan:.1f} s")
            t_med = kor_batch(data, tmp / "med", args.cykel, args.jobb, dokument=True)
            print(f"Batch med dokument (dessutom PDF och Word-utkast per rapport): {t_med:.1f} s")
            print(f"Dokumenten gör batchen {t_med / t_utan:.2f} gånger så lång (mål: högst 2).")
            return 0
        t_batch = kor_batch(data, tmp / "batch", args.cykel, args.jobb, dokument=not args.utan_dokument)
        vad = "Excel + index" if args.utan_dokument else "Excel + PDF + Word + index"
        print(f"Batch (jobb={args.jobb}, {len(kortnamn)} nämnder + kommunrapport + {vad}): {t_batch:.1f} s")
        t_naiv = kor_naivt(data, tmp / "naiv", args.cykel, kortnamn)
        print(f"Naiv loop (papermill CLI + jupyter nbconvert CLI per nämnd, i tur och ordning): {t_naiv:.1f} s")
        print(f"Batchen är {t_naiv / t_batch:.1f} gånger snabbare (mål: minst 4).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
