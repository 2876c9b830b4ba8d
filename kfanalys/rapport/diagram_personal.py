"""Charts of the staff today: the age pyramid, turnover per yrkeskategori and a nämnd compared
with the other nämnder and the kommun (style and helpers: :mod:`kfanalys.rapport.figur`).
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.grund.talformat import fmt_procent, fmt_tal
from kfanalys.rapport.figur import (ETIKETT, PALETT, STIL, Figur, dolda_text, for_fa, krav, legend_under, lista,
                                    namndens_rader, ny_figur, radbryt, tal_axel, undertryckt_text)


# --------------------------------------------------------------------------- age pyramid

def _bandstart(grupp: str) -> int:
    g = str(grupp).strip()
    return -1 if g.startswith("-") else int(g.split("-")[0])


def _band_text(grupp: str) -> str:
    g = str(grupp).strip()
    if g.startswith("-"):
        return f"under {int(g[1:]) + 1} år"
    if g.endswith("-"):
        return f"{g[:-1]} år och äldre"
    return f"{g} år"


def alderspyramid(aldersstruktur_df: pd.DataFrame, namnd: str, minsta: int = 5) -> Figur:
    """Age pyramid from ``aldersstruktur.csv`` (namnd, kon K/M, aldersgrupp ``-24`` ... ``65-``,
    antal persons): men to the left, women to the right. Cells with 1..minsta-1 persons
    are not drawn. When no cell can be drawn (all 0 or hidden) there is no chart: the
    :class:`Figur` has ``fig=None`` and its ``alt`` is the sentence shown instead.

    >>> t = pd.DataFrame({"namnd": "N", "kon": ["K", "K", "M", "M"], "aldersgrupp": ["-24", "25-29"] * 2,
    ...                   "antal": [10, 30, 2, 8]})
    >>> alderspyramid(t, "N").alt
    'Ålderspyramid för N: 40 kvinnor och 8 män i de staplar som visas. Störst är gruppen kvinnor 25-29 år (30 personer). 1 stapel med färre än 5 personer visas inte.'
    """
    krav(aldersstruktur_df, ["namnd", "kon", "aldersgrupp", "antal"], "aldersstruktur")
    t = namndens_rader(aldersstruktur_df, namnd, "aldersstruktur").copy()
    t["antal"] = pd.to_numeric(t["antal"], errors="coerce")
    dold_cell = t["antal"].isna()  # hidden by the disclosure rule: not drawn, not counted in a total
    t["antal"] = t["antal"].fillna(0)
    t["kon"] = t["kon"].astype(str).str.upper()
    okand = sorted(set(t["kon"]) - {"K", "M"})
    if okand:
        raise Berakningsfel(f"Figur: tabellen aldersstruktur har okänt kön {', '.join(okand)} (ska vara K eller M)")
    tabell = t.pivot_table(index="aldersgrupp", columns="kon", values="antal", aggfunc="sum", fill_value=0)
    tabell = tabell.reindex(columns=["K", "M"], fill_value=0)
    tabell = tabell.loc[sorted(tabell.index, key=_bandstart)]
    dold = (t.assign(_dold=dold_cell).pivot_table(index="aldersgrupp", columns="kon", values="_dold",
                                                    aggfunc="any", fill_value=False)
            .reindex(index=tabell.index, columns=["K", "M"], fill_value=False).astype(bool))
    dolj = ((tabell > 0) & (tabell < minsta)) | dold
    ritas = tabell.mask(dolj, 0)
    grupper = [str(g) for g in tabell.index]
    if not (ritas.to_numpy() > 0).any():
        return Figur(None, f"Ålderspyramiden för {namnd} visas inte: ingen åldersgrupp har minst {minsta} "
                           f"personer av samma kön att visa.")
    y = np.arange(len(grupper))
    with mpl.rc_context(STIL):
        fig = ny_figur(len(grupper), 0.6)
        ax = fig.add_subplot()
        ax.barh(y, -ritas["M"], color=PALETT[4], label="Män")
        ax.barh(y, ritas["K"], color=PALETT[0], label="Kvinnor", hatch="///", edgecolor="white", linewidth=0)
        ax.set_yticks(y, grupper)
        ax.axvline(0, color="black", linewidth=0.8)
        storst = max(1.0, float(ritas.to_numpy().max()))
        ax.set_xlim(-storst * 1.15, storst * 1.15)
        tal_axel(ax, "x", "abs", symmetrisk=True)
        ax.set_xlabel("Antal medarbetare")
        ax.set_ylabel("Åldersgrupp (år)")
        ax.text(0.02, 0.98, "Män", transform=ax.transAxes, ha="left", va="top", fontweight="bold")
        ax.text(0.98, 0.98, "Kvinnor", transform=ax.transAxes, ha="right", va="top", fontweight="bold")
        ax.legend(loc="lower right", frameon=False)
    kvinnor, man = float(tabell["K"].sum()), float(tabell["M"].sum())

    def antal_text(n: float, ord_: str) -> str:
        kon = "K" if ord_ == "kvinnor" else "M"
        if 0 < n < minsta:
            return f"färre än {minsta} {ord_}"
        if dolj[kon].any():  # a hidden bar: the total of the shown bars only (else it gives the bar back)
            return f"{fmt_tal(ritas[kon].sum())} {ord_} i de staplar som visas"
        return f"{fmt_tal(n)} {ord_}"

    alt = f"Ålderspyramid för {namnd}: {antal_text(kvinnor, 'kvinnor')} och {antal_text(man, 'män')}."
    stack = ritas.stack()
    if stack.max() > 0:
        grupp, kon = stack.idxmax()
        alt += (f" Störst är gruppen {'kvinnor' if kon == 'K' else 'män'} {_band_text(grupp)} "
                f"({fmt_tal(stack.max())} personer).")
    alt += undertryckt_text(int(dolj.to_numpy().sum()), minsta, "staplar")
    bildtext = f"Åldersstruktur, {namnd}: antal medarbetare per kön och åldersgrupp."
    if dolj.to_numpy().any():
        bildtext += dolda_text(minsta, "staplar")
    siffror = pd.DataFrame({"aldersgrupp": [_band_text(g) for g in grupper],
                            "kvinnor": ritas["K"].mask(dolj["K"]).to_numpy(dtype=float),
                            "man": ritas["M"].mask(dolj["M"]).to_numpy(dtype=float)})
    return Figur(fig, alt, bildtext, siffror, {"aldersgrupp": ("Åldersgrupp", "text"), "kvinnor": ("Kvinnor", "tal"),
                                               "man": ("Män", "tal")}, minsta=minsta)


# --------------------------------------------------------------------------- turnover

PERIODTEXT = {"senaste_12": "de senaste 12 månaderna", "foregaende_12": "de 12 månaderna dessförinnan"}


def omsattning_staplar(omsattning_df: pd.DataFrame, namnd: str, period: str = "senaste_12",
                       minsta: int = 5) -> Figur:
    """Turnover per yrkeskategori from ``omsattning.csv`` (namnd, yrkeskategori, period,
    medelantal, omsattning, omsattning_exkl_pension; fractions): two bars per category
    (including and excluding retirements), with the nämnd total and the kommun as
    reference lines. Categories with medelantal 1..minsta-1 are not drawn.

    >>> t = pd.DataFrame({"namnd": ["N", "N", "N", "Hela kommunen"], "period": "senaste_12",
    ...     "yrkeskategori": ["A", "B", "Totalt", "Totalt"], "medelantal": [50, 40, 90, 900],
    ...     "omsattning": [0.352, 0.031, 0.2, 0.15], "omsattning_exkl_pension": [0.3, 0.0, 0.16, 0.12]})
    >>> omsattning_staplar(t, "N").alt.replace("\\xa0", " ")
    'Stapeldiagram: personalomsättningen de senaste 12 månaderna är högst för A (35,2 %) och lägst för B (3,1 %). Nämnden totalt 20,0 %, kommunen 15,0 %.'
    """
    krav(omsattning_df, ["namnd", "yrkeskategori", "period", "medelantal", "omsattning",
                          "omsattning_exkl_pension"], "omsattning")
    t = omsattning_df[omsattning_df["period"] == period]
    if t.empty:
        raise Berakningsfel(f'Figur: tabellen omsattning har inga rader för perioden "{period}"')
    t = namndens_rader(t, namnd, "omsattning")
    totalrad = t[t["yrkeskategori"] == TOTALT]
    kommunrad = omsattning_df[(omsattning_df["namnd"] == HELA_KOMMUNEN) & (omsattning_df["yrkeskategori"] == TOTALT)
                              & (omsattning_df["period"] == period)]
    kat = t[t["yrkeskategori"] != TOTALT]
    dolj = for_fa(kat["medelantal"], minsta)
    kat = kat[~dolj & kat["omsattning"].notna()].sort_values(["omsattning", "yrkeskategori"], ascending=[True, False])
    y = np.arange(len(kat))
    with mpl.rc_context(STIL):
        fig = ny_figur(len(kat), 0.7)
        ax = fig.add_subplot()
        h = 0.38
        ax.barh(y + h / 2, kat["omsattning"], height=h, color=PALETT[4], label="Inklusive pension")
        ax.barh(y - h / 2, kat["omsattning_exkl_pension"], height=h, color=PALETT[1], hatch="///",
                edgecolor="white", linewidth=0, label="Exklusive pension")
        for yi, v in zip(y, kat["omsattning"]):
            ax.text(v, yi + h / 2, " " + fmt_procent(v), **ETIKETT)
        ax.set_yticks(y, [radbryt(k) for k in kat["yrkeskategori"]])
        referenser = []
        if len(totalrad) and not for_fa(totalrad["medelantal"], minsta).iat[0]:
            v = float(totalrad["omsattning"].iat[0])
            vem = "Kommunen totalt" if namnd == HELA_KOMMUNEN else "Nämnden totalt"
            ax.axvline(v, color="black", linestyle="--", linewidth=1.2, zorder=2.5, label=f"{vem} ({fmt_procent(v)})")
            referenser.append(f"{vem} {fmt_procent(v)}")
        if len(kommunrad) and namnd != HELA_KOMMUNEN:
            v = float(kommunrad["omsattning"].iat[0])
            ax.axvline(v, color=PALETT[5], linestyle=":", linewidth=1.6, zorder=2.5, label=f"Kommunen ({fmt_procent(v)})")
            referenser.append(f"kommunen {fmt_procent(v)}")
        storst = max([0.01, *kat["omsattning"].tolist()])
        ax.set_xlim(0, storst * 1.25)
        tal_axel(ax, "x", "procent")
        ax.set_xlabel("Personalomsättning")
        legend_under(ax)
    ptext = PERIODTEXT.get(period, period)
    if len(kat):
        hog, lag = kat.iloc[-1], kat.iloc[0]
        alt = (f"Stapeldiagram: personalomsättningen {ptext} är högst för {hog['yrkeskategori']} "
               f"({fmt_procent(hog['omsattning'])})")
        alt += (f" och lägst för {lag['yrkeskategori']} ({fmt_procent(lag['omsattning'])})." if len(kat) > 1
                else ".")
    else:
        alt = f"Stapeldiagram: personalomsättningen {ptext} kan inte visas per yrkeskategori."
    if referenser:
        alt += " " + ", ".join(referenser) + "."
    if len(kat) > 2:
        alt += " Per yrkeskategori: " + lista((k, fmt_procent(v)) for k, v in
                                              zip(kat["yrkeskategori"][::-1], kat["omsattning"][::-1])) + "."
    alt += undertryckt_text(int(dolj.sum()), minsta)
    bildtext = (f"Personalomsättning per yrkeskategori {ptext}, {namnd}, med och utan pensionsavgångar "
                f"(avgångar som lämnar förvaltningen bland månadsavlönade tillsvidareanställda).")
    if dolj.any():
        bildtext += dolda_text(minsta)
    ref = pd.concat([totalrad[~for_fa(totalrad["medelantal"], minsta)],
                     kommunrad if namnd != HELA_KOMMUNEN else kommunrad.iloc[:0]])
    ref = ref.assign(yrkeskategori=[HELA_KOMMUNEN if n == HELA_KOMMUNEN and namnd != HELA_KOMMUNEN else TOTALT
                                    for n in ref["namnd"]])
    siffror = pd.concat([kat[::-1], ref])[["yrkeskategori", "medelantal", "omsattning", "omsattning_exkl_pension"]]
    return Figur(fig, alt, bildtext, siffror.reset_index(drop=True),
                 {"yrkeskategori": ("Yrkeskategori", "text"), "omsattning": ("Inklusive pension", "procent"),
                  "omsattning_exkl_pension": ("Exklusive pension", "procent")}, minsta=minsta, antal_kolumn="medelantal")



# --------------------------------------------------------------------------- nämnder vs kommun

def jamfor_namnder(df: pd.DataFrame, varde: str, titel: str, format: str = "procent", minsta: int = 5,
                   antal_kolumn: str | None = "antal", mal: float | None = None) -> Figur:
    """Each nämnd against the kommun: horizontal bars of column ``varde`` per nämnd, the
    ``Hela kommunen`` row as a reference line. Rows are the nämnd totals: when the table
    has ``yrkeskategori`` (or ``grupp``) the ``Totalt`` rows, when it has ``niva`` the
    ``namnd`` rows. ``format``: ``procent`` (fraction), ``tal`` or ``tal1``. Nämnder with
    1..minsta-1 persons in ``antal_kolumn`` (if the table has it) are not drawn. ``mal``: a
    target drawn as a second reference line (e.g. 0.9 for 90 % heltid, 30 per chef).

    >>> t = pd.DataFrame({"namnd": ["A", "B", "Hela kommunen"], "antal": [100, 50, 150],
    ...                   "andel_heltid": [0.92, 0.80, 0.88]})
    >>> jamfor_namnder(t, "andel_heltid", "Andel heltidsanställda").alt.replace("\\xa0", " ")
    'Stapeldiagram, andel heltidsanställda: högst i A (92,0 %), lägst i B (80,0 %); kommunen 88,0 %.'
    """
    if format not in ("procent", "tal", "tal1"):
        raise Berakningsfel(f'Figur: okänt format "{format}" (ska vara procent, tal eller tal1)')
    krav(df, ["namnd", varde], titel)
    t = df
    if "niva" in t.columns:
        t = t[t["niva"] == "namnd"]
    for k in ("yrkeskategori", "grupp"):
        if k in t.columns:
            t = t[t[k] == TOTALT]
    kommun = t[t["namnd"] == HELA_KOMMUNEN]
    t = t[t["namnd"] != HELA_KOMMUNEN]
    dolj = for_fa(t[antal_kolumn], minsta) if antal_kolumn in t.columns else pd.Series(False, index=t.index)
    t = t[~dolj & t[varde].notna()].sort_values([varde, "namnd"], ascending=[True, False])
    fmt = {"procent": fmt_procent, "tal": fmt_tal, "tal1": lambda v: fmt_tal(v, 1)}[format]
    y = np.arange(len(t))
    with mpl.rc_context(STIL):
        fig = ny_figur(len(t), 0.6)
        ax = fig.add_subplot()
        ax.barh(y, t[varde], color=PALETT[4], label="Nämnd")
        for yi, v in zip(y, t[varde]):
            ax.text(v, yi, " " + fmt(v), **ETIKETT)
        ax.set_yticks(y, [radbryt(n, 32) for n in t["namnd"]])
        kommunvarde = float(kommun[varde].iat[0]) if len(kommun) and pd.notna(kommun[varde].iat[0]) else None
        if kommunvarde is not None:
            ax.axvline(kommunvarde, color=PALETT[5], linestyle="--", linewidth=1.5, zorder=2.5,
                       label=f"Hela kommunen ({fmt(kommunvarde)})")
        if mal is not None:
            ax.axvline(mal, color="black", linestyle=":", linewidth=1.5, zorder=2.5, label=f"Mål ({fmt(mal)})")
        storst = max([1e-9, *t[varde].abs().tolist(), abs(kommunvarde or 0), abs(mal or 0)])
        ax.set_xlim(min(0, float(t[varde].min()) * 1.2 if len(t) else 0), storst * 1.2)
        tal_axel(ax, "x", format)
        ax.set_xlabel(titel)
        legend_under(ax)
    if len(t):
        hog, lag = t.iloc[-1], t.iloc[0]
        alt = f"Stapeldiagram, {titel[0].lower() + titel[1:]}: högst i {hog['namnd']} ({fmt(hog[varde])})"
        alt += f", lägst i {lag['namnd']} ({fmt(lag[varde])})" if len(t) > 1 else ""
        alt += f"; kommunen {fmt(kommunvarde)}" if kommunvarde is not None else ""
        alt += f"; målet {fmt(mal)}." if mal is not None else "."
    else:
        alt = f"Stapeldiagram, {titel[0].lower() + titel[1:]}: ingen nämnd kan visas."
    if len(t) > 2:
        alt += " Per nämnd: " + lista((n, fmt(v)) for n, v in zip(t["namnd"][::-1], t[varde][::-1])) + "."
    alt += undertryckt_text(int(dolj.sum()), minsta, "nämnder")
    bildtext = f"{titel} per nämnd jämfört med hela kommunen."
    if dolj.any():
        bildtext += dolda_text(minsta, "nämnder")
    har_antal = antal_kolumn in t.columns
    siffror = pd.concat([t[::-1], kommun[kommun[varde].notna()].head(1)])
    siffror = siffror[["namnd", varde] + ([antal_kolumn] if har_antal and antal_kolumn != varde else [])]
    return Figur(fig, alt, bildtext, siffror.reset_index(drop=True),
                 {"namnd": ("Nämnd", "text"), varde: (titel, format)}, minsta=minsta,
                 antal_kolumn=antal_kolumn if har_antal else None)
