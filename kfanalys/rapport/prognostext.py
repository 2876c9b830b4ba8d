"""The paragraphs of "Hur säker är prognosen?", written at render time from the published tables.

:func:`hur_saker_stycken` reads ``rekrytering_intervall`` (the simulation's 80 % interval of
the recruitment need), ``backtest`` (the scores of the forecast made earlier) and
``antaganden.json`` (``simulering``: antal_korningar, seed, parameterosakerhet; ``backtest``:
fran_cykel, ar, otillrackligt, minsta_antal). The tables are the published ones
(:func:`kfanalys.modell.urval.publicerade_tabeller`): a hidden interval is not quoted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.grund.talformat import fmt_procent, fmt_tal


def _arspann(ar) -> str:
    ar = [int(a) for a in ar]
    return str(ar[0]) if len(ar) == 1 else f"{ar[0]}–{ar[-1]}"


def _tal(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _vem(namnd: str) -> str:
    return "kommunen" if namnd == HELA_KOMMUNEN else "nämnden"


def simuleringsstycke(intervall: pd.DataFrame | None, namnd: str, antal_korningar: int, seed: int,
                      parameterosakerhet: bool = True) -> str | None:
    """The paragraph on the simulated interval of ``namnd``'s recruitment need (its ``Totalt`` row
    at the longest horizon), or None when the table has no such row or its interval is hidden.

    >>> iv = pd.DataFrame({"namnd": "N", "yrkeskategori": "Totalt", "horisont": [2, 5], "median": [40, 98],
    ...                    "lag": [33, 86], "hog": [47, 110]})
    >>> simuleringsstycke(iv, "N", 1000, 2025).split(". ")[-1].replace("\\xa0", " ")
    'På 5 år behöver nämnden rekrytera mellan 86 och 110 personer i 8 fall av 10; mittvärdet är 98 personer.'
    """
    if intervall is None or not len(intervall) or not {"namnd", "yrkeskategori", "horisont"} <= set(intervall.columns):
        return None
    s = intervall[(intervall["namnd"] == namnd) & (intervall["yrkeskategori"] == TOTALT)]
    if not len(s):
        return None
    r = s.sort_values("horisont").iloc[-1]
    lag, hog, median = (_tal(r.get(k)) for k in ("lag", "hog", "median"))
    if lag is None or hog is None or median is None:  # hidden by the disclosure rule
        return None
    return ("Rekryteringsbehovet bygger på antaganden om hur många som går i pension och slutar, och "
            "avgångar sker i verkligheten slumpmässigt. Därför har prognosen räknats om "
            f"{fmt_tal(antal_korningar)} gånger med slumpmässiga avgångar (slumpfrö {int(seed)}). "
            + ("Personalomsättningen är dessutom skattad från de senaste årens avgångar och kan vara "
               "fel, mest för små yrkeskategorier; därför får den variera mellan omräkningarna så "
               "mycket som den är osäker. " if parameterosakerhet else "") +
            f"På {int(r['horisont'])} år behöver {_vem(namnd)} rekrytera mellan {fmt_tal(lag)} och "
            f"{fmt_tal(hog)} personer i 8 fall av 10; mittvärdet är {fmt_tal(median)} personer.")


def backteststycken(sammanfattning: pd.DataFrame | None, namnd: str, fran_cykel: int, ar, minsta_antal: int,
                    otillrackligt: str | None = None) -> list[str]:
    """The paragraphs on how well the forecast made at ``fran_cykel`` hit the outcome of the years
    ``ar`` (``sammanfattning``: backtest.csv, :data:`kfanalys.modell.backtest.SAMMANFATTNING_KOLUMNER`),
    or the one sentence saying why it could not be tested (``otillrackligt``)."""
    if otillrackligt:
        return [f"Prognosen har inte kunnat prövas mot verkligt utfall. {otillrackligt}"]
    s = (sammanfattning.set_index("namnd") if sammanfattning is not None and "namnd" in sammanfattning.columns
         else pd.DataFrame())
    if namnd not in s.index or not (_tal(s.loc[namnd, "jamforelser_antal"]) or 0) > 0:
        return [f"Prognosen från {fran_cykel} har prövats mot utfallet {_arspann(ar)}, men för {_vem(namnd)} "
                f"fanns ingen yrkeskategori med minst {minsta_antal} anställda att jämföra."]
    r = s.loc[namnd]
    meningar = [
        f"Hur väl har metoden träffat tidigare? Vi gjorde samma prognos från läget {fran_cykel}, "
        f"bara med de uppgifter som fanns då, och jämförde med vad som faktiskt hände {_arspann(ar)}.",
        f"Antalet anställda per yrkeskategori och år blev i genomsnitt fel med {fmt_procent(r['mape_antal'], 1)}.",
    ]
    if (_tal(r["jamforelser_rekryteringar"]) or 0) > 0:
        meningar.append(f"Antalet rekryteringar per år blev i genomsnitt fel med "
                        f"{fmt_procent(r['mape_rekryteringar'], 0)}; rekryteringar är svårare att förutse "
                        "eftersom de beror på hur många som råkar sluta ett visst år.")
    if (_tal(r["jamforelser_intervall"]) or 0) > 0:
        andel = float(r["andel_inom_intervall"])
        meningar.append(f"{fmt_procent(andel, 0)} av de faktiska rekryteringarna hamnade inom prognosens "
                        "osäkerhetsintervall (om intervallet är rimligt bör det vara omkring 80 %).")
        if andel < 0.65:
            meningar.append("Utfallen hamnade alltså oftare utanför intervallet än väntat: osäkerheten är "
                            "större än modellen räknar med, till exempel för att personalomsättningen "
                            "varierar mellan åren eller för att behovet utvecklats annorlunda än prognosen.")
    if namnd != HELA_KOMMUNEN and HELA_KOMMUNEN in s.index and (_tal(s.loc[HELA_KOMMUNEN, "jamforelser_antal"]) or 0) > 0:
        meningar.append(f"För hela kommunen var felet {fmt_procent(s.loc[HELA_KOMMUNEN, 'mape_antal'], 1)} "
                        "för antalet anställda.")
    return [" ".join(meningar),
            f"Yrkeskategorier och år med färre än {minsta_antal} anställda (eller rekryteringar) "
            "räknas inte in i felen, eftersom ett procentfel på ett litet tal säger lite. "
            "Befolkningsprognosen är den som finns i dag, inte den som fanns "
            f"{fran_cykel}."]


def avslutande_stycke(parameterosakerhet: bool = True) -> str:
    """The closing paragraph: read the need as an interval, and what the interval covers."""
    tacker = ("slumpen i avgångarna och osäkerheten i den skattade personalomsättningen; om behovet "
              "utvecklas annorlunda än prognosen eller personalomsättningen ökar eller minskar över tid"
              if parameterosakerhet else
              "bara slumpen i avgångarna; om behovet eller personalomsättningen ändras på annat sätt "
              "än prognosen antar")
    return ("Läs därför rekryteringsbehovet som ett intervall snarare än ett exakt tal. "
            f"Intervallet visar {tacker} blir avvikelsen större.")


def hur_saker_stycken(tabeller: Mapping[str, pd.DataFrame], meta: Mapping[str, Any], namnd: str) -> list[str]:
    """The paragraphs of "Hur säker är prognosen?" for ``namnd``, in Swedish, in order:

    1. the simulated 80 % interval of the recruitment need at the longest horizon (from
       ``tabeller["rekrytering_intervall"]``, the nämnd's ``Totalt`` row; left out when the table
       has no such row or the disclosure rule hid it);
    2. how well the forecast made earlier hit the outcome: one paragraph with the scores
       (``tabeller["backtest"]``) and one on what is left out, or one sentence saying why it could
       not be tested (left out when ``meta["backtest"]`` says the backtest could not run at all);
    3. if any of these: the closing paragraph (read the need as an interval; what it covers).

    ``tabeller``: the published tables of the cycle (all nämnder and ``Hela kommunen``, e.g.
    ``Rapportdata.tabeller``); ``meta``: antaganden.json; ``namnd``: a nämnd's namn, or
    ``Hela kommunen`` or the kommun's name (``meta["kommun"]``) for the kommun. Plain text (no
    markup), numbers in Swedish format; an empty list when there is nothing to say.
    """
    if namnd == meta.get("kommun") or namnd == HELA_KOMMUNEN:
        namnd = HELA_KOMMUNEN
    sim = meta.get("simulering") or {}
    parameterosakerhet = bool(sim.get("parameterosakerhet", True))
    iv = tabeller.get("rekrytering_intervall")
    korningar, seed = sim.get("antal_korningar"), sim.get("seed")
    if (korningar is None or seed is None) and isinstance(iv, pd.DataFrame) and len(iv):
        korningar = iv["antal_korningar"].iloc[0] if korningar is None and "antal_korningar" in iv else korningar
        seed = iv["seed"].iloc[0] if seed is None and "seed" in iv else seed
    stycken: list[str] = []
    if korningar is not None and seed is not None:
        s = simuleringsstycke(iv if isinstance(iv, pd.DataFrame) else None, namnd, int(korningar), int(seed),
                              parameterosakerhet)
        if s:
            stycken.append(s)
    bt = meta.get("backtest") or {}
    if "ar" in bt:  # the backtest ran (enough data or not); without "ar" it could not run at all
        minsta = bt.get("minsta_antal", (meta.get("antaganden") or {}).get("minsta_antal", 5))
        stycken.extend(backteststycken(tabeller.get("backtest"), namnd, int(bt["fran_cykel"]), bt["ar"] or (),
                                       int(minsta), bt.get("otillrackligt")))
    if stycken:
        stycken.append(avslutande_stycke(parameterosakerhet))
    return stycken
