"""Flows and personalomsättning on a register and event list written by hand.

Snapshots 2023-11-01, 2024-11-01, 2025-11-01 (base date). Periods: senaste_12 =
(2024-11-01, 2025-11-01], foregaende_12 = (2023-11-01, 2024-11-01].

Socialnämnden (S), Socialsekreterare, månadsavlönade tillsvidare ("the group"):
  2023: s1..s20, o1, o2 (22)   2024: s1..s20 (20)   2025: s1..s18, s21..s24 (22)
  v1 visstid and h1 timavlönad are in S at 2024 but outside the group.
Tekniska nämnden (T): Ingenjör 2023: t1..t8, 2024: t1..t8, 2025: t1..t7, t9 (8 each);
  Socialsekreterare u1, u2 at every snapshot.
Kulturnämnden (K): Bibliotekarie b1 at every snapshot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kfanalys.modell import floden as fl
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

BAS = pd.Timestamp("2025-11-01")
D23, D24 = pd.Timestamp("2023-11-01"), pd.Timestamp("2024-11-01")
S, T, K = "Socialnämnden", "Tekniska nämnden", "Kulturnämnden"
SS = "Socialsekreterare"


def _a(datum, pid, namnd, yrke, form="tillsvidare", lon="manad"):
    return {"matdatum": datum, "person_id": pid, "namnd": namnd, "forvaltning": namnd,
            "befattning": yrke, "yrkeskategori": yrke, "kon": "K", "fodelsear": 1980,
            "anstallningsform": form, "loneform": lon, "sysselsattningsgrad": 100.0 if lon == "manad" else 0.0,
            "chef": False}


def anstallningar(med_2023: bool = True) -> pd.DataFrame:
    r = []
    if med_2023:
        r += [_a(D23, f"s{i}", S, SS) for i in range(1, 21)] + [_a(D23, "o1", S, SS), _a(D23, "o2", S, SS)]
        r += [_a(D23, f"t{i}", T, "Ingenjör") for i in range(1, 9)]
    r += [_a(D24, f"s{i}", S, SS) for i in range(1, 21)]
    r += [_a(D24, "v1", S, SS, form="visstid"), _a(D24, "h1", S, SS, lon="timme")]
    r += [_a(D24, f"t{i}", T, "Ingenjör") for i in range(1, 9)]
    r += [_a(BAS, f"s{i}", S, SS) for i in list(range(1, 19)) + [21, 22, 23, 24]]
    r += [_a(BAS, "h1", S, SS, lon="timme")]
    r += [_a(BAS, f"t{i}", T, "Ingenjör") for i in [1, 2, 3, 4, 5, 6, 7, 9]]
    for d in ([D23] if med_2023 else []) + [D24, BAS]:
        r += [_a(d, "u1", T, SS), _a(d, "u2", T, SS), _a(d, "b1", K, "Bibliotekarie")]
    df = pd.DataFrame(r)
    df["matdatum"] = pd.to_datetime(df["matdatum"])
    return df


def _h(datum, pid, typ, namnd, yrke, motpart, orsak=None):
    return {"datum": pd.Timestamp(datum), "person_id": pid, "typ": typ, "namnd": namnd,
            "yrkeskategori": yrke, "motpart": motpart, "orsak": orsak}


def handelser() -> pd.DataFrame:
    r = [
        # senaste_12, departures
        _h("2025-02-01", "s19", "avgang", S, SS, "extern", "egen_begaran"),  # counts
        _h("2025-05-01", "s20", "avgang", S, SS, "extern", "pension"),  # counts, pension
        _h("2025-03-01", "s3", "avgang", S, SS, "inom_forvaltning", "ovrigt"),  # internal: not counted
        _h("2025-04-01", "v1", "avgang", S, SS, "extern", "egen_begaran"),  # visstid: not counted
        _h("2025-06-30", "n1", "avgang", S, SS, "extern", "egen_begaran"),  # no snapshot: not counted
        _h("2025-03-01", "t8", "avgang", T, "Ingenjör", "annan_forvaltning", "egen_begaran"),  # counts
        # senaste_12, hires
        _h("2025-01-15", "n1", "anstallning", S, SS, "extern"),
        _h("2025-01-10", "s21", "anstallning", S, SS, "extern"),
        _h("2025-02-10", "s22", "anstallning", S, SS, "extern"),
        _h("2025-03-01", "s23", "anstallning", S, SS, "inom_forvaltning"),
        _h("2025-06-01", "s24", "anstallning", S, SS, "annan_forvaltning"),
        _h("2025-02-01", "t9", "anstallning", T, "Ingenjör", "extern"),
        # foregaende_12
        _h("2024-05-01", "o1", "avgang", S, SS, "extern", "egen_begaran"),
        _h("2024-11-01", "o2", "avgang", S, SS, "extern"),  # on the period's last day, orsak missing
        # outside both periods
        _h("2023-06-01", "o2", "anstallning", S, SS, "extern"),
        _h("2025-12-01", "s1", "avgang", S, SS, "extern"),
    ]
    return pd.DataFrame(r)


def _en(df, **nycklar):
    m = np.ones(len(df), dtype=bool)
    for k, v in nycklar.items():
        m &= (df[k] == v).to_numpy()
    assert m.sum() == 1, nycklar
    return df[m].iloc[0]


def test_definitionen_ar_svensk_och_namner_gruppen():
    assert "månadsavlönade tillsvidareanställda" in fl.DEFINITION_OMSATTNING
    assert "pension" in fl.DEFINITION_OMSATTNING


def test_perioder_bada_berakningsbara():
    p = fl.perioder(anstallningar(), BAS).set_index("period")
    assert list(p.reset_index().columns) == fl.PERIODER_KOLUMNER
    assert p.loc["senaste_12", "start"] == D24 and p.loc["senaste_12", "slut"] == BAS
    assert p.loc["foregaende_12", "start"] == D23 and p.loc["foregaende_12", "slut"] == D24
    assert p.loc["foregaende_12", "period_fran"] == D23
    assert p["berakningsbar"].all()


def test_perioder_utan_ogonblicksbild_tva_ar_sedan():
    p = fl.perioder(anstallningar(med_2023=False), BAS).set_index("period")
    assert p.loc["senaste_12", "berakningsbar"]
    assert not p.loc["foregaende_12", "berakningsbar"]
    assert "2023-11-01" in p.loc["foregaende_12", "anmarkning"]
    o = fl.omsattning(anstallningar(med_2023=False), handelser(), BAS)
    assert set(o["period"]) == {"senaste_12"}


def test_perioder_ogonblicksbild_langt_fran_12_manader():
    a = anstallningar(med_2023=False)
    a = a.assign(matdatum=a["matdatum"].where(a["matdatum"] != D24, pd.Timestamp("2024-03-01")))
    p = fl.perioder(a, BAS).set_index("period")
    assert not p.loc["senaste_12", "berakningsbar"]  # 2024-03-01 is 8 months from 2024-11-01
    o = fl.omsattning(a, handelser(), BAS)
    assert o.empty and list(o.columns) == fl.OMSATTNING_KOLUMNER


def test_floden_kallor_och_destinationer():
    f = fl.floden(handelser(), BAS)
    assert list(f.columns) == fl.FLODEN_KOLUMNER
    # S senaste avgång: extern s19, s20, v1, n1 = 4; inom s3 = 1; annan 0 -> 5
    r = _en(f, namnd=S, period="senaste_12", typ="avgang", motpart="extern")
    assert r["antal"] == 4 and r["andel"] == pytest.approx(4 / 5)
    assert _en(f, namnd=S, period="senaste_12", typ="avgang", motpart="annan_forvaltning")["antal"] == 0
    # S senaste anställning: extern n1, s21, s22 = 3; inom s23; annan s24 -> 5
    r = _en(f, namnd=S, period="senaste_12", typ="anstallning", motpart="extern")
    assert r["antal"] == 3 and r["andel"] == pytest.approx(3 / 5)
    assert r["period_fran"] == D24 and r["period_till"] == BAS
    # foregaende: o1 and o2 (2024-11-01 is inside (2023-11-01, 2024-11-01])
    assert _en(f, namnd=S, period="foregaende_12", typ="avgang", motpart="extern")["antal"] == 2
    assert f[(f["namnd"] == S) & (f["period"] == "foregaende_12") & (f["typ"] == "anstallning")].empty
    # kommun senaste avgång: extern 4, inom 1, annan 1 (t8) -> 6
    r = _en(f, namnd=HELA_KOMMUNEN, period="senaste_12", typ="avgang", motpart="annan_forvaltning")
    assert r["antal"] == 1 and r["andel"] == pytest.approx(1 / 6)
    assert f["antal"].sum() == 2 * (12 + 2)  # (senaste 12 + foregaende 2) in nämnder and again in kommun


def test_omsattning_tva_av_tjugo_och_tjugotva():
    o = fl.omsattning(anstallningar(), handelser(), BAS)
    assert list(o.columns) == fl.OMSATTNING_KOLUMNER
    r = _en(o, namnd=S, yrkeskategori=SS, period="senaste_12")
    # group 20 at 2024-11-01 and 22 at 2025-11-01 -> 21; s19 (extern) + s20 (extern, pension);
    # s3 internal, v1 visstid, n1 without a snapshot are not counted
    assert r["medelantal"] == pytest.approx(21.0)
    assert r["avgangar"] == 2 and r["avgangar_pension"] == 1
    assert r["omsattning"] == pytest.approx(2 / 21)  # 9,52 %
    assert r["omsattning_exkl_pension"] == pytest.approx(1 / 21)  # 4,76 %
    r = _en(o, namnd=S, yrkeskategori=SS, period="foregaende_12")
    # 22 at 2023 and 20 at 2024 -> 21; o1 and o2 (latest snapshot 2023-11-01, in the group)
    assert r["medelantal"] == pytest.approx(21.0) and r["avgangar"] == 2
    assert r["omsattning"] == pytest.approx(2 / 21)
    r = _en(o, namnd=T, yrkeskategori="Ingenjör", period="senaste_12")
    assert r["medelantal"] == pytest.approx(8.0) and r["avgangar"] == 1  # annan_forvaltning counts
    r = _en(o, namnd=T, yrkeskategori=TOTALT, period="senaste_12")
    assert r["medelantal"] == pytest.approx(10.0)  # 8 Ingenjör + 2 Socialsekreterare
    assert r["omsattning"] == pytest.approx(1 / 10)
    r = _en(o, namnd=HELA_KOMMUNEN, yrkeskategori=TOTALT, period="senaste_12")
    # 21 (S) + 10 (T) + 1 (K) = 32; s19, s20, t8
    assert r["medelantal"] == pytest.approx(32.0) and r["avgangar"] == 3 and r["avgangar_pension"] == 1
    assert r["omsattning"] == pytest.approx(3 / 32)
    r = _en(o, namnd=HELA_KOMMUNEN, yrkeskategori=SS, period="senaste_12")
    assert r["medelantal"] == pytest.approx(23.0)  # 21 + 2


def test_omsattningstakt_pool_och_reservkallor():
    o = fl.omsattning(anstallningar(), handelser(), BAS)
    t = fl.omsattningstakt(o, minsta_antal=5).set_index(["namnd", "yrkeskategori"])  # threshold 4 x 5 = 20
    # S Socialsekreterare: pooled medelantal 21 + 21 = 42; excl. pension (2 - 1) + 2 = 3
    assert t.loc[(S, SS), "takt"] == pytest.approx(3 / 42)
    assert t.loc[(S, SS), "kalla"] == "egen"
    # T Socialsekreterare: pooled 2 + 2 = 4 < 20 -> kommun Socialsekreterare: 3 / (42 + 4)
    assert t.loc[(T, SS), "takt"] == pytest.approx(3 / 46)
    assert t.loc[(T, SS), "kalla"] == "kommunen_yrkeskategori"
    # T Ingenjör: 8 + 8 = 16; kommun Ingenjör also 16 -> T Totalt: 16 + 4 = 20, 1 departure
    assert t.loc[(T, "Ingenjör"), "takt"] == pytest.approx(1 / 20)
    assert t.loc[(T, "Ingenjör"), "kalla"] == "namnd_totalt"
    # K Bibliotekarie: 2, kommun Bibliotekarie 2, K Totalt 2 -> kommun Totalt:
    # medelantal 32 + 32 = 64 (foregaende: 21 + 2 + 8 + 1), excl. pension 2 + 2 = 4
    assert t.loc[(K, "Bibliotekarie"), "takt"] == pytest.approx(4 / 64)
    assert t.loc[(K, "Bibliotekarie"), "kalla"] == "kommunen_totalt"
    # a nämnd's own total falls back straight to the kommun total
    assert t.loc[(K, TOTALT), "kalla"] == "kommunen_totalt"
    assert t.loc[(HELA_KOMMUNEN, TOTALT), "takt"] == pytest.approx(4 / 64)
    assert t.loc[(HELA_KOMMUNEN, TOTALT), "kalla"] == "egen"


def test_omsattning_och_floden_andrar_inte_indata():
    a, h = anstallningar(), handelser()
    a0, h0 = a.copy(), h.copy()
    fl.omsattning(a, h, BAS)
    fl.floden(h, BAS)
    pd.testing.assert_frame_equal(a, a0)
    pd.testing.assert_frame_equal(h, h0)


def test_omsattning_samma_med_kategoriska_kolumner():
    # the reader may hand over text columns as category; the result must not change
    a, h = anstallningar(), handelser()
    ak = a.assign(**{k: a[k].astype("category") for k in ("namnd", "yrkeskategori", "person_id", "loneform")})
    hk = h.assign(**{k: h[k].astype("category") for k in ("namnd", "yrkeskategori", "person_id", "motpart")})
    r = fl.omsattning(ak, hk, BAS)
    rad = _en(r, namnd=S, yrkeskategori=SS, period="senaste_12")
    assert rad["avgangar"] == 2 and rad["medelantal"] == pytest.approx(21.0)
    assert len(r) == len(fl.omsattning(a, h, BAS))


# --------------------------------------------------------------------------- turnover per befattning

US, SSK, DSK, VO = "Undersköterska", "Sjuksköterska", "Distriktssköterska", "Vård- och omsorgsnämnden"


def _b(datum, pid, befattning, yrke, form="tillsvidare"):
    return {**_a(datum, pid, VO, yrke, form=form), "befattning": befattning}


def befattningsdata():
    """VO, snapshots 2024-11-01 and 2025-11-01 (only senaste_12 can be computed):
    Undersköterska (yrke Undersköterska): 2024 a1..a10, 2025 a1..a8, a11; a9 leaves externally, a10 to another
      förvaltning on pension; v1 (visstid) leaves: not counted.
    Sjuksköterska (yrke Sjuksköterska): b1..b6 at both; b1 moves within the förvaltning: not counted.
    Distriktssköterska (yrke Sjuksköterska): 2024 c1, c2, b7; 2025 c1, c2, c3; b7 leaves externally (the
      event says befattning nothing: it counts for her befattning at her latest snapshot)."""
    r = [_b(D24, f"a{i}", US, US) for i in range(1, 11)] + [_b(D24, "v1", US, US, form="visstid")]
    r += [_b(BAS, f"a{i}", US, US) for i in [1, 2, 3, 4, 5, 6, 7, 8, 11]]
    r += [_b(d, f"b{i}", SSK, SSK) for d in (D24, BAS) for i in range(1, 7)]
    r += [_b(D24, p, DSK, SSK) for p in ("c1", "c2", "b7")] + [_b(BAS, p, DSK, SSK) for p in ("c1", "c2", "c3")]
    a = pd.DataFrame(r)
    a["matdatum"] = pd.to_datetime(a["matdatum"])
    h = pd.DataFrame([_h("2025-02-01", "a9", "avgang", VO, US, "extern", "egen_begaran"),
                      _h("2025-03-01", "a10", "avgang", VO, US, "annan_forvaltning", "pension"),
                      _h("2025-03-01", "v1", "avgang", VO, US, "extern", "egen_begaran"),
                      _h("2025-04-01", "b1", "avgang", VO, SSK, "inom_forvaltning", "ovrigt"),
                      _h("2025-05-01", "b7", "avgang", VO, SSK, "extern", "egen_begaran")])
    return a, h


def test_omsattning_per_befattning_for_de_storsta():
    a, h = befattningsdata()
    t = fl.omsattning_befattning(a, h, BAS, topp_n=2)
    vo = t[t["namnd"] == VO]
    # the two largest by medelantal (Undersköterska 9.5, Sjuksköterska 6; not Distriktssköterska 3), then Totalt
    assert vo["befattning"].tolist() == [US, SSK, TOTALT]
    assert set(vo["period"]) == {"senaste_12"}
    assert vo[["medelantal", "avgangar", "avgangar_pension"]].values.tolist() == [[9.5, 2, 1], [6.0, 0, 0],
                                                                                  [18.5, 3, 1]]
    assert vo["omsattning"].tolist() == pytest.approx([2 / 9.5, 0.0, 3 / 18.5])
    assert vo["omsattning_exkl_pension"].tolist() == pytest.approx([1 / 9.5, 0.0, 2 / 18.5])
    # the kommun (one nämnd here) has the same rows, after the nämnder
    assert t["namnd"].tolist()[-3:] == [HELA_KOMMUNEN] * 3
    alla = fl.omsattning_befattning(a, h, BAS, topp_n=10)
    dsk = alla[(alla["namnd"] == VO) & (alla["befattning"] == DSK)].iloc[0]
    assert (dsk["medelantal"], dsk["avgangar"], dsk["omsattning"]) == (3.0, 1, pytest.approx(1 / 3))
    # the Totalt row is the nämnd's Totalt of omsattning.csv
    per_yrke = fl.omsattning(a, h, BAS)
    tot = per_yrke[(per_yrke["namnd"] == VO) & (per_yrke["yrkeskategori"] == TOTALT)].iloc[0]
    assert (tot["medelantal"], tot["avgangar"]) == (18.5, 3)
    ssk = per_yrke[(per_yrke["namnd"] == VO) & (per_yrke["yrkeskategori"] == SSK)].iloc[0]
    assert (ssk["medelantal"], ssk["avgangar"]) == (9.0, 1)  # b7 counts for Sjuksköterska as yrkeskategori


def test_avgangen_raknas_for_senaste_bildens_yrkeskategori_och_befattning():
    """The event's own yrkeskategori is not used: the latest snapshot's (huvudanställning) is."""
    a, h = befattningsdata()
    h.loc[h["person_id"] == "b7", "yrkeskategori"] = US  # the event file says otherwise
    per_yrke = fl.omsattning(a, h, BAS)
    ssk = per_yrke[(per_yrke["namnd"] == VO) & (per_yrke["yrkeskategori"] == SSK)].iloc[0]
    us = per_yrke[(per_yrke["namnd"] == VO) & (per_yrke["yrkeskategori"] == US)].iloc[0]
    assert (ssk["avgangar"], us["avgangar"]) == (1, 2)
    t = fl.omsattning_befattning(a, h, BAS)
    assert t[(t["namnd"] == VO) & (t["befattning"] == DSK)]["avgangar"].tolist() == [1]


def test_definitionen_sager_vilken_bild_avgangen_raknas_efter():
    d = fl.DEFINITION_OMSATTNING
    assert "senaste mätdatum i den nämnden före avgången" in d and "yrkeskategori och befattning" in d
