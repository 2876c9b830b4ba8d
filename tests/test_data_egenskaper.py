"""Property tests for kfanalys.indata.register: corrupted inputs end in Indata or an Indatafel naming the file.

Uses the small hand-written valid folder of tests/test_data.py (not the Exempelkommun).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kfanalys.indata import register as data
from kfanalys.grund.fel import Indatafel
from test_data import skriv_giltig_mapp

FILER = ("anstallningar.csv", "handelser.csv", "befolkningsprognos.csv")


@pytest.fixture(scope="module")
def mall(tmp_path_factory) -> Path:
    return skriv_giltig_mapp(tmp_path_factory.mktemp("mall") / "lillby")


def test_fyra_varianter_ger_identiska_ramar(tmp_path):
    """`,` / `;` / UTF-8 with BOM / .xlsx: the same frames (only the file names differ)."""
    varianter = {
        "komma": skriv_giltig_mapp(tmp_path / "komma"),
        "semikolon": skriv_giltig_mapp(tmp_path / "semikolon", sep=";"),
        "bom": skriv_giltig_mapp(tmp_path / "bom", sep=";", bom=True),
        "xlsx": skriv_giltig_mapp(tmp_path / "xlsx", format="xlsx"),
    }
    assert (tmp_path / "bom" / "anstallningar.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    lasta = {namn: data.las_indata(m) for namn, m in varianter.items()}
    bas = lasta["komma"]
    for namn, ind in lasta.items():
        for tabell in ("anstallningar", "handelser", "befolkning"):
            pd.testing.assert_frame_equal(getattr(ind, tabell), getattr(bas, tabell), obj=f"{namn}.{tabell}")
    assert lasta["xlsx"].filer["anstallningar"].suffix == ".xlsx"
    from openpyxl import load_workbook

    ws = load_workbook(varianter["xlsx"] / "anstallningar.xlsx").worksheets[0]
    assert ws["A2"].is_date and isinstance(ws["J2"].value, int)  # real Excel date and number cells


def _korrumpera(text: bytes, op: str, d) -> bytes:
    rader = text.split(b"\n")
    if len(rader) < 3 and op in ("byt_celler", "dubbla_rad"):
        return text[::-1]
    if op == "ta_bort_kolumn":
        sep = b";" if rader[0].count(b";") > rader[0].count(b",") else b","
        i = d.draw(st.integers(0, rader[0].count(sep)))
        return b"\n".join(sep.join(c for j, c in enumerate(r.split(sep)) if j != i) for r in rader)
    if op == "byt_rubrik":
        ny = d.draw(st.text(min_size=0, max_size=12)).encode("utf-8", "surrogatepass")
        delar = rader[0].split(b",")
        delar[d.draw(st.integers(0, len(delar) - 1))] = ny
        rader[0] = b",".join(delar)
        return b"\n".join(rader)
    if op == "byt_celler":
        for _ in range(d.draw(st.integers(1, 6))):
            r = d.draw(st.integers(1, max(1, len(rader) - 2)))
            delar = rader[r].split(b",")
            cell = d.draw(st.one_of(st.text(max_size=10), st.integers(-10**6, 10**6).map(str),
                                    st.floats(allow_nan=True, allow_infinity=True).map(str), st.just("")))
            delar[d.draw(st.integers(0, len(delar) - 1))] = cell.encode("utf-8", "surrogatepass")
            rader[r] = b",".join(delar)
        return b"\n".join(rader)
    if op == "kapa":
        return text[:d.draw(st.integers(0, len(text)))]
    if op == "skrap":
        pos = d.draw(st.integers(0, len(text)))
        return text[:pos] + d.draw(st.binary(min_size=1, max_size=40)) + text[pos:]
    if op == "byt_avgransare":
        return text.replace(b",", d.draw(st.sampled_from([b";", b"\t", b"|", b" "])))
    if op == "ta_bort_rubrik":
        return b"\n".join(rader[1:])
    if op == "dubbla_rad":
        r = d.draw(st.integers(1, max(1, len(rader) - 2)))
        return b"\n".join(rader[:r + 1] + rader[r:])
    raise AssertionError(op)


OPERATIONER = ("ta_bort_kolumn", "byt_rubrik", "byt_celler", "kapa", "skrap", "byt_avgransare",
               "ta_bort_rubrik", "dubbla_rad")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(d=st.data())
def test_korrupt_indata_ger_indata_eller_indatafel_som_namner_filen(mall, d):
    with tempfile.TemporaryDirectory() as tmp:
        mapp = Path(tmp) / "lillby"
        shutil.copytree(mall, mapp)
        for _ in range(d.draw(st.integers(1, 2), label="antal korruptioner")):
            fil = d.draw(st.sampled_from(FILER), label="fil")
            op = d.draw(st.sampled_from(OPERATIONER), label="operation")
            sokvag = mapp / fil
            sokvag.write_bytes(_korrumpera(sokvag.read_bytes(), op, d))
        giltiga_namn = {p.name for p in mapp.iterdir()} | {"kommun.yaml"}
        try:
            ind = data.las_indata(mapp)
        except Indatafel as e:
            assert e.problem
            for p in e.problem:
                assert p.fil in giltiga_namn, p
                assert str(p)
            return
        assert isinstance(ind, data.Indata)
        assert ind.anstallningar["matdatum"].dtype == "datetime64[ns]"
        assert data.sammanfattning(ind)
