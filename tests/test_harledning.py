"""Events derived from snapshots (kfanalys.modell.harledning), counted by hand.

The register below has three snapshots (1 November 2023, 2024, 2025) and three nämnder:
Skolnämnden and Fritidsnämnden share Skolförvaltningen, Omsorgsnämnden has Omsorgsförvaltningen.
Every person's story and the events it must give are written next to the person.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kfanalys.grund import schema
from kfanalys.grund.fel import Berakningsfel
from kfanalys.indata.tabell import las_tabell
from kfanalys.modell import floden
from kfanalys.modell.harledning import BESKRIVNING, KOLUMNER, beskrivning, harled_handelser

D23, D24, D25 = "2023-11-01", "2024-11-01", "2025-11-01"
FORV = {"Skolnämnden": "Skolförvaltningen", "Fritidsnämnden": "Skolförvaltningen",
        "Omsorgsnämnden": "Omsorgsförvaltningen"}
NAN = np.nan


def _rad(datum, person, namnd, yrke, fodd, grad=100.0, lon="manad", form="tillsvidare"):
    return {"matdatum": datum, "person_id": person, "namnd": namnd, "forvaltning": FORV[namnd],
            "avdelning": "A", "enhet": "E", "befattning": yrke, "yrkeskategori": yrke, "kon": "K",
            "fodelsear": fodd, "anstallningsform": form, "loneform": lon, "sysselsattningsgrad": grad,
            "chef": False}


def _register() -> pd.DataFrame:
    r = []
    # P01 stays in Skolnämnden as Lärare: nothing
    r += [_rad(d, "P01", "Skolnämnden", "Lärare", 1980) for d in (D23, D24, D25)]
    # P02 (64 in 2025) leaves the kommun after 2024: avgang 2025 extern, no pension (64 < 65)
    r += [_rad(d, "P02", "Skolnämnden", "Lärare", 1961) for d in (D23, D24)]
    # P03 (65 in 2025) leaves the kommun after 2024: avgang 2025 extern, pension
    r += [_rad(d, "P03", "Omsorgsnämnden", "Undersköterska", 1960) for d in (D23, D24)]
    # P04 moves Skolnämnden -> Omsorgsnämnden (other förvaltning) in 2024: two annan_forvaltning
    r += [_rad(D23, "P04", "Skolnämnden", "Lärare", 1975)]
    r += [_rad(d, "P04", "Omsorgsnämnden", "Undersköterska", 1975) for d in (D24, D25)]
    # P05 Lärare -> Rektor within Skolnämnden in 2025: avgang + anstallning inom_forvaltning
    r += [_rad(d, "P05", "Skolnämnden", "Lärare", 1970) for d in (D23, D24)]
    r += [_rad(D25, "P05", "Skolnämnden", "Rektor", 1970)]
    # P06 newly hired in 2024: anstallning 2024 extern
    r += [_rad(d, "P06", "Skolnämnden", "Lärare", 1995) for d in (D24, D25)]
    # P07 gets a second, timavlönad job (another yrkeskategori) in the same nämnd in 2024: nothing
    r += [_rad(d, "P07", "Omsorgsnämnden", "Undersköterska", 1985) for d in (D23, D24, D25)]
    r += [_rad(d, "P07", "Omsorgsnämnden", "Vårdbiträde", 1985, 0.0, "timme", "visstid") for d in (D24, D25)]
    # P08 has two jobs in Omsorgsnämnden and loses the smaller one in 2025: nothing
    r += [_rad(d, "P08", "Omsorgsnämnden", "Undersköterska", 1980, 75.0) for d in (D23, D24, D25)]
    r += [_rad(d, "P08", "Omsorgsnämnden", "Vårdbiträde", 1980, 25.0) for d in (D23, D24)]
    # P09 (70) works in two förvaltningar and leaves Skolnämnden in 2025: avgang annan_forvaltning
    # (still employed in the kommun, so no pension either)
    r += [_rad(d, "P09", "Skolnämnden", "Lärare", 1955, 50.0) for d in (D23, D24)]
    r += [_rad(d, "P09", "Omsorgsnämnden", "Undersköterska", 1955, 50.0) for d in (D23, D24, D25)]
    # P10 moves Skolnämnden -> Fritidsnämnden (same förvaltning) in 2024: two inom_forvaltning
    r += [_rad(D23, "P10", "Skolnämnden", "Lärare", 1990)]
    r += [_rad(d, "P10", "Fritidsnämnden", "Fritidsledare", 1990) for d in (D24, D25)]
    # P11 timavlönad visstid, only in the first snapshot: no recruitment before it, avgang 2024 extern
    r += [_rad(D23, "P11", "Fritidsnämnden", "Fritidsledare", 1999, 0.0, "timme", "visstid")]
    # P12 two 50 % jobs, the timavlönad one first in the file; the månadsavlönad one is the
    # huvudanställning, so the departure in 2025 is from Undersköterska
    for d in (D23, D24):
        r += [_rad(d, "P12", "Omsorgsnämnden", "Vårdbiträde", 1970, 50.0, "timme", "visstid"),
              _rad(d, "P12", "Omsorgsnämnden", "Undersköterska", 1970, 50.0)]
    a = pd.DataFrame(r)
    a["matdatum"] = pd.to_datetime(a["matdatum"])
    for k in ("person_id", "namnd", "forvaltning", "avdelning", "enhet", "befattning", "yrkeskategori", "kon",
              "anstallningsform", "loneform"):
        a[k] = a[k].astype("str")
    return a


def _handelser(rader) -> pd.DataFrame:
    h = pd.DataFrame(rader, columns=KOLUMNER)
    h["datum"] = pd.to_datetime(h["datum"]).astype("datetime64[ns]")
    for k in KOLUMNER[1:]:
        h[k] = pd.Series(h[k].to_numpy(dtype=object), dtype="str")
    return h


FORVANTAT = [  # counted by hand from the stories above
    (D24, "P04", "avgang", "Skolnämnden", "Lärare", "annan_forvaltning", NAN),
    (D24, "P04", "anstallning", "Omsorgsnämnden", "Undersköterska", "annan_forvaltning", NAN),
    (D24, "P06", "anstallning", "Skolnämnden", "Lärare", "extern", NAN),
    (D24, "P10", "avgang", "Skolnämnden", "Lärare", "inom_forvaltning", NAN),
    (D24, "P10", "anstallning", "Fritidsnämnden", "Fritidsledare", "inom_forvaltning", NAN),
    (D24, "P11", "avgang", "Fritidsnämnden", "Fritidsledare", "extern", NAN),
    (D25, "P02", "avgang", "Skolnämnden", "Lärare", "extern", NAN),
    (D25, "P03", "avgang", "Omsorgsnämnden", "Undersköterska", "extern", "pension"),
    (D25, "P05", "avgang", "Skolnämnden", "Lärare", "inom_forvaltning", NAN),
    (D25, "P05", "anstallning", "Skolnämnden", "Rektor", "inom_forvaltning", NAN),
    (D25, "P09", "avgang", "Skolnämnden", "Lärare", "annan_forvaltning", NAN),
    (D25, "P12", "avgang", "Omsorgsnämnden", "Undersköterska", "extern", NAN),
]


def test_handraknade_handelser():
    """Every rule at once: presence per nämnd, huvudanställning, yrkesbyte, motpart, pension age."""
    pd.testing.assert_frame_equal(harled_handelser(_register(), pensionsalder=65), _handelser(FORVANTAT))


def test_utan_pensionsalder_ingen_pension():
    """Without a pension age no departure is called a retirement (the reason is not in snapshots)."""
    forvantat = [r[:6] + (NAN,) for r in FORVANTAT]
    pd.testing.assert_frame_equal(harled_handelser(_register()), _handelser(forvantat))


def test_pensionsalder_ar_en_grans():
    """Age >= pensionsalder: with 64 both P02 (64) and P03 (65) count as pension, P12 (55) does not."""
    h = harled_handelser(_register(), pensionsalder=64)
    assert h.loc[h["orsak"].eq("pension"), "person_id"].tolist() == ["P02", "P03"]


def test_kvar_i_samma_forvaltning_vinner_over_annan():
    """A person leaving nämnd N who at t1 works both in another nämnd of N's förvaltning and in
    another förvaltning has not left the förvaltning: inom_forvaltning."""
    a = pd.DataFrame([_rad(D24, "X", "Skolnämnden", "Lärare", 1980),
                      _rad(D25, "X", "Omsorgsnämnden", "Undersköterska", 1980, 50.0),
                      _rad(D25, "X", "Fritidsnämnden", "Fritidsledare", 1980, 50.0)])
    a["matdatum"] = pd.to_datetime(a["matdatum"])
    h = harled_handelser(a)
    assert h[["typ", "namnd", "motpart"]].values.tolist() == [
        ["avgang", "Skolnämnden", "inom_forvaltning"],
        ["anstallning", "Fritidsnämnden", "inom_forvaltning"],
        ["anstallning", "Omsorgsnämnden", "annan_forvaltning"],
    ]


def test_radordning_och_luckor_i_registret_spelar_ingen_roll():
    """Metamorphic: the register in reverse row order gives the identical frame (P12's equal-grad
    jobs are told apart by loneform, not by file order); so does adding a person who stays."""
    a = _register()
    pd.testing.assert_frame_equal(harled_handelser(a.iloc[::-1], 65), harled_handelser(a, 65))
    c = pd.concat([a, pd.DataFrame([_rad(pd.Timestamp(d), "P99", "Fritidsnämnden", "Fritidsledare", 1980)
                                    for d in (D23, D24, D25)])], ignore_index=True)
    pd.testing.assert_frame_equal(harled_handelser(c, 65), harled_handelser(a, 65))


def test_mindre_an_tva_matdatum_ger_tom_tabell_med_ratt_kolumner():
    a = _register()
    h = harled_handelser(a[a["matdatum"] == pd.Timestamp(D25)], 65)
    assert h.empty
    assert list(h.columns) == KOLUMNER
    assert h.dtypes.equals(_handelser(FORVANTAT).dtypes)


def test_saknad_kolumn_ger_svenskt_fel():
    with pytest.raises(Berakningsfel, match="kolumnen forvaltning saknas"):
        harled_handelser(_register().drop(columns="forvaltning"))


# --- metamorphic check against floden ---------------------------------------------------------

# The same register's history as an event file would have it: exact dates inside the periods and
# a reason for every departure. Floden only needs the period, the motpart and whether it is pension.
HANDGJORDA = [
    ("2024-01-15", "P04", "avgang", "Skolnämnden", "Lärare", "annan_forvaltning", "egen_begaran"),
    ("2024-01-16", "P04", "anstallning", "Omsorgsnämnden", "Undersköterska", "annan_forvaltning", NAN),
    ("2024-08-19", "P06", "anstallning", "Skolnämnden", "Lärare", "extern", NAN),
    ("2024-03-31", "P10", "avgang", "Skolnämnden", "Lärare", "inom_forvaltning", "egen_begaran"),
    ("2024-04-01", "P10", "anstallning", "Fritidsnämnden", "Fritidsledare", "inom_forvaltning", NAN),
    ("2024-06-30", "P11", "avgang", "Fritidsnämnden", "Fritidsledare", "extern", "ovrigt"),
    ("2025-06-30", "P02", "avgang", "Skolnämnden", "Lärare", "extern", "egen_begaran"),
    ("2025-02-28", "P03", "avgang", "Omsorgsnämnden", "Undersköterska", "extern", "pension"),
    ("2025-01-31", "P05", "avgang", "Skolnämnden", "Lärare", "inom_forvaltning", "egen_begaran"),
    ("2025-02-01", "P05", "anstallning", "Skolnämnden", "Rektor", "inom_forvaltning", NAN),
    ("2025-05-31", "P09", "avgang", "Skolnämnden", "Lärare", "annan_forvaltning", "egen_begaran"),
    ("2025-09-30", "P12", "avgang", "Omsorgsnämnden", "Undersköterska", "extern", "ovrigt"),
]


def _handelsefil(mapp) -> pd.DataFrame:
    """HANDGJORDA as a kommun would deliver it (semicolons, Swedish headings and spellings),
    read by the package's own reader."""
    orsak = {"egen_begaran": "Egen begäran", "ovrigt": "Övrigt", "pension": "Pension"}
    rader = ["Datum;Person ID;Typ;Nämnd;Yrkeskategori;Motpart;Orsak"]
    rader += [";".join([d, p, t.capitalize(), n, y, m, "" if pd.isna(o) else orsak[o]])
              for d, p, t, n, y, m, o in HANDGJORDA]
    fil = mapp / "handelser.csv"
    fil.write_text("\n".join(rader) + "\n", encoding="utf-8")
    return las_tabell(fil, schema.HANDELSER)


