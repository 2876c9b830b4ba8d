"""The reports say how persons and employments are counted (kfanalys.modell.personer in the nuläge
sections and the definitions); hand-made nuläge tables, published as las_rapportdata publishes them."""

from __future__ import annotations

import pandas as pd

from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

N, M = "Socialnämnden", "Tekniska nämnden"


# ------------------------------------------------------------------ the reports: persons and employments

def _rapport(namnd, **tabeller):
    from pathlib import Path

    from kfanalys.grund.rojandekontroll import publicera
    from kfanalys.indata.konfig import Antaganden, Konfig, Namnd, Yrkeskategori
    from kfanalys.rapport.data import Rapportdata

    k = Konfig("Testkommun", (Namnd(N, "soc", "Socialförvaltningen", "Testkommun"),
                              Namnd(M, "tek", "Tekniska förvaltningen", "Testkommun")),
               {"A": Yrkeskategori("A"), "B": Yrkeskategori("B")}, Antaganden())
    return Rapportdata(k, k.namnd(namnd) if namnd else None, publicera(tabeller, 5), {"basdatum": "2025-11-01"},
                       Path("."), 2025)


def _nulage_tabell(anst_n=(120, 70, 50), anst_m=(40, 40), kommun=(150, 200)) -> pd.DataFrame:
    """nuläge rows: N 100 persons (A 60, B 40), M 40 persons (A 40), the kommun ``kommun`` = (persons,
    employments); employments of N's Totalt/A/B and M's Totalt/A as given."""
    def rad(namnd, niva, grupp, antal, anst):
        return {"namnd": namnd, "niva": niva, "grupp": grupp, "antal": antal, "anstallningar": anst,
                "arsarbetare": antal * 0.9, "kvinnor": antal // 2, "man": antal - antal // 2,
                "andel_kvinnor": (antal // 2) / antal, "andel_man": (antal - antal // 2) / antal,
                "tillsvidare": antal, "andel_tillsvidare": 1.0, "manadsavlonade": antal, "heltid": antal // 2,
                "andel_heltid": (antal // 2) / antal, "medelalder": 44.0,
                **dict(zip(["alder_29", "alder_30_39", "alder_40_49", "alder_50_59", "alder_60"],
                           [antal // 5] * 4 + [antal - 4 * (antal // 5)]))}
    return pd.DataFrame([rad(N, "namnd", TOTALT, 100, anst_n[0]), rad(N, "yrkeskategori", "A", 60, anst_n[1]),
                         rad(N, "yrkeskategori", "B", 40, anst_n[2]), rad(M, "namnd", TOTALT, 40, anst_m[0]),
                         rad(M, "yrkeskategori", "A", 40, anst_m[1]),
                         rad(HELA_KOMMUNEN, "namnd", TOTALT, kommun[0], kommun[1])])


def _celler(html: str, forsta: str) -> list[str]:
    import re

    for rad in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        c = re.findall(r"<td[^>]*>([^<]*)</td>", rad)
        if c and c[0] == forsta:
            return c
    raise AssertionError(f"ingen rad {forsta!r}")


def _text(h) -> str:
    return h.html.replace("\u00a0", " ")


def test_namndrapporten_visar_anstallningar_bredvid_anstallda():
    from kfanalys.rapport import avsnitt

    h = _text(avsnitt.nulage(_rapport("soc", nulage=_nulage_tabell())))
    import re

    rubriker = re.findall(r"<th[^>]*>([^<]*)</th>", h.split("Anställda per yrkeskategori, 2025-11-01")[1])
    assert rubriker[:4] == ["Yrkeskategori", "Anställda", "Anställningar", "Årsarbetare"]
    assert _celler(h, "A")[:3] == ["A", "60", "70"]
    assert "De 100 anställda hade tillsammans 120 anställningar" in h
    lika = _text(avsnitt.nulage(_rapport("soc", nulage=_nulage_tabell(anst_n=(100, 60, 40)))))
    assert "hade tillsammans" not in lika and ">Anställningar</th>" in lika


def test_kommunrapporten_sager_nar_namnderna_inte_summerar():
    from kfanalys.rapport import avsnitt_kommun

    # N 100 + M 40 = 140 persons, the kommun 130: 10 persons work in both
    h = _text(avsnitt_kommun.nulage(_rapport(None, nulage=_nulage_tabell(kommun=(130, 160)))))
    assert avsnitt_kommun.FLERA_NAMNDER in h
    assert _celler(h, N)[:3] == [N, "100", "120"]
    assert _celler(h, HELA_KOMMUNEN)[:3] == [HELA_KOMMUNEN, "130", "160"]
    summerar = _text(avsnitt_kommun.nulage(_rapport(None, nulage=_nulage_tabell(kommun=(140, 160)))))
    assert avsnitt_kommun.FLERA_NAMNDER not in summerar


def test_definitionerna_finns_i_varje_rapport():
    from kfanalys.rapport import avsnitt

    for namnd in ("soc", None):
        h = _text(avsnitt.definitioner(_rapport(namnd)))
        assert "<strong>Huvudanställning</strong>: en persons anställning med högst sysselsättningsgrad" in h
        assert "<strong>Antal anställda</strong>: varje person räknas en gång per nämnd" in h
        assert "<strong>Årsarbetare</strong>: summan av sysselsättningsgraderna" in h
        assert "<strong>Rekryteringar och avgångar</strong>: räknas per person och nämnd" in h
        assert "en gång i kommunen" in h
