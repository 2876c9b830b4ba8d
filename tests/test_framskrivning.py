"""Personalframskrivning: driver population and projected need (hand-computed expectations)."""

from __future__ import annotations

import pandas as pd
import pytest

from kfanalys.grund.fel import Berakningsfel
from kfanalys.modell.framskrivning import drivarpopulation, framskrivning
from kfanalys.indata.konfig import konfig_fran_dict


def _konfig():
    return konfig_fran_dict({
        "kommun": "K",
        "namnder": [{"namn": "Socialnämnden", "omrade": "Norr"}, {"namn": "Omsorgsnämnden", "omrade": "Syd"}],
        "yrkeskategorier": [
            {"namn": "Socialsekreterare", "drivare": {"typ": "alder", "fran": 0, "till": 20}},
            {"namn": "Undersköterska", "drivare": {"typ": "alder", "fran": 80, "till": 100}},
            {"namn": "Administratör", "drivare": {"typ": "total"}},
            {"namn": "Rektor", "drivare": {"typ": "fast"}},
        ],
    })


def _befolkning(ar=(2025, 2026, 2027), omraden=("Norr", "Syd"), utan_alder=None):
    """Every age 0..100 has 10 persons in 2025; in later years age 0 grows by 19 per year in Norr."""
    rader = []
    for o in omraden:
        for a in ar:
            for alder in range(101):
                if alder == utan_alder:
                    continue
                antal = 10.0
                if o == "Norr" and alder == 0:
                    antal += 19.0 * (a - 2025)
                if o == "Syd" and alder >= 80:
                    antal += 1.0 * (a - 2025)
                rader.append((o, a, alder, antal))
    return pd.DataFrame(rader, columns=["omrade", "ar", "alder", "antal"])


def test_drivarpopulation_summerar_aldrar_total_och_fast():
    d = drivarpopulation(_befolkning(), _konfig())
    d = d.set_index(["namnd", "yrkeskategori", "ar"])["drivare_antal"]
    # Norr ages 0-20: 21 ages x 10 = 210 in 2025; 2027: 210 + 2 x 19 = 248
    assert d[("Socialnämnden", "Socialsekreterare", 2025)] == pytest.approx(210)
    assert d[("Socialnämnden", "Socialsekreterare", 2027)] == pytest.approx(248)
    # Syd ages 80-100 (100 = 100+): 21 ages x 10 = 210; 2026: + 21 x 1 = 231
    assert d[("Omsorgsnämnden", "Undersköterska", 2026)] == pytest.approx(231)
    # total population Norr 2025: 101 x 10 = 1010
    assert d[("Socialnämnden", "Administratör", 2025)] == pytest.approx(1010)
    assert d[("Omsorgsnämnden", "Rektor", 2027)] == 1.0


def test_drivarpopulation_okand_kategori_far_fast_drivare():
    d = drivarpopulation(_befolkning(), _konfig(), yrkeskategorier=["Vaktmästare"])
    v = d[d["yrkeskategori"] == "Vaktmästare"]
    assert set(v["drivare_antal"]) == {1.0}
    assert len(v) == 2 * 3  # two nämnder, three years


def test_seed003_barn_och_unga_behov_424_gap_minus_8():
    # Seed 003: driver (ages 0-20) grows 1.9 % over two years; 416 staff -> need 416 x 1.019 = 423.904 ~ 424,
    # gap 416 - 424 = -8.
    bas = pd.DataFrame({"namnd": ["Socialnämnden"], "yrkeskategori": ["Socialsekreterare myndighet barn och unga"],
                        "antal": [416], "arsarbetare": [400.0]})
    d = pd.DataFrame({"namnd": "Socialnämnden", "yrkeskategori": "Socialsekreterare myndighet barn och unga",
                      "ar": [2025, 2026, 2027], "drivare": "befolkningen 0-20 år",
                      "drivare_antal": [50000.0, 50500.0, 50950.0]})  # 50950 / 50000 = 1.019
    f = framskrivning(bas, d, 2025, 2027)
    rad = f[f["horisont"] == 2].iloc[0]
    assert rad["drivare_index"] == pytest.approx(1.019)
    assert rad["behov"] == pytest.approx(423.904)
    assert round(rad["antal"] - rad["behov"]) == -8
    assert rad["behov_arsarbetare"] == pytest.approx(400 * 1.019)
    assert list(f["ar"]) == [2025, 2026, 2027] and list(f["horisont"]) == [0, 1, 2]


