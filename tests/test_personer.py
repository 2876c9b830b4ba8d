"""One row per anställning, each person counted once (kfanalys.modell.personer and its users).

Every expected value is worked out by hand in a comment from small frames written here, or is a
metamorphic comparison: the same persons with an extra timavlönad job must give IDENTICAL person
counts.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from kfanalys.berakning.cykel import berakna_cykel
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.modell import floden as fl
from kfanalys.modell import nulage as nl
from kfanalys.modell import pension as pe
from kfanalys.modell import personer as ps
from kfanalys.modell.uppfoljning import uppfoljning

BAS = pd.Timestamp("2025-11-01")
FORE = pd.Timestamp("2024-11-01")
TIDIGARE = pd.Timestamp("2023-11-01")
N, M = "Socialnämnden", "Tekniska nämnden"


def _rad(pid, namnd=N, yrke="Y", grad=100.0, lon="manad", form="tillsvidare", alder=40, kon="K", datum=BAS,
         befattning=None, chef=False, chef_id=None):
    return {"matdatum": datum, "person_id": pid, "namnd": namnd, "forvaltning": namnd, "avdelning": "A",
            "enhet": "E", "befattning": befattning or yrke, "yrkeskategori": yrke, "kon": kon,
            "fodelsear": datum.year - alder, "anstallningsform": form, "loneform": lon,
            "sysselsattningsgrad": float(grad), "chef": chef, "chef_id": chef_id}


def _ram(rader) -> pd.DataFrame:
    """Typed like Indata.anstallningar (str columns, datetime64[ns], float64 grad, bool chef)."""
    df = pd.DataFrame(rader)
    df["matdatum"] = pd.to_datetime(df["matdatum"]).astype("datetime64[ns]")
    df["chef_id"] = df["chef_id"].astype("object")
    return df


def _hand(rader) -> pd.DataFrame:
    df = pd.DataFrame(rader, columns=["datum", "person_id", "typ", "namnd", "yrkeskategori", "motpart", "orsak"])
    df["datum"] = pd.to_datetime(df["datum"]).astype("datetime64[ns]")
    return df


def _rad_av(df, namnd, niva, grupp):
    r = df[(df["namnd"] == namnd) & (df["niva"] == niva) & (df["grupp"] == grupp)]
    assert len(r) == 1, (namnd, niva, grupp)
    return r.iloc[0]


# ------------------------------------------------------------------ the huvudanställning rule

def test_manad_75_och_timme_20_ar_en_person():
    # p1: månad 75 % as Undersköterska and timme 20 % as Vårdbiträde (the timme job comes FIRST in the
    # file, so file order alone would pick it). p2: one job månad 100 %, Vårdbiträde.
    a = _ram([_rad("p1", yrke="Vårdbiträde", grad=20, lon="timme"), _rad("p1", yrke="Undersköterska", grad=75),
              _rad("p2", yrke="Vårdbiträde", grad=100)])
    h = ps.huvudanstallningar(a)
    assert h["person_id"].tolist() == ["p1", "p2"]
    assert h["yrkeskategori"].tolist() == ["Undersköterska", "Vårdbiträde"]
    assert h["arsarbetare"].tolist() == pytest.approx([0.95, 1.0])  # 0.75 + 0.20; 1.00
    assert h["anstallningar"].tolist() == [2, 1]
    r = nl.nulage(a, BAS)
    tot = _rad_av(r, N, "namnd", TOTALT)
    # 2 persons, 3 employments, 0.95 + 1.0 = 1.95 årsarbetare; heltid only p2 (p1's huvud is 75 %)
    assert (tot["antal"], tot["anstallningar"], tot["heltid"], tot["manadsavlonade"]) == (2, 3, 1, 2)
    assert tot["arsarbetare"] == pytest.approx(1.95)
    usk = _rad_av(r, N, "yrkeskategori", "Undersköterska")
    assert (usk["antal"], usk["anstallningar"], usk["heltid"]) == (1, 2, 0)
    assert usk["arsarbetare"] == pytest.approx(0.95)
    vb = _rad_av(r, N, "yrkeskategori", "Vårdbiträde")  # p2 only: p1's timme job is under Undersköterska
    assert (vb["antal"], vb["anstallningar"]) == (1, 1)


def test_lika_grad_manad_fore_timme():
    # 50 % timme (first in the file) and 50 % månad: the månad job wins
    a = _ram([_rad("p1", yrke="T", grad=50, lon="timme"), _rad("p1", yrke="M", grad=50, lon="manad")])
    h = ps.huvudanstallningar(a)
    assert h[["yrkeskategori", "loneform"]].values.tolist() == [["M", "manad"]]
    assert nl.manadsavlonade(a, BAS)[["yrkeskategori", "antal"]].values.tolist() == [["M", 1]]


def test_lika_grad_och_loneform_tillsvidare_fore_visstid():
    a = _ram([_rad("p1", yrke="V", grad=50, form="visstid"), _rad("p1", yrke="TV", grad=50, form="tillsvidare")])
    assert ps.huvudanstallningar(a)["yrkeskategori"].tolist() == ["TV"]
    tot = _rad_av(nl.nulage(a, BAS), N, "namnd", TOTALT)
    assert (tot["antal"], tot["tillsvidare"]) == (1, 1)


def test_helt_lika_filordningen_avgor():
    a = _ram([_rad("p1", yrke="Forst", grad=50), _rad("p1", yrke="Sedan", grad=50)])
    assert ps.huvudanstallningar(a)["yrkeskategori"].tolist() == ["Forst"]
    omvand = a.iloc[::-1].reset_index(drop=True)
    assert ps.huvudanstallningar(omvand)["yrkeskategori"].tolist() == ["Sedan"]


def test_hogst_grad_vinner_och_radordningen_bevaras():
    # p2's 60 % job (row 3) beats its 40 % job (row 1); p1 (row 2) has one job; output in row order of the
    # chosen rows: p1 (row 2) before p2 (row 3)
    a = _ram([_rad("p2", yrke="Liten", grad=40), _rad("p1", yrke="A"), _rad("p2", yrke="Stor", grad=60)])
    h = ps.huvudanstallningar(a)
    assert h[["person_id", "yrkeskategori"]].values.tolist() == [["p1", "A"], ["p2", "Stor"]]
    assert list(h.columns) == [*a.columns, "arsarbetare", "anstallningar"]


def test_en_anstallning_per_person_andrar_ingenting():
    a = _ram([_rad("p1"), _rad("p2", grad=50), _rad("p1", datum=FORE)])
    h = ps.huvudanstallningar(a)
    pd.testing.assert_frame_equal(h.drop(columns=["arsarbetare", "anstallningar"]), a)
    assert h["arsarbetare"].tolist() == [1.0, 0.5, 1.0]
    assert h["anstallningar"].tolist() == [1, 1, 1]


def test_tva_namnder_raknas_i_bada_men_en_gang_i_kommunen():
    # p1: 60 % in N as X, 40 % in M as Y (kon K, age 66). p2: 100 % in M as Y (kon M, age 30).
    a = _ram([_rad("p1", namnd=N, yrke="X", grad=60, alder=66), _rad("p1", namnd=M, yrke="Y", grad=40, alder=66),
              _rad("p2", namnd=M, yrke="Y", grad=100, alder=30, kon="M")])
    assert len(ps.huvudanstallningar(a, "namnd")) == 3
    k = ps.huvudanstallningar(a, "kommun")
    assert k[["person_id", "namnd", "yrkeskategori", "arsarbetare", "anstallningar"]].values.tolist() == [
        ["p1", N, "X", 1.0, 2], ["p2", M, "Y", 1.0, 1]]
    r = nl.nulage(a, BAS)
    assert _rad_av(r, N, "namnd", TOTALT)["antal"] == 1
    assert _rad_av(r, M, "namnd", TOTALT)["antal"] == 2  # p1 and p2
    kommun = _rad_av(r, HELA_KOMMUNEN, "namnd", TOTALT)
    # 2 persons (not 1 + 2 = 3), 3 employments, 0.6 + 0.4 + 1.0 = 2.0 årsarbetare, 1 woman, 1 man
    assert (kommun["antal"], kommun["anstallningar"], kommun["kvinnor"], kommun["man"]) == (2, 3, 1, 1)
    assert kommun["arsarbetare"] == pytest.approx(2.0)
    # in the kommun p1 is an X (60 % > 40 %): X 1 person, Y 1 person (p2)
    assert _rad_av(r, HELA_KOMMUNEN, "yrkeskategori", "X")["antal"] == 1
    assert _rad_av(r, HELA_KOMMUNEN, "yrkeskategori", "Y")["antal"] == 1
    assert _rad_av(r, HELA_KOMMUNEN, "yrkeskategori", "Y")["arsarbetare"] == pytest.approx(1.0)
    # age pyramid: the kommun has 2 persons, the nämnder 1 + 2
    ald = nl.aldersstruktur(a, BAS)
    assert ald.loc[ald["namnd"] == HELA_KOMMUNEN, "antal"].sum() == 2
    assert ald.loc[ald["namnd"] == M, "antal"].sum() == 2
    # pension: p1 is 66, above the profile's last age -> retires in year 1 with probability 1, counted in N and
    # in M, once in the kommun; p2 (30) does not retire within 2 years
    per_ar = pe.forvantade_pensioner(a, BAS, {65: 1.0}, 2)
    sam = pe.pension_sammanfattning(per_ar, nl.manadsavlonade(a, BAS, med_kommun=True), inom=(2,), basar=2025)
    rad = sam.set_index(["namnd", "yrkeskategori"])
    assert rad.loc[(N, TOTALT), "inom_2"] == pytest.approx(1.0)
    assert rad.loc[(M, TOTALT), "inom_2"] == pytest.approx(1.0)
    assert rad.loc[(HELA_KOMMUNEN, TOTALT), "inom_2"] == pytest.approx(1.0)  # not 2.0
    assert int(rad.loc[(HELA_KOMMUNEN, TOTALT), "antal"]) == 2               # not 3
    assert int(rad.loc[(HELA_KOMMUNEN, "X"), "antal"]) == 1
    assert int(rad.loc[(HELA_KOMMUNEN, "Y"), "antal"]) == 1


def test_chefer_en_gang_per_person():
    # chef c1 has a second (timme) job without the chef flag; medarbetare m1 (2 jobs), m2 (1 job)
    a = _ram([_rad("c1", chef=True), _rad("c1", grad=10, lon="timme"),
              _rad("m1", chef_id="c1"), _rad("m1", grad=10, lon="timme", chef_id="c1"), _rad("m2", chef_id="c1")])
    r = nl.chefer(a, BAS).set_index("namnd")
    assert (r.loc[N, "antal_chefer"], r.loc[N, "antal_medarbetare"]) == (1, 2)  # m1 once, m2
    assert (r.loc[HELA_KOMMUNEN, "antal_chefer"], r.loc[HELA_KOMMUNEN, "antal_medarbetare"]) == (1, 2)


# ------------------------------------------------------------------ metamorphic: an extra timavlönad job

@pytest.fixture(scope="module")
def en_per_person(exempel_indata):
    """The Exempelkommun without the persons who ever have two employments at one matdatum (and without
    their events): one employment per person and matdatum, events consistent with the snapshots."""
    a, h = exempel_indata.anstallningar, exempel_indata.handelser
    antal = a.groupby(["matdatum", "person_id"]).size()
    flera = antal[antal > 1].index.get_level_values("person_id").unique()
    assert len(flera) > 0  # the Exempelkommun has persons with several jobs; they are left out here
    return dataclasses.replace(exempel_indata, anstallningar=a[~a["person_id"].isin(flera)].reset_index(drop=True),
                               handelser=h[~h["person_id"].isin(flera)].reset_index(drop=True))


def _syntetiskt(seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A register with one employment per person at the snapshots 2023, 2024, 2025-11-01 and its events:
    240 persons in two nämnder; a person is employed from snapshot ``start`` to ``slut`` (hired, with an
    event, between the snapshot before and ``start``; gone, with an event, after ``slut``)."""
    rng = np.random.default_rng(seed)
    n = 240
    bilder = [TIDIGARE, FORE, BAS]
    pid = np.array([f"p{i:04d}" for i in range(n)], dtype=object)
    namnd = rng.choice([N, M], n)
    yrke = rng.choice(["A", "B", "C"], n)
    alder = rng.integers(20, 67, n)
    timme = rng.random(n) < 0.1
    bas = pd.DataFrame({"person_id": pid, "namnd": namnd, "forvaltning": namnd, "avdelning": "A", "enhet": "E",
                        "befattning": yrke, "yrkeskategori": yrke, "kon": rng.choice(["K", "M"], n),
                        "fodelsear": 2025 - alder, "anstallningsform": np.where(rng.random(n) < 0.15, "visstid",
                                                                                 "tillsvidare"),
                        "loneform": np.where(timme, "timme", "manad"),
                        "sysselsattningsgrad": np.where(timme, 0.0, rng.choice([50.0, 75.0, 100.0], n)),
                        "chef": np.arange(n) < 6, "chef_id": np.array([f"p{i % 6:04d}" for i in range(n)], dtype=object)})
    start = np.where(rng.random(n) < 0.7, 0, rng.integers(1, 3, n))
    slut = np.minimum(start + rng.integers(0, 4, n), 2)
    slut = np.where(rng.random(n) < 0.6, 2, slut)
    a = pd.concat([bas[(start <= k) & (k <= slut)].assign(matdatum=d) for k, d in enumerate(bilder)],
                  ignore_index=True)
    a = a[["matdatum", *bas.columns]]
    a["matdatum"] = a["matdatum"].astype("datetime64[ns]")
    dag = pd.to_timedelta(rng.integers(1, 365, n), unit="D")
    anst = start > 0
    slutar = slut < 2
    fran = np.array(bilder, dtype="datetime64[ns]")
    h = pd.concat([
        pd.DataFrame({"datum": fran[np.maximum(start - 1, 0)][anst] + dag[anst].to_numpy(), "person_id": pid[anst],
                      "typ": "anstallning", "namnd": namnd[anst], "yrkeskategori": yrke[anst],
                      "motpart": rng.choice(["extern", "annan_forvaltning"], int(anst.sum())), "orsak": None}),
        pd.DataFrame({"datum": fran[slut][slutar] + dag[slutar].to_numpy(), "person_id": pid[slutar],
                      "typ": "avgang", "namnd": namnd[slutar], "yrkeskategori": yrke[slutar],
                      "motpart": rng.choice(["extern", "annan_forvaltning"], int(slutar.sum())),
                      "orsak": np.where(alder[slutar] >= 62, "pension", "egen_begaran")}),
    ], ignore_index=True)
    return a, h.sort_values("datum", kind="stable").reset_index(drop=True)


