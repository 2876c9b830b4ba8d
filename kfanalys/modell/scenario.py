"""Scenarier: the forward-looking computation under a named set of assumption overrides.

:func:`berakna_framat` is the pure core (DataFrames in, DataFrames out): framskrivning, gap,
rekrytering and rekrytering_per_ar for all nämnder under one :class:`kfanalys.indata.konfig.Scenario`:

- ``pensionsforskjutning`` / ``pensionsprofil``: the retirement profile (konfig.med_antaganden);
- ``omsattningsfaktor``: the turnover rate is multiplied by it;
- ``tillvaxt``: replaces the non-demographic growth g of every category;
- ``deltid_okning``: part-timers (månadsavlönade, sysselsattningsgrad < 100) work x percentage
  points more (capped at 100), so the same årsarbetare need is met by fewer heads: the need in
  persons for years h >= 1 is multiplied by mean grad before / mean grad after, per nämnd and
  yrkeskategori (behov_arsarbetare is unchanged);
- ``befolkningsfil``: another population forecast (the caller passes it as ``befolkning``).

:func:`sida_vid_sida` and :func:`per_namnd` lay the stacked tables of several scenarios side by
side (the stack itself, the whole cycle run per scenario, is
:func:`kfanalys.berakning.orkestrering.kor_scenarier`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kfanalys.modell.framskrivning import drivarpopulation, framskrivning
from kfanalys.modell.gap import kvantitativt_gap
from kfanalys.indata.konfig import BAS, Konfig, Scenario
from kfanalys.modell.rekrytering import rekryteringsbehov

#: The tables stacked per scenario (``scenarier_gap.csv``, ``scenarier_rekrytering.csv`` and the framskrivning).
STAPLADE = ("framskrivning", "gap", "rekrytering")


def deltidsfaktor(personal: pd.DataFrame, okning: float) -> pd.DataFrame:
    """Heads per head after part-timers work ``okning`` percentage points more.

    ``personal``: namnd, yrkeskategori, sysselsattningsgrad (0-100), one row per månadsavlönad
    person. Returns namnd, yrkeskategori, faktor = mean grad / mean min(100, grad + okning for
    grad < 100) (1.0 where nobody works).

    >>> p = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "sysselsattningsgrad": [100.0, 50.0]})
    >>> deltidsfaktor(p, 10).faktor.tolist()     # 75 / 80
    [0.9375]
    """
    grad = personal["sysselsattningsgrad"].astype(float)
    efter = grad.where(grad >= 100, np.minimum(100.0, grad + float(okning)))
    g = pd.DataFrame({"namnd": personal["namnd"], "yrkeskategori": personal["yrkeskategori"], "fore": grad,
                      "efter": efter}).groupby(["namnd", "yrkeskategori"], as_index=False, observed=True)[
        ["fore", "efter"]].mean()
    g["faktor"] = (g["fore"] / g["efter"].where(g["efter"] > 0)).fillna(1.0)
    return g[["namnd", "yrkeskategori", "faktor"]]


def tillvaxt_per_kategori(konfig: Konfig, kategorier: Iterable[str], scenario: Scenario = BAS) -> dict[str, float]:
    """g per yrkeskategori: the scenario's tillvaxt if set, else the category's own, else antaganden.tillvaxt."""
    a = konfig.med_antaganden(scenario)
    ut = {}
    for k in kategorier:
        y = konfig.yrkeskategorier.get(k)
        ut[k] = a.tillvaxt if scenario.tillvaxt is not None or y is None or y.tillvaxt is None else y.tillvaxt
    return ut


def berakna_framat(personal: pd.DataFrame, befolkning: pd.DataFrame, konfig: Konfig, basar: int,
                   takt: pd.DataFrame, scenario: Scenario = BAS, bedomningar: pd.DataFrame | None = None,
                   slutar: int | None = None) -> dict[str, pd.DataFrame]:
    """framskrivning, gap, rekrytering, rekrytering_per_ar under ``scenario`` (no summary rows).

    ``personal``: månadsavlönade at the base date: namnd, yrkeskategori, alder (basar -
    fodelsear), sysselsattningsgrad. ``befolkning``: omrade, ar, alder, antal. ``takt``: namnd,
    yrkeskategori, takt (turnover excl. retirements per year). ``slutar``: last projected year
    (default: the end of the forecast, at least basar + the longest horizon, which raises
    :class:`kfanalys.grund.fel.Berakningsfel` if the forecast is shorter).
    """
    a = konfig.med_antaganden(scenario)
    horisonter = tuple(a.horisonter)
    nycklar = ["namnd", "yrkeskategori"]
    bas = personal.assign(antal=1.0, arsarbetare=personal["sysselsattningsgrad"].astype(float) / 100.0).groupby(
        nycklar, as_index=False, observed=True)[["antal", "arsarbetare"]].sum()
    bas["antal"] = bas["antal"].astype(np.int64)
    kategorier = sorted(bas["yrkeskategori"].unique())
    d = drivarpopulation(befolkning, konfig, yrkeskategorier=kategorier)
    d = d.merge(bas[nycklar], on=nycklar, how="inner")
    if slutar is None:
        sista = d.groupby(nycklar, observed=True)["ar"].max()
        slutar = max(basar + max(horisonter), int(sista.min()) if len(sista) else basar)
    fram = framskrivning(bas, d, basar, slutar, tillvaxt_per_kategori(konfig, kategorier, scenario))
    if scenario.deltid_okning:
        f = deltidsfaktor(personal, scenario.deltid_okning)
        fram = fram.merge(f, on=nycklar, how="left")
        fram["behov"] = fram["behov"] * np.where(fram["horisont"] >= 1, fram["faktor"].fillna(1.0), 1.0)
        fram = fram.drop(columns="faktor")
    gap = kvantitativt_gap(fram, horisonter, bedomningar)
    rek, per_ar = rekryteringsbehov(personal[nycklar + ["alder"]], fram[fram["horisont"] >= 1], takt,
                                    a.pensionsprofil, horisonter, scenario.omsattningsfaktor, basar=basar)
    return {"framskrivning": fram, "gap": gap, "rekrytering": rek, "rekrytering_per_ar": per_ar}


def _kontrollera_stack(staplad: pd.DataFrame, varde: str) -> None:
    from kfanalys.grund.fel import Berakningsfel

    saknas = [k for k in ("scenario", "namnd", "yrkeskategori", "horisont", varde) if k not in staplad.columns]
    if saknas:
        raise Berakningsfel(f"Scenariotabellen saknar kolumnerna {', '.join(saknas)}")


def _en_kolumn_per_scenario(t: pd.DataFrame, rad: str, varde: str, bas: str, bas_namn: str) -> pd.DataFrame:
    """Pivot the rows ``t`` of a stack: index ``rad``, one column per scenario in stack order, ``antal`` first."""
    ordning = list(dict.fromkeys(t["scenario"]))
    bred = t.pivot_table(index=rad, columns="scenario", values=varde, aggfunc="first", sort=False)
    bred = bred[ordning].rename(columns={bas: bas_namn})
    bred.columns.name = None
    if "antal" in t.columns:
        antal = t[t["scenario"] == ordning[0]].drop_duplicates(rad).set_index(rad)["antal"]
        bred.insert(0, "antal", antal.reindex(bred.index))
    return bred


def sida_vid_sida(staplad: pd.DataFrame, namnd: str, horisont: int, varde: str = "totalt",
                  bas: str = "bas", bas_namn: str = "Grundantaganden") -> pd.DataFrame:
    """One row per yrkeskategori, one column per scenario: ``varde`` at ``horisont`` years for ``namnd``.

    ``staplad`` is a stacked table of :func:`kfanalys.berakning.orkestrering.kor_scenarier` (``scenarier_gap.csv`` or
    ``scenarier_rekrytering.csv``). The scenario columns keep the order of the stack (bas
    first, renamed ``bas_namn``); ``antal`` (persons today, for suppression) comes after
    ``yrkeskategori``; the ``Totalt`` row is last. The caller's frame is not changed.

    >>> t = pd.DataFrame({"scenario": ["bas", "bas", "Pension vid 66", "Pension vid 66"], "namnd": "N",
    ...                   "yrkeskategori": ["Totalt", "A"] * 2, "horisont": 5, "antal": 40,
    ...                   "totalt": [12.0, 12.0, 9.5, 9.5]})
    >>> sida_vid_sida(t, "N", 5).values.tolist()
    [['A', 40, 12.0, 9.5], ['Totalt', 40, 12.0, 9.5]]
    >>> list(sida_vid_sida(t, "N", 5).columns)
    ['yrkeskategori', 'antal', 'Grundantaganden', 'Pension vid 66']
    """
    from kfanalys.grund.fel import Berakningsfel
    from kfanalys.grund.schema import TOTALT

    _kontrollera_stack(staplad, varde)
    t = staplad[(staplad["namnd"] == namnd) & (staplad["horisont"] == horisont)]
    if t.empty:
        raise Berakningsfel(f'Scenariotabellen har inga rader för "{namnd}" på {horisont} års sikt')
    bred = _en_kolumn_per_scenario(t, "yrkeskategori", varde, bas, bas_namn).reset_index()
    return bred.sort_values("yrkeskategori", key=lambda s: s.eq(TOTALT), kind="stable").reset_index(drop=True)


def per_namnd(staplad: pd.DataFrame, horisont: int, varde: str = "totalt", namnder: list[str] | None = None,
              bas: str = "bas", bas_namn: str = "Grundantaganden") -> pd.DataFrame:
    """One row per nämnd (its ``Totalt``), one column per scenario, ``Hela kommunen`` last.

    ``namnder`` gives the order (default: as in the table); ``antal`` (persons today) follows
    ``namnd``. The kommun report's scenario table.

    >>> t = pd.DataFrame({"scenario": ["bas", "bas", "Lägre", "Lägre"], "namnd": ["Hela kommunen", "A"] * 2,
    ...                   "yrkeskategori": "Totalt", "horisont": 2, "antal": 30, "totalt": [9.0, 9.0, 7.0, 7.0]})
    >>> per_namnd(t, 2).values.tolist()
    [['A', 30, 9.0, 7.0], ['Hela kommunen', 30, 9.0, 7.0]]
    """
    from kfanalys.grund.fel import Berakningsfel
    from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

    _kontrollera_stack(staplad, varde)
    t = staplad[(staplad["yrkeskategori"] == TOTALT) & (staplad["horisont"] == horisont)]
    if t.empty:
        raise Berakningsfel(f"Scenariotabellen har inga totaler på {horisont} års sikt")
    bred = _en_kolumn_per_scenario(t, "namnd", varde, bas, bas_namn)
    rader = [n for n in (namnder or list(bred.index)) if n in bred.index and n != HELA_KOMMUNEN]
    if HELA_KOMMUNEN in bred.index:
        rader.append(HELA_KOMMUNEN)
    return bred.loc[rader].reset_index()
