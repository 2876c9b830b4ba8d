"""The paragraphs of "Hur säker är prognosen?", written at render time from the published tables.

:func:`hur_saker_stycken` reads ``rekrytering_intervall`` (the simulation's 80 % interval of
the recruitment need), ``backtest`` (the rolling-origin scores of the forecasts made earlier,
pooled per nämnd, with the 95 % uncertainty of the interval's coverage) and ``antaganden.json``
(``simulering``: antal_korningar, seed, parameterosakerhet; ``backtest``: till_cykel,
fran_cykler, ar, otillrackligt, minsta_antal, ursprung; an older one-origin ``backtest`` with
fran_cykel is read as one origin). The coverage is quoted in plain Swedish
(:func:`tackningsmening`: "Intervallet höll i 78 av 100 fall (n = 412 jämförelser, 95 %
osäkerhet 74–82 av 100)"); a kommun with too few snapshots is told so (:data:`FOR_FA_BILDER`). The tables are the published ones
(:func:`kfanalys.modell.urval.publicerade_tabeller`): a hidden interval is not quoted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.grund.talformat import fmt_procent, fmt_tal
from kfanalys.modell.backtest import wilson
from kfanalys.modell.omsattningsmodell import METODTEXT


def arspann(ar) -> str:
    """``[2023, 2024, 2025] -> "2023–2025"``, ``[2023] -> "2023"``."""
    ar = sorted(int(a) for a in ar)
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


def lista(ord_) -> str:
    """``["2022", "2023", "2024"] -> "2022, 2023 och 2024"``."""
    ord_ = [str(o) for o in ord_]
    return ord_[0] if len(ord_) == 1 else ", ".join(ord_[:-1]) + " och " + ord_[-1]


def tackningsmening(andel: float, n: int, lag: float | None = None, hog: float | None = None) -> str:
    """The plain reading of an interval's coverage: ``andel`` of ``n`` comparisons, with the 95 %
    uncertainty (``lag``/``hog``, fractions; computed by :func:`kfanalys.modell.backtest.wilson`
    when not given).

    >>> tackningsmening(0.78, 412, 0.737, 0.818).replace("\xa0", " ")
    'Intervallet höll i 78 av 100 fall (n = 412 jämförelser, 95 % osäkerhet 74–82 av 100).'
    """
    if lag is None or hog is None:
        lag, hog = (float(x) for x in wilson(round(float(andel) * int(n)), int(n)))
    return (f"Intervallet höll i {fmt_tal(float(andel) * 100)} av 100 fall (n = {fmt_tal(n)} jämförelser, "
            f"{fmt_procent(0.95, 0)} osäkerhet {fmt_tal(lag * 100)}–{fmt_tal(hog * 100)} av 100).")


def tackning_kort(andel: float, lag: float, hog: float) -> str:
    """The coverage and its 95 % uncertainty for a table cell: ``"78 av 100 (74–82)"``; ``"–"`` if unknown.

    >>> tackning_kort(0.78, 0.737, 0.818), tackning_kort(float("nan"), 0.1, 0.2)
    ('78 av 100 (74–82)', '–')
    """
    if any(_tal(x) is None for x in (andel, lag, hog)):
        return "–"
    return f"{fmt_tal(float(andel) * 100)} av 100 ({fmt_tal(float(lag) * 100)}–{fmt_tal(float(hog) * 100)})"


def bedomning_av_tackning(lag: float, hog: float, mal: float = 0.8) -> str:
    """What the coverage's 95 % uncertainty (``lag``-``hog``) says against the intended ``mal``, judged
    on the whole "av 100" figures the reader sees (so "71–80" is not called below 80).

    >>> bedomning_av_tackning(0.71, 0.7996)
    'Det stämmer med 80 av 100 inom osäkerheten.'
    """
    lag, hog, mal = (math.floor(x * 100 + 0.5) for x in (lag, hog, mal))  # as fmt_tal rounds (half up)
    if hog < mal:
        return ("Det är färre än 80 av 100 även med osäkerheten räknad: osäkerheten är större än modellen "
                "räknar med, till exempel för att personalomsättningen varierar mellan åren eller för att "
                "behovet utvecklats annorlunda än prognosen.")
    if lag > mal:
        return "Det är fler än 80 av 100 även med osäkerheten räknad: intervallet är bredare än det behöver vara."
    return "Det stämmer med 80 av 100 inom osäkerheten."


def _rullande_meta(bt: Mapping[str, Any]) -> dict:
    """``meta["backtest"]`` in the rolling form; a one-origin meta of an older stored cycle
    (fran_cykel, ar, otillrackligt) becomes a list of one origin."""
    if "ursprung" in bt:
        return dict(bt)
    ok = not bt.get("otillrackligt")
    fran = int(bt["fran_cykel"])
    return {**bt, "fran_cykler": [fran] if ok else [], "ar": list(bt.get("ar") or []) if ok else [],
            "ursprung": [{"fran_cykel": fran, "ar": list(bt.get("ar") or []), "otillrackligt": bt.get("otillrackligt")}]}


def _ursprungstext(ursprung) -> str:
    """"prognosen från 2022 med 2023–2025 och den från 2023 med 2024–2025"."""
    delar = [f"{'prognosen' if i == 0 else 'den'} från {int(u['fran_cykel'])} med {arspann(u['ar'])}"
             for i, u in enumerate(ursprung)]
    return lista(delar)


FOR_FA_BILDER = ("En efterhandsprövning behöver ögonblicksbilder i personaldata från minst fyra år: året före "
                 "prognosen (för personalomsättningen), prognosåret och två senare år att jämföra med.")


def backteststycken(sammanfattning: pd.DataFrame | None, namnd: str, backtest: Mapping[str, Any]) -> list[str]:
    """The paragraphs on how well the forecasts made earlier hit the outcome (rolling origin:
    ``backtest`` is ``meta["backtest"]`` of :func:`kfanalys.berakning.orkestrering.backtest_meta`,
    ``sammanfattning`` backtest.csv, :data:`kfanalys.modell.backtest.RULLANDE_KOLUMNER`): which
    origins and years, the errors, the interval's coverage with n and its plain reading; or the
    sentences saying why no forecast could be tested (too few snapshots)."""
    bt = _rullande_meta(backtest)
    minsta = int(bt.get("minsta_antal", 5))
    if bt.get("otillrackligt") or not bt.get("fran_cykler"):
        return [f"Prognosen har inte kunnat prövas mot verkligt utfall. {bt.get('otillrackligt') or ''} "
                f"{FOR_FA_BILDER}".replace("  ", " ")]
    gjorda = [u for u in bt["ursprung"] if not u.get("otillrackligt")]
    ej = [u for u in bt["ursprung"] if u.get("otillrackligt")]
    fran = lista([str(int(u["fran_cykel"])) for u in gjorda])
    s = (sammanfattning.set_index("namnd") if sammanfattning is not None and "namnd" in sammanfattning.columns
         else pd.DataFrame())
    if namnd not in s.index or not (_tal(s.loc[namnd, "jamforelser_antal"]) or 0) > 0:
        return [f"{'Prognoserna' if len(gjorda) > 1 else 'Prognosen'} från {fran} har prövats mot utfallet "
                f"{arspann(bt['ar'])}, men för {_vem(namnd)} fanns ingen yrkeskategori med minst {minsta} "
                "anställda att jämföra."]
    r = s.loc[namnd]
    meningar = [
        f"Hur väl har metoden träffat tidigare? Vi gjorde samma prognos från läget {fran}, "
        f"{'varje gång ' if len(gjorda) > 1 else ''}bara med de uppgifter som fanns då, och jämförde med vad som "
        f"faktiskt hände ({_ursprungstext(gjorda)}).",
    ]
    meningar += [f"Prognosen från {int(u['fran_cykel'])} kunde inte prövas. {u['otillrackligt']}" for u in ej]
    meningar.append(f"Antalet anställda per yrkeskategori och år blev i genomsnitt fel med "
                    f"{fmt_procent(r['mape_antal'], 1)}.")
    if (_tal(r["jamforelser_rekryteringar"]) or 0) > 0:
        meningar.append(f"Antalet rekryteringar per år blev i genomsnitt fel med "
                        f"{fmt_procent(r['mape_rekryteringar'], 0)}; rekryteringar är svårare att förutse "
                        "eftersom de beror på hur många som råkar sluta ett visst år.")
    n = int(_tal(r["jamforelser_intervall"]) or 0)
    if n > 0:
        andel = float(r["andel_inom_intervall"])
        lag, hog = _tal(r.get("andel_inom_intervall_lag")), _tal(r.get("andel_inom_intervall_hog"))
        if lag is None or hog is None:
            lag, hog = (float(x) for x in wilson(round(andel * n), n))
        meningar += ["Osäkerhetsintervallet för rekryteringarna ska hålla i ungefär 80 av 100 fall "
                     "(en jämförelse är en yrkeskategori ett år).", tackningsmening(andel, n, lag, hog),
                     bedomning_av_tackning(lag, hog)]
    if namnd != HELA_KOMMUNEN and HELA_KOMMUNEN in s.index and (_tal(s.loc[HELA_KOMMUNEN, "jamforelser_antal"]) or 0) > 0:
        k = s.loc[HELA_KOMMUNEN]
        kommun = f"För hela kommunen var felet {fmt_procent(k['mape_antal'], 1)} för antalet anställda"
        if (_tal(k["jamforelser_intervall"]) or 0) > 0:
            kommun += f" och intervallet höll i {fmt_tal(float(k['andel_inom_intervall']) * 100)} av 100 fall"
        meningar.append(kommun + ".")
    return [" ".join(meningar),
            f"Yrkeskategorier och år med färre än {minsta} anställda (eller rekryteringar) "
            "räknas inte in i felen, eftersom ett procentfel på ett litet tal säger lite. "
            "Samma yrkeskategori ingår flera år och i flera prövningar, så jämförelserna är inte helt "
            "oberoende och den verkliga osäkerheten är något större än den angivna. "
            f"Befolkningsprognosen är den som finns i dag, inte den som fanns {fran}."]


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
       has no such row or the disclosure rule hid it), followed by the turnover model in words
       (:data:`kfanalys.modell.omsattningsmodell.METODTEXT`, and its note when only one 12-month
       period could be used) when ``meta["simulering"]["omsattningsmodell"]`` says it was used;
    2. how well the forecasts made earlier (rolling origin) hit the outcome: one paragraph with
       the origins, the scores and the coverage (``tabeller["backtest"]``) and one on what is left
       out, or one paragraph saying why no forecast could be tested (left out when
       ``meta["backtest"]`` says the backtest could not run at all);
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
    modell = sim.get("omsattningsmodell")
    if stycken and isinstance(modell, Mapping):  # the simulation drew the turnover from the model
        stycken.append(" ".join(filter(None, [METODTEXT, str(modell.get("anmarkning") or "")])))
    bt = meta.get("backtest") or {}
    if "ursprung" in bt or "ar" in bt:  # the backtest ran (enough data or not); else it could not run at all
        minsta = bt.get("minsta_antal", (meta.get("antaganden") or {}).get("minsta_antal", 5))
        stycken.extend(backteststycken(tabeller.get("backtest"), namnd, {**bt, "minsta_antal": int(minsta)}))
    if stycken:
        stycken.append(avslutande_stycke(parameterosakerhet))
    return stycken