def test_syntetiska_handelser_oforandrade():
    a, h = _syntetiskt()
    assert h["typ"].value_counts().min() > 20
    pd.testing.assert_frame_equal(ps.personhandelser(h, a), h)


def _med_extra_jobb(a: pd.DataFrame, antal: int = 20) -> tuple[pd.DataFrame, list[str]]:
    """``a`` plus, for ``antal`` persons månadsavlönade at the base date with grad > 10, a timavlönad 10 %
    job in the same nämnd (same yrkeskategori and befattning) at every snapshot they are in that nämnd."""
    bas = a[(a["matdatum"] == BAS) & (a["loneform"] == "manad") & (a["sysselsattningsgrad"] > 10)]
    valda = sorted(bas["person_id"].unique())[:: max(1, bas["person_id"].nunique() // antal)][:antal]
    namnd = bas.drop_duplicates("person_id").set_index("person_id")["namnd"]
    extra = a[a["person_id"].isin(valda)]
    extra = extra[extra["namnd"].to_numpy() == extra["person_id"].map(namnd).to_numpy()]
    extra = extra.assign(loneform="timme", sysselsattningsgrad=10.0, chef=False)
    return pd.concat([a, extra], ignore_index=True), valda


PERSONKOLUMNER_NULAGE = [k for k in nl.NULAGE_KOLUMNER if k not in ("anstallningar", "arsarbetare")]


def test_extra_timjobb_andrar_inga_personantal():
    a, h = _syntetiskt()
    b, valda = _med_extra_jobb(a)
    assert len(valda) == 20
    assert len(b) > len(a) + 20  # the extra jobs at earlier snapshots too
    n_a, n_b = nl.nulage(a, BAS), nl.nulage(b, BAS)
    pd.testing.assert_frame_equal(n_a[PERSONKOLUMNER_NULAGE], n_b[PERSONKOLUMNER_NULAGE])
    kommun_a, kommun_b = (_rad_av(t, HELA_KOMMUNEN, "namnd", TOTALT) for t in (n_a, n_b))
    assert kommun_b["arsarbetare"] - kommun_a["arsarbetare"] == pytest.approx(20 * 0.1)
    assert kommun_b["anstallningar"] - kommun_a["anstallningar"] == 20
    namnder = (n_a["niva"] == "namnd") & (n_a["namnd"] != HELA_KOMMUNEN)
    assert (n_b.loc[namnder, "arsarbetare"].sum() - n_a.loc[namnder, "arsarbetare"].sum()) == pytest.approx(2.0)
    pd.testing.assert_frame_equal(nl.aldersstruktur(a, BAS), nl.aldersstruktur(b, BAS))
    pd.testing.assert_frame_equal(nl.chefer(a, BAS), nl.chefer(b, BAS))
    pd.testing.assert_frame_equal(nl.manadsavlonade(a, BAS, med_kommun=True), nl.manadsavlonade(b, BAS, med_kommun=True))
    profil = {62: 0.1, 65: 0.5, 67: 1.0}
    p_a, p_b = pe.forvantade_pensioner(a, BAS, profil, 10), pe.forvantade_pensioner(b, BAS, profil, 10)
    pd.testing.assert_frame_equal(p_a, p_b)
    pd.testing.assert_frame_equal(pe.pension_sammanfattning(p_a, nl.manadsavlonade(a, BAS, med_kommun=True)),
                                  pe.pension_sammanfattning(p_b, nl.manadsavlonade(b, BAS, med_kommun=True)))
    o_a = fl.omsattning(a, ps.personhandelser(h, a), BAS)
    o_b = fl.omsattning(b, ps.personhandelser(h, b), BAS)
    assert len(o_a) and o_a["avgangar"].sum() > 0
    pd.testing.assert_frame_equal(o_a, o_b)


def test_extra_timjobb_hela_cykeln(en_per_person):
    """berakna_cykel: the person-based tables and the forecasts are identical; only årsarbetare move."""
    b, _ = _med_extra_jobb(en_per_person.anstallningar)
    ra = berakna_cykel(en_per_person, 2025)
    rb = berakna_cykel(dataclasses.replace(en_per_person, anstallningar=b), 2025)
    for namn in ("urval", "aldersstruktur", "chefer", "floden", "omsattning", "pension", "pension_per_ar", "gap",
                 "rekrytering", "rekrytering_per_ar", "risk"):
        pd.testing.assert_frame_equal(ra.tabeller[namn], rb.tabeller[namn], obj=namn)
    fa, fb = ra.tabeller["framskrivning"], rb.tabeller["framskrivning"]
    pd.testing.assert_frame_equal(fa.drop(columns=["arsarbetare", "behov_arsarbetare"]),
                                  fb.drop(columns=["arsarbetare", "behov_arsarbetare"]))
    h0 = (fa["horisont"] == 0) & (fa["namnd"] == HELA_KOMMUNEN) & (fa["yrkeskategori"] == TOTALT)
    assert float(fb.loc[h0, "arsarbetare"].iloc[0] - fa.loc[h0, "arsarbetare"].iloc[0]) == pytest.approx(2.0)
    assert ra.meta["definitioner"]["huvudanstallning"] == ps.DEFINITION_HUVUDANSTALLNING


def test_handelser_oforandrade_med_en_anstallning_per_person(en_per_person):
    h, a = en_per_person.handelser, en_per_person.anstallningar
    pd.testing.assert_frame_equal(ps.personhandelser(h, a), h)


# ------------------------------------------------------------------ events: persons leave and join a nämnd

def _tva_ar(extra_2024=(), extra_2025=()):
    """10 persons månad tillsvidare in N at 2023, 2024 and 2025 (s0..s9), plus the given rows."""
    rader = [_rad(f"s{i}", datum=d) for d in (TIDIGARE, FORE, BAS) for i in range(10)]
    return _ram(rader + [_rad(**r, datum=FORE) for r in extra_2024] + [_rad(**r, datum=BAS) for r in extra_2025])


def test_avgang_fran_ett_av_tva_jobb_ar_ingen_avgang():
    # p has two jobs in N at 2024-11-01 (månad 60 %, månad 40 %); leaves the 40 % job 2025-03-01 (extern) and
    # still has the 60 % job at 2025-11-01: no departure. q had one job and is gone at 2025: one departure.
    a = _tva_ar(extra_2024=[dict(pid="p", grad=60), dict(pid="p", grad=40), dict(pid="q")],
                extra_2025=[dict(pid="p", grad=60)])
    h = _hand([("2025-03-01", "p", "avgang", N, "Y", "extern", None),
               ("2025-05-01", "q", "avgang", N, "Y", "extern", "egen_begaran")])
    kvar = ps.personhandelser(h, a)
    assert kvar["person_id"].tolist() == ["q"]
    o = fl.omsattning(a, kvar, BAS).set_index(["namnd", "yrkeskategori", "period"])
    # denominator senaste_12: 2024-11-01 12 persons (s0..s9, p once, q), 2025-11-01 11 -> 11.5; 1 departure (q)
    assert o.loc[(N, TOTALT, "senaste_12"), "medelantal"] == pytest.approx(11.5)
    assert o.loc[(N, TOTALT, "senaste_12"), "avgangar"] == 1
    assert o.loc[(HELA_KOMMUNEN, TOTALT, "senaste_12"), "avgangar"] == 1
    f = fl.floden(kvar, BAS)
    avg = f[(f["namnd"] == N) & (f["period"] == "senaste_12") & (f["typ"] == "avgang")]
    assert avg["antal"].sum() == 1


def test_extra_anstallning_ar_ingen_rekrytering():
    # p works in N (one job) at 2024 and gets a second (månad 20 %) job there 2025-02-01 (extern): not a
    # recruitment. r is new: not in 2024, hired 2025-04-01, månadsavlönad at 2025 -> one recruitment.
    a = _tva_ar(extra_2024=[dict(pid="p")], extra_2025=[dict(pid="p"), dict(pid="p", grad=20), dict(pid="r")])
    h = _hand([("2025-02-01", "p", "anstallning", N, "Y", "extern", None),
               ("2025-04-01", "r", "anstallning", N, "Y", "extern", None)])
    kvar = ps.personhandelser(h, a)
    assert kvar["person_id"].tolist() == ["r"]
    f = fl.floden(kvar, BAS)
    rek = f[(f["namnd"] == N) & (f["period"] == "senaste_12") & (f["typ"] == "anstallning")]
    assert rek["antal"].sum() == 1
    fram = pd.DataFrame({"namnd": N, "yrkeskategori": "Y", "ar": [2025], "horisont": [1], "behov": [12.0]})
    per_ar = pd.DataFrame({"namnd": N, "yrkeskategori": "Y", "ar": [2025], "rekryteringar": [1.0]})
    u = uppfoljning(fram, per_ar, a, kvar)
    # 2025: 12 persons (s0..s9, p once, r), 1 recruitment (r)
    assert u[["faktiskt_antal", "faktiska_rekryteringar"]].values.tolist() == [[12, 1.0]]


def test_tva_jobb_lamnas_olika_dagar_ar_en_avgang():
    # p leaves both jobs (2025-02-01 and 2025-06-01) between the two snapshots: one departure, the last
    a = _tva_ar(extra_2024=[dict(pid="p", grad=50), dict(pid="p", grad=50)])
    h = _hand([("2025-02-01", "p", "avgang", N, "Y", "extern", None),
               ("2025-06-01", "p", "avgang", N, "Y", "extern", None)])
    kvar = ps.personhandelser(h, a)
    assert kvar["datum"].tolist() == [pd.Timestamp("2025-06-01")]
    assert kvar.index.tolist() == [1]
    o = fl.omsattning(a, kvar, BAS).set_index(["namnd", "yrkeskategori", "period"])
    assert o.loc[(N, TOTALT, "senaste_12"), "avgangar"] == 1


def test_tva_jobb_borjar_olika_dagar_ar_en_rekrytering():
    a = _tva_ar(extra_2025=[dict(pid="n", grad=50), dict(pid="n", grad=30)])
    h = _hand([("2025-02-01", "n", "anstallning", N, "Y", "extern", None),
               ("2025-06-01", "n", "anstallning", N, "Y", "extern", None)])
    kvar = ps.personhandelser(h, a)
    assert kvar["datum"].tolist() == [pd.Timestamp("2025-02-01")]


def test_avgang_fran_en_av_tva_namnder_raknas_i_den_namnden():
    # p works in N and M at 2024; leaves M 2025-03-01 (extern), still in N at 2025: a departure from M
    a = _tva_ar(extra_2024=[dict(pid="p", namnd=N, grad=50), dict(pid="p", namnd=M, grad=50)],
                extra_2025=[dict(pid="p", namnd=N, grad=50)])
    h = _hand([("2025-03-01", "p", "avgang", M, "Y", "extern", None)])
    kvar = ps.personhandelser(h, a)
    assert len(kvar) == 1
    o = fl.omsattning(a, kvar, BAS).set_index(["namnd", "yrkeskategori", "period"])
    assert o.loc[(M, TOTALT, "senaste_12"), "avgangar"] == 1
    assert o.loc[(N, TOTALT, "senaste_12"), "avgangar"] == 0
    # M: 1 person at 2024, 0 at 2025 -> 0.5; the kommun: 11 persons (p once) at both ends
    assert o.loc[(M, TOTALT, "senaste_12"), "medelantal"] == pytest.approx(0.5)
    assert o.loc[(HELA_KOMMUNEN, TOTALT, "senaste_12"), "medelantal"] == pytest.approx(11.0)


def test_lamnar_tva_namnder_samma_dag_en_avgang_i_kommunen():
    a = _tva_ar(extra_2024=[dict(pid="p", namnd=N, grad=50), dict(pid="p", namnd=M, grad=50)])
    h = _hand([("2025-03-01", "p", "avgang", N, "Y", "extern", None),
               ("2025-03-01", "p", "avgang", M, "Y", "extern", None)])
    kvar = ps.personhandelser(h, a)
    assert len(kvar) == 2
    o = fl.omsattning(a, kvar, BAS).set_index(["namnd", "yrkeskategori", "period"])
    assert (o.loc[(N, TOTALT, "senaste_12"), "avgangar"], o.loc[(M, TOTALT, "senaste_12"), "avgangar"]) == (1, 1)
    assert o.loc[(HELA_KOMMUNEN, TOTALT, "senaste_12"), "avgangar"] == 1


def test_fel_niva_ger_svenskt_fel():
    from kfanalys.grund.fel import Berakningsfel

    with pytest.raises(Berakningsfel, match="niva ska vara namnd eller kommun"):
        ps.huvudanstallningar(_ram([_rad("p1")]), "forvaltning")


def test_stor_ram_ar_vektoriserad():
    # 200 000 employments, 100 000 persons with two jobs each: the larger (månad 60-99 %) is chosen
    rng = np.random.default_rng(1)
    n = 100_000
    a = pd.DataFrame({"matdatum": np.full(2 * n, BAS.to_datetime64()),
                      "person_id": np.tile(np.arange(n).astype(str), 2).astype(object),
                      "namnd": N, "yrkeskategori": np.repeat(["stor", "liten"], n),
                      "loneform": np.repeat(["manad", "timme"], n), "anstallningsform": "tillsvidare",
                      "sysselsattningsgrad": np.concatenate([rng.integers(60, 100, n), rng.integers(0, 40, n)])
                      .astype(float)})
    h = ps.huvudanstallningar(a)
    assert len(h) == n and (h["yrkeskategori"] == "stor").all() and (h["anstallningar"] == 2).all()
    assert h["arsarbetare"].sum() == pytest.approx(a["sysselsattningsgrad"].sum() / 100)


def test_cykeln_rensar_handelserna(exempel_indata):
    """berakna_cykel uses the cleaned events: the Exempelkommun has persons with several jobs, so the
    flows differ from those of the raw events and equal those of personhandelser."""
    a, h = exempel_indata.anstallningar, exempel_indata.handelser
    rensade = ps.personhandelser(h, a)
    assert len(rensade) < len(h)
    res = berakna_cykel(exempel_indata, 2025)
    bas = nl.basdatum(a, 2025)
    pd.testing.assert_frame_equal(res.tabeller["floden"], fl.floden(rensade, bas))
    pd.testing.assert_frame_equal(res.tabeller["omsattning"], fl.omsattning(a, rensade, bas))
    assert not fl.floden(h, bas)["antal"].equals(res.tabeller["floden"]["antal"])
    # some persons work in two nämnder: the kommun counts them once, the nämnder in each
    personer = a.loc[a["matdatum"] == bas, "person_id"].nunique()
    n = res.tabeller["nulage"]
    tot = n[(n["niva"] == "namnd") & (n["grupp"] == TOTALT)].set_index("namnd")
    assert tot.loc[HELA_KOMMUNEN, "antal"] == personer < tot.drop(index=HELA_KOMMUNEN)["antal"].sum()
    p = res.tabeller["pension"]
    p_tot = p[p["yrkeskategori"] == TOTALT].set_index("namnd")
    assert p_tot.loc[HELA_KOMMUNEN, "antal"] == tot.loc[HELA_KOMMUNEN, "manadsavlonade"]
    assert p_tot.loc[HELA_KOMMUNEN, "antal"] < p_tot.drop(index=HELA_KOMMUNEN)["antal"].sum()
