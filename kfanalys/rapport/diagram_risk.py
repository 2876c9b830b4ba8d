"""The risk matrix: konsekvens × sannolikhet with the yrkeskategorier in their cells, each cell
labelled with its risk level (:func:`kfanalys.modell.risk.riskniva`; style and helpers:
:mod:`kfanalys.rapport.figur`).
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import KONSEKVENSER, SANNOLIKHETER, TOTALT
from kfanalys.modell.risk import RISKNIVAER, riskniva
from kfanalys.rapport.figur import BREDD_CM, CM, Figur, STIL, krav, namndens_rader, radbryt, uppraknat


# --------------------------------------------------------------------------- risk matrix

RISKFARGER = ("#B9E3D3", "#FAF3B0", "#F4BFA0")  # light Okabe-Ito green, yellow, vermillion


def _position(varden: pd.Series, skala: tuple[str, ...], kolumn: str) -> pd.Series:
    norm = varden.astype("string").str.strip().str.lower()
    pos = norm.map({v: i for i, v in enumerate(skala)})
    okand = sorted(set(norm[pos.isna() & norm.notna()]))
    if okand:
        raise Berakningsfel(f"Figur: tabellen risk, kolumn {kolumn}: okänt värde {', '.join(okand)} "
                            f"(ska vara {', '.join(skala)})")
    return pos


def riskmatris(risk_df: pd.DataFrame, namnd: str, max_per_ruta: int = 6) -> Figur:
    """3 × 3 risk matrix (konsekvens up, sannolikhet across) from ``risk.csv`` (namnd,
    yrkeskategori, konsekvens, sannolikhet) with the category names in the cells. Each cell
    carries its risk level as text (Låg/Medelhög/Hög risk) besides its colour.

    >>> t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "konsekvens": ["allvarlig", "mindre allvarlig"],
    ...                   "sannolikhet": ["hög", "låg"]})
    >>> riskmatris(t, "N").alt
    'Riskmatris: hög risk för A (allvarlig konsekvens, hög sannolikhet). Låg risk för B.'
    """
    krav(risk_df, ["namnd", "yrkeskategori", "konsekvens", "sannolikhet"], "risk")
    t = namndens_rader(risk_df, namnd, "risk").copy()
    t = t[t["yrkeskategori"] != TOTALT]
    t["k"] = _position(t["konsekvens"], KONSEKVENSER, "konsekvens")
    t["s"] = _position(t["sannolikhet"], SANNOLIKHETER, "sannolikhet")
    utan = t[t["k"].isna() | t["s"].isna()]
    t = t.dropna(subset=["k", "s"]).astype({"k": int, "s": int})
    t["niva"] = [riskniva(k, s) for k, s in zip(t["k"], t["s"])]
    # change since the previous cycle: the sum of the two positions up (↑), down (↓) or a move at the same sum (↔)
    t["andring"] = ""
    if {"foregaende_konsekvens", "foregaende_sannolikhet"} <= set(t.columns):
        fk = _position(t["foregaende_konsekvens"], KONSEKVENSER, "foregaende_konsekvens")
        fs = _position(t["foregaende_sannolikhet"], SANNOLIKHETER, "foregaende_sannolikhet")
        har = (fk.notna() & fs.notna()).to_numpy()
        diff = (t["k"] + t["s"]).to_numpy(dtype=float) - (fk + fs).to_numpy(dtype=float)
        flyttad = har & ((t["k"] != fk) | (t["s"] != fs)).to_numpy()
        t.loc[har & (diff > 0), "andring"] = "↑"
        t.loc[har & (diff < 0), "andring"] = "↓"
        t.loc[flyttad & (diff == 0), "andring"] = "↔"
    jamford = bool(t["andring"].ne("").any()) or (
        {"foregaende_konsekvens", "foregaende_sannolikhet"} <= set(t.columns)
        and bool(t["foregaende_konsekvens"].notna().any()))
    texter = {}
    for k in range(3):
        for s in range(3):
            ruta = t[(t["k"] == k) & (t["s"] == s)].sort_values("yrkeskategori")
            namn = [f"{n} {a}".strip() for n, a in zip(ruta["yrkeskategori"].astype(str), ruta["andring"])]
            if len(namn) > max_per_ruta:
                namn = namn[:max_per_ruta - 1] + [f"+ {len(namn) - max_per_ruta + 1} till"]
            texter[k, s] = "\n".join(radbryt(n, 24) for n in namn)
    # every cell as tall as the fullest one needs: a 9 pt line is about 0.42 cm, plus the level label
    rader = max([1, *(x.count("\n") + 1 for x in texter.values() if x)])
    ruta_cm = max(3.0, 0.42 * rader + 1.1)
    with mpl.rc_context(STIL):
        fig = Figure(figsize=(BREDD_CM * CM, (3 * ruta_cm + 2.6) * CM), layout="constrained")
        ax = fig.add_subplot()
        for k in range(3):
            for s in range(3):
                niva = riskniva(k, s)
                ax.add_patch(Rectangle((s, k), 1, 1, facecolor=RISKFARGER[niva], edgecolor="white", linewidth=2))
                ax.text(s + 0.04, k + 0.96, RISKNIVAER[niva], ha="left", va="top", fontsize=9, style="italic",
                        color="#333333")
                ax.text(s + 0.5, k + 0.44, texter[k, s], ha="center", va="center", fontsize=9)
        ax.set_xlim(0, 3)
        ax.set_ylim(0, 3)
        ax.set_xticks([0.5, 1.5, 2.5], [v.capitalize() for v in SANNOLIKHETER])
        ax.set_yticks([0.5, 1.5, 2.5], [radbryt(v.capitalize(), 12) for v in KONSEKVENSER])
        ax.set_xlabel("Sannolikhet")
        ax.set_ylabel("Konsekvens")
        ax.tick_params(length=0)
        for sida in ("left", "bottom"):
            ax.spines[sida].set_visible(False)
        if jamford:
            fig.text(0.5, 0.0, "Jämfört med förra cykeln:  ↑ högre risk   ↓ lägre risk   ↔ flyttad, samma nivå",
                     ha="center", va="bottom", fontsize=9)
            fig.get_layout_engine().set(h_pad=0.25)
    delar = []
    for niva in (2, 1, 0):
        d = t[t["niva"] == niva].sort_values(["k", "s", "yrkeskategori"], ascending=[False, False, True])
        if d.empty:
            continue
        namn = uppraknat(list(d["yrkeskategori"].astype(str)))
        if niva == 2 and len(d[["k", "s"]].drop_duplicates()) == 1:
            namn += f" ({KONSEKVENSER[d['k'].iat[0]]} konsekvens, {SANNOLIKHETER[d['s'].iat[0]]} sannolikhet)"
        delar.append(f"{RISKNIVAER[niva]} för {namn}.")
    if delar:
        delar[0] = delar[0][0].lower() + delar[0][1:]
        alt = "Riskmatris: " + " ".join(delar)
    else:
        alt = "Riskmatris: ingen yrkeskategori har en riskbedömning."
    if jamford:
        upp = list(t.loc[t["andring"] == "↑", "yrkeskategori"].astype(str))
        ned = list(t.loc[t["andring"] == "↓", "yrkeskategori"].astype(str))
        if upp or ned:
            alt += " Jämfört med förra cykeln: " + "; ".join(
                ([f"högre risk för {uppraknat(upp)}"] if upp else []) + ([f"lägre risk för {uppraknat(ned)}"] if ned else [])) + "."
        else:
            alt += " Ingen yrkeskategori har fått högre eller lägre risk sedan förra cykeln."
    if len(utan):
        alt += (" 1 yrkeskategori saknar bedömning och visas inte." if len(utan) == 1
                else f" {len(utan)} yrkeskategorier saknar bedömning och visas inte.")
    bildtext = f"Riskanalys, {namnd}: yrkeskategorier efter konsekvens och sannolikhet för kompetensbrist."
    if jamford:
        bildtext += " Pilarna visar förändringen sedan förra cykeln."
    andring = {"↑": "högre risk", "↓": "lägre risk", "↔": "flyttad, samma nivå", "": ""}
    siffror = (t.sort_values(["niva", "k", "s", "yrkeskategori"], ascending=[False, False, False, True])
               .assign(risk=lambda d: [RISKNIVAER[n] for n in d["niva"]],
                       forandring=lambda d: [andring[a] for a in d["andring"]]))
    kolumner = {"yrkeskategori": ("Yrkeskategori", "text"), "konsekvens": ("Konsekvens", "text"),
                "sannolikhet": ("Sannolikhet", "text"), "risk": ("Risknivå", "text")}
    if jamford:
        kolumner["forandring"] = ("Sedan förra cykeln", "text")
    return Figur(fig, alt, bildtext, siffror.reset_index(drop=True), kolumner)
