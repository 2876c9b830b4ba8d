"""Uppföljning: previous forecast vs actual headcount and hires (hand-built register)."""

from __future__ import annotations

import pandas as pd

from kfanalys.modell.uppfoljning import uppfoljning

N = "Socialnämnden"
S = "Socialsekreterare"


def test_prognos_mot_utfall_for_hand():
    # Previous cycle 2023 (base 2023-11-01) projected need 10, 11 for 2024, 2025 and hires 2, 3.
    fram = pd.DataFrame({"namnd": [N, N, N, "Hela kommunen"], "yrkeskategori": [S, S, S, S],
                         "ar": [2023, 2024, 2025, 2024], "horisont": [0, 1, 2, 1], "behov": [10.0, 10.0, 11.0, 99.0]})
    per_ar = pd.DataFrame({"namnd": [N, N], "yrkeskategori": [S, S], "ar": [2024, 2025], "rekryteringar": [2.0, 3.0]})
    # Snapshots: 2023-11-01 (10 persons), 2024-11-01 (9 månadsavlönade + 1 timavlönad), 2025-11-01: 12 + 1.
    # person ids p0, p1, ... per snapshot; the hired persons h1..h8 are among them where noted.
    rader = []
    for datum, antal_manad, antal_timme, hyrda in (("2023-11-01", 10, 0, ["h1"]), ("2024-11-01", 9, 1, ["h2", "h3", "h4"]),
                                                   ("2025-11-01", 12, 1, ["h5", "h6", "h7"])):
        ids = hyrda + [f"p{i}" for i in range(antal_manad + antal_timme - len(hyrda))]
        rader += [(ids[i], datum, N, S, "manad" if i < antal_manad else "timme")
                  for i in range(antal_manad + antal_timme)]
    # h9 (the timavlönad row of 2025) was hired in 2025 but is not månadsavlönad -> not counted
    rader[-1] = ("h9", "2025-11-01", N, S, "timme")
    anst = pd.DataFrame(rader, columns=["person_id", "matdatum", "namnd", "yrkeskategori", "loneform"])
    anst["matdatum"] = pd.to_datetime(anst["matdatum"])
    # Hires: 2024-11-01 counts for 2024 (interval (2023-11-01, 2024-11-01]); 2023-11-01 itself belongs to 2023;
    # one internal move (inom_forvaltning) is not a hire; 2025: two external + one from another förvaltning.
    hand = pd.DataFrame({
        "datum": pd.to_datetime(["2023-11-01", "2024-03-01", "2024-11-01", "2024-06-01", "2025-01-15", "2025-02-01",
                                 "2025-10-31", "2025-12-01", "2025-05-01"]),
        "person_id": ["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9"],
        "typ": ["anstallning"] * 9,
        "namnd": N, "yrkeskategori": S,
        "motpart": ["extern", "extern", "extern", "inom_forvaltning", "extern", "annan_forvaltning", "extern",
                    "extern", "extern"],
    })
    ut = uppfoljning(fram, per_ar, anst, hand)
    assert list(ut.columns) == ["namnd", "yrkeskategori", "ar", "prognos_behov", "faktiskt_antal",
                                "prognos_rekryteringar", "faktiska_rekryteringar"]
    assert ut["namnd"].tolist() == [N, N]  # the Hela kommunen row and horizon 0 are left out
    assert ut["ar"].tolist() == [2024, 2025]
    assert ut["prognos_behov"].tolist() == [10.0, 11.0]
    assert ut["faktiskt_antal"].tolist() == [9, 12]
    assert ut["prognos_rekryteringar"].tolist() == [2.0, 3.0]
    # 2024: 2024-03-01, 2024-11-01 -> 2; 2025: 2025-01-15, 2025-02-01, 2025-10-31 -> 3 (2025-12-01 is after)
    assert ut["faktiska_rekryteringar"].tolist() == [2, 3]


