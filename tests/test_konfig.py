import pytest

from kfanalys.grund.fel import Indatafel
from kfanalys.indata.konfig import BAS, Scenario, konfig_fran_dict, kortnamn

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


# ----------------------------------------------------------------------------- issue 10: reserved and clashing kortnamn

def _namnd(namn, kortnamn=None):
    n = {"namn": namn, "forvaltning": f"{namn}s förvaltning", "omrade": "Testkommun"}
    if kortnamn is not None:
        n["kortnamn"] = kortnamn
    return n


@pytest.mark.parametrize("skrivet", ["index", "Index", "kommunen", "KOMMUNEN"])
def test_reserverat_kortnamn_avvisas(skrivet):
    rad = dict(MIN, namnder=[MIN["namnder"][0], _namnd("Kulturnämnden", skrivet)])
    with pytest.raises(Indatafel) as e:
        konfig_fran_dict(rad)
    text = str(e.value)
    reserverat = skrivet.lower()
    # file, nämnd, the value written, why, and what to write instead (the name's own kortnamn)
    assert (f'kommun.yaml, kolumn namnder[Kulturnämnden].kortnamn: "{skrivet}" är ett reserverat kortnamn: '
            f"rapportmappen har redan filen {reserverat}.html (reserverade kortnamn: index, kommunen); "
            "skriv ett annat kortnamn, t.ex. kortnamn: kulturnamnden") in text


def test_reserverat_kortnamn_fran_namnet_avvisas():
    rad = dict(MIN, namnder=[MIN["namnder"][0], _namnd("Kommunen")])  # no kortnamn: taken from the name
    with pytest.raises(Indatafel) as e:
        konfig_fran_dict(rad)
    assert ('kolumn namnder[Kommunen].kortnamn: "Kommunen" ger kortnamnet kommunen, som är reserverat: '
            "rapportmappen har redan filen kommunen.html") in str(e.value)
    assert "ange ett eget kortnamn för nämnden, t.ex. kortnamn: kommunen_2" in str(e.value)


def test_kortnamn_som_bara_skiljer_i_versaler_avvisas():
    rad = dict(MIN, namnder=[_namnd("Förskolenämnden", "Forskola"), _namnd("Förskolenämnden norr", "forskola")])
    with pytest.raises(Indatafel) as e:
        konfig_fran_dict(rad)
    text = str(e.value)
    assert ('kommun.yaml, kolumn namnder.kortnamn: "Forskola / forskola" blir samma kortnamn forskola för flera '
            "nämnder (Förskolenämnden, Förskolenämnden norr)") in text
    assert "ge varje nämnd ett eget kortnamn, t.ex. kortnamn: forskola_2 för Förskolenämnden norr" in text


def test_olika_kortnamn_godtas():
    rad = dict(MIN, namnder=[_namnd("Förskolenämnden", "forskola"), _namnd("Kulturnämnden", "index_kultur")])
    assert [n.kortnamn for n in konfig_fran_dict(rad).namnder] == ["forskola", "index_kultur"]


# ----------------------------------------------------------------------------- issue 10: YAML alias bomb, long values

MINIMAL_YAML = ("kommun: Testkommun\nnamnder:\n  - {namn: Förskolenämnden, kortnamn: forskola}\n"
                "yrkeskategorier:\n  - {namn: Förskollärare, drivare: fast}\n")


def _yaml_bomb(nivaer: int = 9) -> str:
    """'Billion laughs': 9 levels of 9 aliases = 9**9 (387 million) strings when expanded."""
    rader = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, nivaer):
        rader.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(rader) + f"\nkommun: *a{nivaer - 1}\nnamnder: *a{nivaer - 1}\nyrkeskategorier: []\n"


def test_yaml_aliasbomb_avvisas_utan_att_expanderas(tmp_path):
    import time

    from kfanalys.indata.konfig import las_konfig

    fil = tmp_path / "kommun.yaml"
    fil.write_text(_yaml_bomb(), encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(Indatafel) as e:
        las_konfig(fil)
    assert time.perf_counter() - start < 20  # refused before expanding (alone: milliseconds; expanded: minutes)
    text = str(e.value)
    assert text == ("Fel i indata (1 problem):\n  - kommun.yaml: använder YAML-ankare och alias (&namn, *namn) som "
                    "blir mer än 100\u00a0000 värden när de skrivs ut (eller pekar på sig själva); skriv ut värdena direkt "
                    "i stället för att upprepa alias")


def test_yaml_som_pekar_pa_sig_sjalv_avvisas(tmp_path):
    from kfanalys.indata.konfig import las_konfig

    fil = tmp_path / "kommun.yaml"
    fil.write_text("kommun: &a [Testkommun, *a]\n" + MINIMAL_YAML.split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(Indatafel, match="pekar på sig själva"):
        las_konfig(fil)


def test_vanliga_ankare_godtas(tmp_path):
    from kfanalys.indata.konfig import las_konfig

    fil = tmp_path / "kommun.yaml"
    fil.write_text(MINIMAL_YAML + "x_profil: &profil {61: 0.1, 65: 0.5, 69: 1.0}\n"
                   "antaganden:\n  pensionsprofil: *profil\n", encoding="utf-8")
    assert las_konfig(fil).antaganden.pensionsprofil == {61: 0.1, 65: 0.5, 69: 1.0}


def test_langt_varde_kortas_i_felmeddelandet():
    lang = "barn" * 2500  # 10 000 characters
    rad = dict(MIN, yrkeskategorier=[{"namn": "Förskollärare", "drivare": {"typ": lang}}])
    with pytest.raises(Indatafel) as e:
        konfig_fran_dict(rad)
    text = str(e.value)
    assert f'"{lang[:80]}…" ska vara alder, total eller fast' in text
    assert len(text) < 500  # two problems, each value cut: not the 10 000 characters


def test_stor_struktur_skrivs_inte_ut_hel():
    rad = dict(MIN, namnder=[list(range(100_000))])  # not a mapping: echoed in the message
    with pytest.raises(Indatafel) as e:
        konfig_fran_dict(rad)
    assert 'namnder[1]: "[0, 1, 2, 3, 4, 5, ...]" ska ha minst namn' in str(e.value)
