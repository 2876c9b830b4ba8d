"""Quantitative and qualitative gap (seed 003 table "Resultat av gapanalys")."""

from __future__ import annotations

import pandas as pd
import pytest

from kfanalys.grund.fel import Berakningsfel, Indatafel
from kfanalys.modell.gap import BEDOMNINGSSKALA, kvalitativt_gap, kvantitativt_gap

N = "Arbetsmarknads- och socialnämnden"
BOU = "Socialsekreterare myndighet barn och unga"
EKB = "Socialsekreterare myndighet ekonomiskt bistånd"
FORSTE = "Socialsekreterare förste"


def _framskrivning():
    # Seed 003: (antal, gap 2 år, gap 5 år): barn och unga 416, -8, -14; ek. bistånd 271, -5, -9; förste 82, -2, -3.
    # behov(h) = antal - gap(h).
    rader = []
    for kat, antal, g2, g5 in ((BOU, 416, -8, -14), (EKB, 271, -5, -9), (FORSTE, 82, -2, -3)):
        for h, behov in ((0, antal), (2, antal - g2), (5, antal - g5)):
            rader.append((N, kat, h, antal, float(behov)))
    return pd.DataFrame(rader, columns=["namnd", "yrkeskategori", "horisont", "antal", "behov"])


def test_seed003_gap_tabell_gap_och_bedomt_behov():
    bedomningar = pd.DataFrame({
        "namnd": N,
        "yrkeskategori": [BOU, BOU, EKB, EKB, FORSTE],
        "horisont": [2, 5, 2, 5, 2],
        "bedomning": ["Mer", "Mer", "Mer", "Samma", "Mycket mer"],  # as written in seed 003
    })
    g = kvantitativt_gap(_framskrivning(), (2, 5), bedomningar).set_index(["yrkeskategori", "horisont"])
    assert g.loc[(BOU, 2), "gap"] == -8 and g.loc[(BOU, 5), "gap"] == -14
    assert g.loc[(EKB, 2), "gap"] == -5 and g.loc[(EKB, 5), "gap"] == -9
    # mer: 424 x 1.15 = 487.6, interval 424 x 1.10 = 466.4 .. 424 x 1.20 = 508.8
    assert g.loc[(BOU, 2), "bedomning"] == "mer"
    assert g.loc[(BOU, 2), ["bedomt_behov", "bedomt_behov_lag", "bedomt_behov_hog"]].tolist() == \
        pytest.approx([487.6, 466.4, 508.8])
    # samma: 280 x 1 = 280, 280 x 0.95 = 266 .. 280 x 1.05 = 294
    assert g.loc[(EKB, 5), ["bedomt_behov", "bedomt_behov_lag", "bedomt_behov_hog"]].tolist() == \
        pytest.approx([280, 266, 294])
    # mycket mer: 84 x 1.30 = 109.2, interval 84 x 1.30 .. 84 x 1.40 = 117.6
    assert g.loc[(FORSTE, 2), ["bedomt_behov", "bedomt_behov_lag", "bedomt_behov_hog"]].tolist() == \
        pytest.approx([109.2, 109.2, 117.6])
    # no judgement for förste at 5 years
    assert pd.isna(g.loc[(FORSTE, 5), "bedomning"]) and pd.isna(g.loc[(FORSTE, 5), "bedomt_behov"])


def test_skalan_punkter_enligt_design():
    assert [v[1] for v in BEDOMNINGSSKALA.values()] == [-0.30, -0.15, 0.0, 0.15, 0.30]
    assert all(lag <= punkt <= hog for lag, punkt, hog in BEDOMNINGSSKALA.values())


def test_gap_utan_bedomning_och_kolumner():
    g = kvantitativt_gap(_framskrivning())
    assert list(g.columns) == ["namnd", "yrkeskategori", "horisont", "antal", "behov", "gap", "bedomning",
                               "bedomt_behov", "bedomt_behov_lag", "bedomt_behov_hog"]
    assert len(g) == 6 and g["bedomning"].isna().all()


def test_bedomning_skiftlageskanslig_och_utan_svenska_tecken():
    b = pd.DataFrame({"namnd": [N], "yrkeskategori": [BOU], "horisont": [2], "bedomning": ["  MYCKET  mindre"]})
    g = kvantitativt_gap(_framskrivning(), (2,), b).set_index("yrkeskategori")
    assert g.loc[BOU, "bedomning"] == "mycket mindre"
    assert g.loc[BOU, "bedomt_behov"] == pytest.approx(424 * 0.70)


def test_fel_okant_bedomningsord_namnger_kategori_och_varde():
    b = pd.DataFrame({"namnd": [N], "yrkeskategori": [BOU], "horisont": [2], "bedomning": ["Mer!"],
                      "fil": ["underlag/2025/asn.xlsx"], "rad": [7]})
    with pytest.raises(Indatafel) as e:
        kvantitativt_gap(_framskrivning(), (2,), b)
    text = str(e.value)
    assert BOU in text and '"Mer!"' in text and "asn.xlsx" in text and "rad 7" in text


def test_fel_horisont_saknas_i_framskrivningen():
    with pytest.raises(Berakningsfel, match="Horisonten 10 år"):
        kvantitativt_gap(_framskrivning(), (2, 10))


def test_seed003_kvalitativt_gap_barn_och_unga():
    # Seed 003: barn och unga 416 persons: Viss -10, God -10, Hög +10, Mycket hög +10 percentage points.
    k = pd.DataFrame({"namnd": N, "yrkeskategori": BOU, "niva": ["Viss", "God", "hög", "Mycket Hög"],
                      "procentenheter": [-10, -10, 10, 10]})
    antal = pd.DataFrame({"namnd": [N], "yrkeskategori": [BOU], "antal": [416]})
    ut = kvalitativt_gap(k, antal)
    assert list(ut.columns) == ["namnd", "yrkeskategori", "niva", "procentenheter", "personer"]
    assert ut["niva"].tolist() == ["Viss", "God", "Hög", "Mycket hög"]
    # 416 x 10 / 100 = 41.6
    assert ut["personer"].tolist() == pytest.approx([-41.6, -41.6, 41.6, 41.6])


def test_fel_kvalitativt_summerar_inte_till_noll():
    k = pd.DataFrame({"namnd": N, "yrkeskategori": ["Sektionschef", "Sektionschef"], "niva": ["God", "Hög"],
                      "procentenheter": [-5, 10]})
    with pytest.raises(Berakningsfel) as e:
        kvalitativt_gap(k, pd.DataFrame({"namnd": [N], "yrkeskategori": ["Sektionschef"], "antal": [168]}))
    assert "Sektionschef" in str(e.value) and "+5" in str(e.value)


def test_fel_okand_kompetensniva():
    k = pd.DataFrame({"namnd": N, "yrkeskategori": ["Sektionschef"], "niva": ["Expert"], "procentenheter": [0]})
    with pytest.raises(Indatafel, match="Expert"):
        kvalitativt_gap(k, pd.DataFrame({"namnd": [N], "yrkeskategori": ["Sektionschef"], "antal": [168]}))