def test_ar_utan_ogonblicksbild_utelamnas():
    fram = pd.DataFrame({"namnd": N, "yrkeskategori": S, "ar": [2025, 2026], "horisont": [0, 1],
                         "behov": [5.0, 6.0]})
    per_ar = pd.DataFrame({"namnd": [N], "yrkeskategori": [S], "ar": [2026], "rekryteringar": [1.0]})
    anst = pd.DataFrame({"person_id": ["1"], "matdatum": pd.to_datetime(["2025-11-01"]), "namnd": [N],
                         "yrkeskategori": [S], "loneform": ["manad"]})
    hand = pd.DataFrame({"datum": pd.to_datetime([]), "person_id": [], "typ": [], "namnd": [], "yrkeskategori": [],
                         "motpart": []})
    assert uppfoljning(fram, per_ar, anst, hand).empty


# ----------------------------------------------------------------------------- the activity plan

def _plan(rader):
    return pd.DataFrame(rader, columns=["namnd", "omrade", "behov", "aktivitet", "maldatum", "ansvarig", "status"]).assign(
        maldatum=lambda d: pd.to_datetime(d["maldatum"]))


def test_plan_uppfoljning_och_aktivitetsplan_for_hand():
    from kfanalys.modell.uppfoljning import aktivitetsplan, plan_uppfoljning, status_mening, statusantal

    fore = _plan([(N, "Rekrytera", "b", "Annonsera gemensamt", "2024-06-30", "HR", "ej påbörjad"),
                  (N, "Utveckla", "b", "Chefsprogram", "2025-06-30", "HR", "pågår"),
                  (N, "Avsluta", "b", "Avslutningssamtal", "2024-12-31", "HR", "pågår"),
                  ("Annan nämnd", "Utveckla", "b", "Chefsprogram", "2025-06-30", "HR", "pågår")])
    nu = _plan([(N, "Rekrytera", "b", "Annonsera  gemensamt.", "2026-06-30", "HR", "pågår"),
                (N, "Avsluta", "b", "avslutningssamtal", "2024-12-31", "HR", "genomförd"),
                (N, "Attrahera", "b", "Mässor", "2026-09-30", "HR", "ej påbörjad"),
                (N, "Behålla", "b", "Heltid", "2026-01-31", "HR", "genomförd")])
    fore_kopia = fore.copy()
    pu = plan_uppfoljning(fore, nu)
    pd.testing.assert_frame_equal(fore, fore_kopia)  # the caller's frame is not changed
    egen = pu[pu["namnd"] == N]
    # UBARA order: Utveckla, Rekrytera, Avsluta; Chefsprogram is missing from this year's plan
    assert egen[["aktivitet", "status_foregaende", "status"]].values.tolist() == [
        ["Chefsprogram", "pågår", "ingen uppgift"], ["Annonsera gemensamt", "ej påbörjad", "pågår"],
        ["Avslutningssamtal", "pågår", "genomförd"]]
    assert egen["maldatum"].iloc[1] == pd.Timestamp("2026-06-30")  # moved date reported
    # the other nämnd's activity is not matched with this nämnd's plan
    assert pu.loc[pu["namnd"] == "Annan nämnd", "status"].tolist() == ["ingen uppgift"]

    framat = aktivitetsplan(nu, pu)
    # Avslutningssamtal was carried over and is done -> follow-up only; Heltid is new (kept though done)
    assert framat[["omrade", "aktivitet", "ny"]].values.tolist() == [
        ["Behålla", "Heltid", True], ["Attrahera", "Mässor", True], ["Rekrytera", "Annonsera  gemensamt.", False]]

    st = statusantal(egen)
    assert st.values.tolist() == [[N, "pågår", 1], [N, "genomförd", 1], [N, "ingen uppgift", 1]]
    assert status_mening(st, 2023) == ("Aktiviteterna i planen från 2023 (3 stycken): 1 genomförd, 1 pågår och "
                                       "1 utan uppgift.")


def test_plan_uppfoljning_utan_foregaende_plan():
    from kfanalys.modell.uppfoljning import PLAN_UPPFOLJNING_KOLUMNER, aktivitetsplan, plan_uppfoljning

    nu = _plan([(N, "Rekrytera", "b", "Annonsera", "2026-06-30", "HR", "genomförd")])
    assert plan_uppfoljning(None, nu).empty
    assert list(plan_uppfoljning(nu.iloc[0:0], nu).columns) == PLAN_UPPFOLJNING_KOLUMNER
    assert aktivitetsplan(nu)["ny"].tolist() == [True]
    assert aktivitetsplan(None).empty