def test_samma_kolumner_och_typer_som_en_inlast_handelsefil(tmp_path):
    """The derived frame has exactly the columns and dtypes the reader gives a handelser file."""
    inlast = _handelsefil(tmp_path)
    assert list(inlast.columns) == KOLUMNER
    assert harled_handelser(_register(), 65).dtypes.equals(inlast.dtypes)


def test_omsattning_och_floden_som_med_handgjord_handelsefil(tmp_path):
    """The derived events give the identical turnover and flow tables as the hand-made event file."""
    a = _register()
    bas = pd.Timestamp(D25)
    harledda = harled_handelser(a, pensionsalder=65)
    handgjorda = _handelsefil(tmp_path)
    o = floden.omsattning(a, harledda, bas)
    pd.testing.assert_frame_equal(o, floden.omsattning(a, handgjorda, bas))
    pd.testing.assert_frame_equal(floden.floden(harledda, bas), floden.floden(handgjorda, bas))
    # and the hand count of the turnover: Skolnämnden, senaste_12, månadsavlönade tillsvidare:
    # 2024: P01 P02 P05 P06 P09 = 5, 2025: P01 P05 P06 = 3 rows -> medelantal 4; leaving the
    # förvaltning: P02 (extern) and P09 (annan_forvaltning) = 2, none pension
    s = o.set_index(["namnd", "yrkeskategori", "period"]).loc[("Skolnämnden", "Totalt", "senaste_12")]
    assert (float(s["medelantal"]), int(s["avgangar"]), int(s["avgangar_pension"])) == (4.0, 2, 0)
    # Omsorgsnämnden, senaste_12: P03 is a retirement, P12 leaves externally
    s = o.set_index(["namnd", "yrkeskategori", "period"]).loc[("Omsorgsnämnden", "Totalt", "senaste_12")]
    assert (int(s["avgangar"]), int(s["avgangar_pension"])) == (2, 1)


def test_beskrivning_sager_vad_som_inte_syns():
    for text in ("mellan två mätdatum", "exakta datumet", "skälet till en avgång", "uppskattning",
                 "Före det första mätdatumet"):
        assert text in BESKRIVNING
    assert "minst 65 år" in beskrivning(65)
    assert "Ingen avgång räknas som pension" in beskrivning(None)
