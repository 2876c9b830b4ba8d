"""Many problems at once (kfanalys.indata.valideringsfel and ``kfanalys validera``).

More than 40 problems are printed one line per (file, column, kind) with the count and the
first rows, and every row goes to ``data/processed/valideringsfel.xlsx`` under the project
root (``KFANALYS_ROT`` = tmp_path here), never under ``data/raw/``. The data folder is the
tiny Lillby kommun of tests/test_tolerant_indata.py with 120 employments.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from kfanalys import cli
from kfanalys.grund.fel import Indatafel
from kfanalys.indata import tabell, valideringsfel
from test_tolerant_indata import lillby_anstallningar, skriv_lillby

N = 120


def stor_anstallningar() -> pd.DataFrame:
    """120 distinct employments at 2025-11-01 (rows 2-121), all valid."""
    bas = lillby_anstallningar()
    df = pd.concat([bas] * 3, ignore_index=True).iloc[:N].copy()
    df["matdatum"] = "2025-11-01"
    df["person_id"] = [f"Q{i:04d}" for i in range(N)]
    return df


def ogonblick(rot: Path) -> dict:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(rot.rglob("*"))}


@pytest.fixture
def rot(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KFANALYS_ROT", str(tmp_path))
    return tmp_path


def manga_fel(rot: Path) -> Path:
    """kon wrong on rows 2-71 ("X", then "?" on rows 3 and 5), fodelsear "abc" on rows 72-116, one nämnd."""
    mapp = skriv_lillby(rot / "data" / "raw" / "lillby")
    df = stor_anstallningar()
    df.loc[0:69, "kon"] = "X"
    df.loc[[1, 3], "kon"] = "?"
    df.loc[70:114, "fodelsear"] = "abc"
    df.loc[119, "namnd"] = "Kulturnämnden"
    df.to_csv(mapp / "anstallningar.csv", index=False)
    return mapp


def test_manga_fel_grupperas_och_hela_listan_skrivs(rot, capsys):
    mapp = manga_fel(rot)
    fore = ogonblick(rot / "data" / "raw")
    assert cli.main(["validera", str(mapp)]) == 2
    fel = capsys.readouterr().err
    rader = fel.splitlines()
    assert rader[0] == f"Fel i indata i {mapp}: 116 problem av 3 slag:"
    assert [r for r in rader if "kolumn kon" in r] == [
        '  - anstallningar.csv, kolumn kon: 70 rader (t.ex. rad 2, 3, 4: "X", "?") ska vara en av: K, M (även '
        'kvinna, kvinnor, kvinnlig, man, män, manlig)']
    assert [r for r in rader if "kolumn fodelsear" in r] == [
        '  - anstallningar.csv, kolumn fodelsear: 45 rader (t.ex. rad 72, 73, 74: "abc") ska vara ett heltal']
    assert any(r.startswith('  - anstallningar.csv, rad 121, kolumn namnd: "Kulturnämnden" finns inte') for r in rader)
    arbetsbok = rot / "data" / "processed" / "valideringsfel.xlsx"
    assert rader[-1] == f"Hela listan (en rad per fel) finns i {arbetsbok}"
    assert "Traceback" not in fel
    # every row, not only the 50 the message lists
    ws = load_workbook(arbetsbok).active
    celler = list(ws.iter_rows(values_only=True))
    assert celler[0] == ("fil", "blad", "rad", "kolumn", "varde", "problem")
    kon = [c for c in celler[1:] if c[3] == "kon"]
    assert [c[2] for c in kon] == list(range(2, 72))
    assert [c[4] for c in kon[:5]] == ["X", "?", "X", "?", "X"]
    assert [c[2] for c in celler[1:] if c[3] == "fodelsear"] == list(range(72, 117))
    assert len(celler) == 1 + 116
    # nothing under data/raw was written or changed
    assert ogonblick(rot / "data" / "raw") == fore


def test_fa_fel_listas_som_forut_utan_arbetsbok(rot, capsys):
    mapp = skriv_lillby(rot / "data" / "raw" / "lillby")
    df = stor_anstallningar()
    df.loc[[0, 5, 9], "kon"] = "X"
    df.to_csv(mapp / "anstallningar.csv", index=False)
    assert cli.main(["validera", str(mapp)]) == 2
    fel = capsys.readouterr().err
    assert fel.startswith(f"Fel i indata i {mapp} (3 problem):")
    assert 'anstallningar.csv, rad 7, kolumn kon: "X" ska vara en av' in fel
    assert not (rot / "data" / "processed" / "valideringsfel.xlsx").exists()


def test_formel_i_ett_varde_blir_text_i_arbetsboken(rot, capsys):
    mapp = skriv_lillby(rot / "data" / "raw" / "lillby")
    df = stor_anstallningar()
    df.loc[0:59, "kon"] = '=HYPERLINK("http://x","y")'
    df.to_csv(mapp / "anstallningar.csv", index=False)
    assert cli.main(["validera", str(mapp)]) == 2
    ws = load_workbook(rot / "data" / "processed" / "valideringsfel.xlsx").active
    cell = ws["E2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s" and cell.quotePrefix


def samlat_fel(n: int) -> Indatafel:
    s = tabell.Samlare([], [])
    rader = np.arange(2, n + 2)
    s.rader("a.csv", "kon", "ska vara K eller M", rader, np.array(["X"] * n, dtype=object))
    return Indatafel(s.problem)


def test_arbetsboken_far_alla_rader_trots_taket_i_meddelandet():
    fel = samlat_fel(3000)
    assert len(fel.problem) == tabell.MAX_PER_FEL + 1
    df = valideringsfel.alla_rader(fel)
    assert list(df.columns) == ["fil", "blad", "rad", "kolumn", "varde", "problem"]
    assert df["rad"].tolist() == list(range(2, 3002)) and (df["varde"] == "X").all()
    assert valideringsfel.grupperade_rader(fel) == ['a.csv, kolumn kon: 3\u00a0000 rader (t.ex. rad 2, 3, 4: "X") '
                                                    'ska vara K eller M']


def test_arbetsboken_avkortas_vid_max_rader():
    df = valideringsfel.alla_rader(samlat_fel(3000), max_rader=1000)
    assert len(df) == 1001 and df["rad"].iloc[999] == 1001
    assert df["problem"].iloc[-1].startswith("listan är avkortad efter 1000 rader")


def test_skriver_aldrig_under_data_raw(tmp_path):
    with pytest.raises(ValueError, match="får inte skrivas under"):
        valideringsfel.skriv_valideringsfel(samlat_fel(100), tmp_path / "data" / "raw" / "x" / "fel.xlsx",
                                            rot=tmp_path)
    assert not (tmp_path / "data" / "raw").exists()


def test_standardsokvagen_ligger_under_processed(tmp_path):
    assert valideringsfel.valideringsfel_fil(tmp_path) == tmp_path / "data" / "processed" / "valideringsfel.xlsx"
