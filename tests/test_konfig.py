import pytest

from kfanalys.fel import Indatafel
from kfanalys.konfig import BAS, Scenario, konfig_fran_dict, kortnamn

MIN = {
    "kommun": "Testkommun",
    "namnder": [{"namn": "Förskolenämnden", "kortnamn": "forskola", "forvaltning": "Förskoleförvaltningen",
                 "omrade": "Testkommun"}],
    "yrkeskategorier": [{"namn": "Förskollärare", "drivare": {"typ": "alder", "fran": 1, "till": 5}}],
}


def test_minimal_konfig_far_standardantaganden():
    k = konfig_fran_dict(MIN)
    assert k.namnd("forskola").namn == "Förskolenämnden"
    assert k.antaganden.horisonter == (2, 5)
    assert k.antaganden.minsta_antal == 5
    assert k.antaganden.pensionsprofil[69] == 1.0
    assert k.yrkeskategorier["Förskollärare"].drivare.beskrivning() == "befolkningen 1-5 år"


def test_okand_drivartyp_ger_svenskt_fel_med_yrkeskategori_och_varde():
    rad = dict(MIN, yrkeskategorier=[{"namn": "Förskollärare", "drivare": {"typ": "barn"}}])
    with pytest.raises(Indatafel) as e:
        konfig_fran_dict(rad)
    text = str(e.value)
    assert "Förskollärare" in text and '"barn"' in text and "alder, total eller fast" in text


def test_analyserad_yrkeskategori_maste_finnas():
    rad = dict(MIN, namnder=[dict(MIN["namnder"][0], analysera=["Kock"])])
    with pytest.raises(Indatafel, match="Kock"):
        konfig_fran_dict(rad)


def test_scenario_forskjuter_pensionsprofilen_ett_ar():
    k = konfig_fran_dict(MIN)
    a = k.med_antaganden(Scenario("Pension vid 66", pensionsforskjutning=1))
    assert a.pensionsprofil[66] == k.antaganden.pensionsprofil[65]
    assert 61 not in a.pensionsprofil
    assert k.med_antaganden(BAS) == k.antaganden


def test_kortnamn_ascii():
    assert kortnamn("Vård- och omsorgsnämnden") == "vard_och_omsorgsnamnden"
