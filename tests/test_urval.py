"""Selection of analysed yrkeskategorier (seed 003: the ten largest plus sektionschefer plus own)."""

from __future__ import annotations

import pandas as pd

from kfanalys.indata.konfig import konfig_fran_dict
from kfanalys.modell.urval import URVAL_KOLUMNER, urval

BAS = pd.Timestamp("2025-11-01")
S, T = "Socialnämnden", "Tekniska nämnden"


def _a(pid, namnd, yrke, lon="manad", datum=BAS):
    return {"matdatum": datum, "person_id": pid, "namnd": namnd, "befattning": yrke, "yrkeskategori": yrke,
            "kon": "K", "fodelsear": 1980, "anstallningsform": "tillsvidare", "loneform": lon,
            "sysselsattningsgrad": 100.0 if lon == "manad" else 0.0, "chef": yrke.endswith("chef")}


def register() -> pd.DataFrame:
    storlek = {"Socialsekreterare": 5, "Handläggare": 4, "Administratör": 3, "Assistent": 3, "Jurist": 2,
               "Sektionschef": 1}
    r = [_a(f"{y}{i}", S, y) for y, n in storlek.items() for i in range(n)]
    r += [_a(f"vik{i}", S, "Vikarie", lon="timme") for i in range(10)]  # timavlönade: not counted
    r += [_a("gammal", S, "Jurist", datum=pd.Timestamp("2024-11-01"))]  # older snapshot
    r += [_a("i1", T, "Ingenjör"), _a("i2", T, "Ingenjör"), _a("e1", T, "Enhetschef")]
    df = pd.DataFrame(r)
    df["matdatum"] = pd.to_datetime(df["matdatum"])
    return df


def konfig(topp_n=3):
    return konfig_fran_dict({
        "kommun": "Testkommun",
        "namnder": [
            {"namn": S, "kortnamn": "soc", "analysera": ["Familjebehandlare", "Handläggare"]},
            {"namn": T, "kortnamn": "tek"},
        ],
        "yrkeskategorier": [
            {"namn": y} for y in ("Socialsekreterare", "Handläggare", "Administratör", "Assistent", "Jurist",
                                  "Familjebehandlare", "Ingenjör", "Vikarie")
        ] + [{"namn": "Sektionschef", "chef": True}, {"namn": "Enhetschef", "chef": True}],
        "antaganden": {"topp_n": topp_n},
    })


def test_seed003_tio_storsta_samt_sektionschefer():
    r = urval(register(), BAS, konfig(topp_n=3))
    assert list(r.columns) == URVAL_KOLUMNER
    s = r[r["namnd"] == S]
    # topp 3 of månadsavlönade: Socialsekreterare 5, Handläggare 4, then the tie at 3 goes to
    # Administratör (before Assistent by name); Vikarie (10 timavlönade) does not count.
    # Sektionschef (chef: true, 1 person) by the chef rule; Familjebehandlare from analysera with 0;
    # Handläggare is also in analysera but topp_n wins. Jurist and Assistent are not analysed.
    assert s[["yrkeskategori", "antal", "skal"]].values.tolist() == [
        ["Socialsekreterare", 5, "topp_n"],
        ["Handläggare", 4, "topp_n"],
        ["Administratör", 3, "topp_n"],
        ["Sektionschef", 1, "chef"],
        ["Familjebehandlare", 0, "konfig"],
    ]
    t = r[r["namnd"] == T]
    # only two categories: both in the top 3, so Enhetschef's reason is topp_n, not chef
    assert t[["yrkeskategori", "antal", "skal"]].values.tolist() == [
        ["Ingenjör", 2, "topp_n"], ["Enhetschef", 1, "topp_n"]]
    assert r["antal"].dtype == "int64"


def test_topp_n_tio_tar_med_alla_sma_kategorier():
    r = urval(register(), BAS, konfig(topp_n=10))
    s = r[r["namnd"] == S].set_index("yrkeskategori")["skal"]
    # six månadsavlönade categories, all within the ten largest (Sektionschef too)
    assert sorted(s[s == "topp_n"].index) == sorted(
        ["Socialsekreterare", "Handläggare", "Administratör", "Assistent", "Jurist", "Sektionschef"])
    assert s["Familjebehandlare"] == "konfig"
    assert "Vikarie" not in s.index