def test_framskrivning_tillvaxt_per_kategori_och_kolumner():
    k = _konfig()
    bas = pd.DataFrame({"namnd": ["Socialnämnden", "Socialnämnden"], "yrkeskategori": ["Rektor", "Socialsekreterare"],
                        "antal": [100, 210], "arsarbetare": [90.0, 200.0]})
    f = framskrivning(bas, drivarpopulation(_befolkning(), k), 2025, 2027, tillvaxt={"Rektor": 0.005})
    assert list(f.columns) == ["namnd", "yrkeskategori", "ar", "horisont", "drivare", "drivare_antal",
                               "drivare_index", "antal", "arsarbetare", "behov", "behov_arsarbetare"]
    r = f.set_index(["yrkeskategori", "horisont"])
    # fixed driver, g = 0.5 %: 100 x 1.005^2 = 101.0025
    assert r.loc[("Rektor", 2), "behov"] == pytest.approx(101.0025)
    # Socialsekreterare: no growth given -> 0; 210 x 248/210 = 248
    assert r.loc[("Socialsekreterare", 2), "behov"] == pytest.approx(248)
    assert r.loc[("Rektor", 2), "drivare"] == "fast (behovet följer inte befolkningen)"


def test_framskrivning_andrar_inte_indata():
    bas = pd.DataFrame({"namnd": ["Socialnämnden"], "yrkeskategori": ["Rektor"], "antal": [10], "arsarbetare": [9.0]})
    d = drivarpopulation(_befolkning(), _konfig())
    kopia_bas, kopia_d = bas.copy(), d.copy()
    framskrivning(bas, d, 2025, 2026)
    pd.testing.assert_frame_equal(bas, kopia_bas)
    pd.testing.assert_frame_equal(d, kopia_d)


def test_fel_drivaraldrar_saknas_namnger_yrkeskategori_och_alder():
    with pytest.raises(Berakningsfel) as e:
        drivarpopulation(_befolkning(utan_alder=100), _konfig())
    text = str(e.value)
    assert "Undersköterska" in text and "100" in text and "saknas" in text


def test_fel_horisont_bortom_prognosen():
    bas = pd.DataFrame({"namnd": ["Socialnämnden"], "yrkeskategori": ["Socialsekreterare"],
                        "antal": [10], "arsarbetare": [9.0]})
    d = drivarpopulation(_befolkning(ar=range(2025, 2036)), _konfig())
    with pytest.raises(Berakningsfel, match="prognosen slutar 2035 men horisonten kräver 2036") as e:
        framskrivning(bas, d, 2025, 2036)
    assert "Socialsekreterare" in str(e.value)


def test_fel_basar_fore_prognosen():
    bas = pd.DataFrame({"namnd": ["Socialnämnden"], "yrkeskategori": ["Socialsekreterare"],
                        "antal": [10], "arsarbetare": [9.0]})
    d = drivarpopulation(_befolkning(ar=(2026, 2027)), _konfig())
    with pytest.raises(Berakningsfel, match="prognosen börjar 2026 men basåret är 2025"):
        framskrivning(bas, d, 2025, 2027)


def test_fel_omrade_saknas():
    with pytest.raises(Berakningsfel) as e:
        drivarpopulation(_befolkning(omraden=("Norr",)), _konfig())
    assert "Syd" in str(e.value) and "Omsorgsnämnden" in str(e.value)
