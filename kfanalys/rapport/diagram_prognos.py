"""Charts of the forecast: the projection (lines, interval), the gap, the recruitment need by
cause and the scenarios (style and helpers: :mod:`kfanalys.rapport.figur`).
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import TOTALT
from kfanalys.grund.talformat import ar_text, fmt_pe, fmt_tal, kommande
from kfanalys.rapport.figur import (BREDD_CM, CM, ETIKETT, GRA, HOJD_CM, LINJESTIL, MARKORER, MONSTER, PALETT, STIL,
                                    Figur, dolda_text, etikett, for_fa, krav, legend_under, lista, namndens_rader,
                                    ny_figur, radbryt, tal_axel, undertryckt_text, uppraknat)


# --------------------------------------------------------------------------- projection

def framskrivning_linjer(framskrivning_df: pd.DataFrame, namnd: str, yrkeskategorier: list[str] | None = None,
                         intervall_df: pd.DataFrame | None = None, minsta: int = 5) -> Figur:
    """Projected need per yrkeskategori over the years as an index (base year = 100),
    against each category's driver population (dashed grey), from ``framskrivning.csv``
    (namnd, yrkeskategori, ar, horisont, drivare, drivare_index, antal, behov).

    ``yrkeskategorier``: which to draw (default all of the nämnd except ``Totalt``).
    ``intervall_df`` (namnd, yrkeskategori, ar, lag, hog; persons) is drawn as a shaded
    band. Categories with 1..minsta-1 persons at the base date are not drawn.

    >>> t = pd.DataFrame({"namnd": "N", "yrkeskategori": "A", "ar": [2025, 2030], "horisont": [0, 5],
    ...     "drivare": "befolkningen 80 år och äldre", "drivare_index": [1.0, 1.2], "antal": 100,
    ...     "behov": [100.0, 120.0]})
    >>> framskrivning_linjer(t, "N").alt
    'Linjediagram: behovet till 2030 ökar mest för A, från 100 till 120 medarbetare (index 120). Drivare: befolkningen 80 år och äldre (index 120 år 2030).'
    """
    krav(framskrivning_df, ["namnd", "yrkeskategori", "ar", "horisont", "drivare", "drivare_index", "antal",
                             "behov"], "framskrivning")
    t = namndens_rader(framskrivning_df, namnd, "framskrivning")
    t = t[t["yrkeskategori"] != TOTALT]
    if yrkeskategorier is not None:
        okanda = [k for k in yrkeskategorier if k not in set(t["yrkeskategori"])]
        if okanda:
            raise Berakningsfel(f"Figur: framskrivningen för {namnd} saknar yrkeskategorierna {', '.join(okanda)}")
        t = t[t["yrkeskategori"].isin(yrkeskategorier)]
    t = t.sort_values(["yrkeskategori", "ar"])
    bas = t[t["horisont"] == 0].set_index("yrkeskategori")
    if bas.empty:
        raise Berakningsfel(f"Figur: framskrivningen för {namnd} saknar basåret (horisont 0)")
    dolj_kat = set(bas.index[for_fa(bas["antal"], minsta)])
    t = t[~t["yrkeskategori"].isin(dolj_kat) & t["yrkeskategori"].isin(bas.index)].copy()
    t["index"] = 100 * t["behov"] / t["yrkeskategori"].map(bas["behov"])
    t["drivarindex"] = 100 * t["drivare_index"] / t["yrkeskategori"].map(bas["drivare_index"])
    ordning = (list(yrkeskategorier) if yrkeskategorier is not None
               else sorted(t["yrkeskategori"].unique(), key=lambda k: -float(bas.loc[k, "antal"])))
    ordning = [k for k in ordning if k not in dolj_kat]
    with mpl.rc_context(STIL):
        fig = ny_figur(0)
        ax = fig.add_subplot()
        drivare = t.drop_duplicates(["drivare", "ar"]).sort_values("ar")
        for i, (namn_d, d) in enumerate(drivare.groupby("drivare", sort=True)):
            ax.plot(d["ar"], d["drivarindex"], color=GRA, linestyle=LINJESTIL[1 + i % 3], linewidth=1.2,
                    label=etikett(f"Drivare: {namn_d}"))
        for i, kat in enumerate(ordning):
            d = t[t["yrkeskategori"] == kat]
            farg = PALETT[i % len(PALETT)]
            if intervall_df is not None:
                b = intervall_df[(intervall_df["namnd"] == namnd) & (intervall_df["yrkeskategori"] == kat)]
                if len(b):
                    b = b.sort_values("ar")
                    ax.fill_between(b["ar"], 100 * b["lag"] / bas.loc[kat, "behov"],
                                    100 * b["hog"] / bas.loc[kat, "behov"], color=farg, alpha=0.2, linewidth=0)
            # past 8 categories the colours repeat: a dashed line and another marker keep each pair unique
            varv = i // len(PALETT)
            ax.plot(d["ar"], d["index"], color=farg, marker=MARKORER[(i + varv) % len(MARKORER)], markersize=4,
                    linewidth=1.8, linestyle=LINJESTIL[varv % len(LINJESTIL)], label=etikett(kat))
        ax.axhline(100, color="black", linewidth=0.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))
        tal_axel(ax, "y", "index")
        ax.set_ylabel(f"Index (basåret {int(t['ar'].min()) if len(t) else ''} = 100)")
        ax.set_xlabel("År")
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    if len(t):
        slut = t[t["ar"] == t["ar"].max()].set_index("yrkeskategori")
        slutar = int(t["ar"].max())
        andring = (slut["behov"] - bas.loc[slut.index, "behov"]).sort_values()
        mest = slut.loc[slut["index"].idxmax()] if andring.iloc[-1] > 0 else slut.loc[slut["index"].idxmin()]
        riktning = "ökar mest" if andring.iloc[-1] > 0 else ("minskar mest" if andring.iloc[0] < 0 else "är oförändrat")
        k = mest.name
        alt = (f"Linjediagram: behovet till {slutar} {riktning} för {k}, från {fmt_tal(bas.loc[k, 'behov'])} till "
               f"{fmt_tal(mest['behov'])} medarbetare (index {fmt_tal(mest['index'])}).")
        alt += (f" Drivare: {mest['drivare']} (index {fmt_tal(mest['drivarindex'])} år {slutar}).")
        if len(slut) > 1:
            alt += f" Index år {slutar}: " + lista((k, fmt_tal(slut.loc[k, "index"])) for k in ordning
                                                   if k in slut.index) + "."
    else:
        alt = "Linjediagram: ingen yrkeskategori kan visas."
    alt += undertryckt_text(len(dolj_kat), minsta)
    bildtext = (f"Personalframskrivning, {namnd}: behov per yrkeskategori som index (basåret = 100) "
                f"jämfört med befolkningen som driver behovet (streckat).")
    if intervall_df is not None:
        bildtext += " Skuggat: osäkerhetsintervall."
    if dolj_kat:
        bildtext += dolda_text(minsta)
    # one row per line of the chart (each category, then each driver), one column per year
    rader = [{"serie": k, **{f"index_{int(a)}": v for a, v in zip(t.loc[t["yrkeskategori"] == k, "ar"],
                                                                   t.loc[t["yrkeskategori"] == k, "index"])}}
             for k in ordning]
    rader += [{"serie": f"Drivare: {n}", **{f"index_{int(a)}": v for a, v in zip(d["ar"], d["drivarindex"])}}
              for n, d in t.drop_duplicates(["drivare", "ar"]).sort_values("ar").groupby("drivare", sort=True)]
    ar_ = sorted(int(a) for a in t["ar"].unique())
    siffror = pd.DataFrame(rader, columns=["serie", *(f"index_{a}" for a in ar_)])
    return Figur(fig, alt, bildtext, siffror, {"serie": ("Yrkeskategori (index, basåret = 100)", "text"),
                                               **{f"index_{a}": (str(a), "tal") for a in ar_}})


def framskrivning_intervall(framskrivning_df: pd.DataFrame, intervall_df: pd.DataFrame, namnd: str,
                            antal_kategorier: int = 5, minsta: int = 5) -> Figur:
    """Projected need against the staff of today who remain, with the 80 % interval as a band.

    One panel for the nämnd in total (``Totalt``) and one for each of its ``antal_kategorier``
    largest yrkeskategorier (persons at the base date). In each panel: the projected need
    (``behov`` of ``framskrivning.csv``, solid line) and, from ``rekrytering_intervall_per_ar.csv``
    (namnd, yrkeskategori, ar, lag, hog, dagens_kvar_median), how many of today's staff are
    still employed each year if nobody were hired: the median (dashed) and the 80 % interval
    (shaded). What lies between the need and the band must be recruited. Years: the base
    year and the simulated years. Categories with 1..minsta-1 persons are not drawn.

    >>> fr = pd.DataFrame({"namnd": "N", "yrkeskategori": "Totalt", "ar": [2025, 2026, 2027],
    ...                    "horisont": [0, 1, 2], "antal": 100, "behov": [100.0, 104.0, 108.0]})
    >>> iv = pd.DataFrame({"namnd": "N", "yrkeskategori": "Totalt", "ar": [2026, 2027], "horisont": [1, 2],
    ...                    "lag": [85, 72], "hog": [93, 84], "dagens_kvar_median": [89, 78]})
    >>> framskrivning_intervall(fr, iv, "N").alt
    'Linjediagram: N behöver 108 medarbetare år 2027. Av dagens 100 finns 72–84 kvar samma år om ingen nyanställs (8 fall av 10). Skillnaden måste rekryteras.'
    """
    krav(framskrivning_df, ["namnd", "yrkeskategori", "ar", "horisont", "antal", "behov"], "framskrivning")
    krav(intervall_df, ["namnd", "yrkeskategori", "ar", "lag", "hog", "dagens_kvar_median"],
          "rekrytering_intervall_per_ar")
    fr = namndens_rader(framskrivning_df, namnd, "framskrivning")
    iv = namndens_rader(intervall_df, namnd, "rekrytering_intervall_per_ar")
    bas = fr[fr["horisont"] == 0].drop_duplicates("yrkeskategori").set_index("yrkeskategori")
    if bas.empty:
        raise Berakningsfel(f"Figur: framskrivningen för {namnd} saknar basåret (horisont 0)")
    kategorier = bas[(bas.index != TOTALT) & (bas.index.isin(iv["yrkeskategori"]))]
    dolj = for_fa(kategorier["antal"], minsta)
    storst = (kategorier[~dolj].reset_index().sort_values(["antal", "yrkeskategori"], ascending=[False, True])
              ["yrkeskategori"].head(antal_kategorier).tolist())
    paneler = ([TOTALT] if TOTALT in bas.index and (iv["yrkeskategori"] == TOTALT).any() else []) + storst
    if not paneler:
        raise Berakningsfel(f"Figur: ingen yrkeskategori i {namnd} har både framskrivning och intervall")
    basar = int(fr.loc[fr["horisont"] == 0, "ar"].iloc[0])
    slutar = int(iv["ar"].max())

    def serier(kat: str):
        f = fr[(fr["yrkeskategori"] == kat) & (fr["ar"] <= slutar)].sort_values("ar")
        b = iv[iv["yrkeskategori"] == kat].sort_values("ar")
        n0 = float(bas.loc[kat, "antal"])
        ar = [basar, *b["ar"].tolist()]
        return (f, ar, [n0, *b["lag"].tolist()], [n0, *b["hog"].tolist()],
                [n0, *b["dagens_kvar_median"].tolist()])

    kolumner = 1 if len(paneler) == 1 else 2
    rader = -(-len(paneler) // kolumner)
    with mpl.rc_context(STIL):
        fig = Figure(figsize=(BREDD_CM * CM, max(HOJD_CM, 2.5 + 5.2 * rader) * CM), layout="constrained")
        axlar = fig.subplots(rader, kolumner, squeeze=False).ravel()
        for ax, kat in zip(axlar, paneler):
            f, ar, lag, hog, median = serier(kat)
            ax.fill_between(ar, lag, hog, color=PALETT[1], alpha=0.45, linewidth=0,
                            label="Dagens personal kvar, 80 % intervall")
            ax.plot(ar, median, color=PALETT[4], linestyle="--", linewidth=1.4, label="Dagens personal kvar, mittvärde")
            ax.plot(f["ar"], f["behov"], color=PALETT[5], marker="o", markersize=3.5, linewidth=1.8,
                    label="Framskrivet behov")
            ax.set_title(radbryt("Hela nämnden" if kat == TOTALT else kat, 34), loc="left")
            ax.set_ylim(0, max(1.0, float(max(f["behov"].max(), max(hog)))) * 1.1)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))
            tal_axel(ax, "y", "tal")
        for ax in axlar[len(paneler):]:
            ax.set_visible(False)
        axlar[0].set_ylabel("Personer")
        handtag, etiketter = axlar[0].get_legend_handles_labels()
        fig.legend(handtag, etiketter, loc="outside lower center", ncol=2, frameon=False)
    f, ar, lag, hog, _ = serier(paneler[0])
    behov_slut = float(f.loc[f["ar"] == slutar, "behov"].iloc[0]) if (f["ar"] == slutar).any() else float("nan")
    vem = namnd if paneler[0] == TOTALT else paneler[0]
    alt = (f"Linjediagram: {vem} behöver {fmt_tal(behov_slut)} medarbetare år {slutar}. Av dagens "
           f"{fmt_tal(lag[0])} finns {fmt_tal(lag[-1])}–{fmt_tal(hog[-1])} kvar samma år om ingen nyanställs "
           f"(8 fall av 10). Skillnaden måste rekryteras.")
    if len(paneler) > 1:
        alt += f" Samma bild för {uppraknat(paneler[1:])}."
    alt += undertryckt_text(int(dolj.sum()), minsta)
    bildtext = (f"Framskrivet behov och hur många av dagens anställda som finns kvar om ingen nyanställs, {namnd}. "
                f"Skuggat: 80 % osäkerhetsintervall från simuleringen; streckat: mittvärdet.")
    if dolj.any():
        bildtext += dolda_text(minsta)
    rader = []
    for kat in paneler:
        f, ar, lag, hog, median = serier(kat)
        behov = dict(zip(f["ar"].astype(int), f["behov"]))
        rader += [{"grupp": "Hela nämnden" if kat == TOTALT else kat, "ar": str(int(a)), "behov": behov.get(int(a)),
                   "kvar": m, "lag": lo, "hog": hi, "antal": float(bas.loc[kat, "antal"])}
                  for a, lo, hi, m in zip(ar, lag, hog, median)]
    return Figur(fig, alt, bildtext, pd.DataFrame(rader),
                 {"grupp": ("Grupp", "text"), "ar": ("År", "text"), "behov": ("Framskrivet behov", "tal"),
                  "kvar": ("Dagens personal kvar, mittvärde", "tal"), "lag": ("Kvar, lägst (80 %)", "tal"),
                  "hog": ("Kvar, högst (80 %)", "tal")}, minsta=minsta, antal_kolumn="antal")


# --------------------------------------------------------------------------- gap

def gap_staplar(gap_df: pd.DataFrame, namnd: str, minsta: int = 5) -> Figur:
    """Quantitative gap (N - behov, persons; negative = shortage) per yrkeskategori at the
    horizons of ``gap.csv`` (namnd, yrkeskategori, horisont, antal, gap), e.g. 2 and 5 years.
    Categories with 1..minsta-1 persons are not drawn.

    >>> t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "A", "B", "B"], "horisont": [2, 5, 2, 5],
    ...                   "antal": [300, 300, 20, 20], "gap": [-20.4, -46.2, 1.0, 2.0]})
    >>> gap_staplar(t, "N").alt
    'Stapeldiagram: störst brist om fem år har A (-46 medarbetare). 1 av 2 yrkeskategorier har brist om fem år. Gap om fem år: A -46, B +2.'
    """
    krav(gap_df, ["namnd", "yrkeskategori", "horisont", "antal", "gap"], "gap")
    t = namndens_rader(gap_df, namnd, "gap")
    t = t[t["yrkeskategori"] != TOTALT]
    dolj_kat = set(t.loc[for_fa(t["antal"], minsta), "yrkeskategori"])
    t = t[~t["yrkeskategori"].isin(dolj_kat)]
    horisonter = sorted(int(h) for h in t["horisont"].unique())
    tabell = t.pivot_table(index="yrkeskategori", columns="horisont", values="gap", aggfunc="sum")
    hmax = horisonter[-1] if horisonter else None
    if hmax is not None:
        tabell = tabell.sort_values(hmax, ascending=False)
    y = np.arange(len(tabell))
    with mpl.rc_context(STIL):
        fig = ny_figur(len(tabell), 0.7)
        ax = fig.add_subplot()
        n = max(1, len(horisonter))
        h = 0.8 / n
        for i, hz in enumerate(horisonter):
            pos = y + (n - 1 - 2 * i) * h / 2
            ax.barh(pos, tabell[hz], height=h, color=PALETT[[1, 5, 2, 0][i % 4]], hatch=MONSTER[i % len(MONSTER)],
                    edgecolor="white", linewidth=0, label=f"Om {ar_text(hz)}")
            for yi, v in zip(pos, tabell[hz]):
                if pd.notna(v):
                    ax.text(v, yi, f" {fmt_pe(v)} ", ha="left" if v >= 0 else "right", **ETIKETT)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(y, [radbryt(k) for k in tabell.index])
        storst = max([1.0, *np.abs(tabell.to_numpy()[~np.isnan(tabell.to_numpy())]).tolist()])
        ax.set_xlim(-storst * 1.3, storst * 1.3)
        tal_axel(ax, "x", "tal")
        ax.set_xlabel("Gap (medarbetare): negativt = brist, positivt = överskott")
        ax.text(0.01, 1.0, "← Brist", transform=ax.transAxes, ha="left", va="bottom")
        ax.text(0.99, 1.0, "Överskott →", transform=ax.transAxes, ha="right", va="bottom")
        legend_under(ax)
    if hmax is not None and len(tabell):
        g = tabell[hmax].dropna()
        brist = g[g.round() < 0]
        if len(brist):
            alt = (f"Stapeldiagram: störst brist om {ar_text(hmax)} har {brist.idxmin()} "
                   f"({fmt_pe(brist.min())} medarbetare). {len(brist)} av {len(g)} yrkeskategorier har brist "
                   f"om {ar_text(hmax)}.")
        else:
            alt = f"Stapeldiagram: ingen av {len(g)} yrkeskategorier har brist om {ar_text(hmax)}."
        if len(g) > 1:
            alt += f" Gap om {ar_text(hmax)}: " + lista((k, fmt_pe(v)) for k, v in g.sort_values().items()) + "."
    else:
        alt = "Stapeldiagram: inget gap kan visas."
    alt += undertryckt_text(len(dolj_kat), minsta)
    bildtext = (f"Kvantitativt gap per yrkeskategori, {namnd}: antal medarbetare i dag minus beräknat behov "
                f"({' och '.join(ar_text(h) for h in horisonter)}); negativt = brist.")
    if dolj_kat:
        bildtext += dolda_text(minsta)
    siffror = tabell.rename(columns=lambda h: f"gap_{int(h)}").rename_axis("yrkeskategori").reset_index()
    siffror["antal"] = siffror["yrkeskategori"].map(t.drop_duplicates("yrkeskategori").set_index("yrkeskategori")["antal"])
    return Figur(fig, alt, bildtext, siffror, {"yrkeskategori": ("Yrkeskategori", "text"),
                                               **{f"gap_{h}": (f"Gap om {ar_text(h)}", "gap") for h in horisonter}},
                 minsta=minsta, antal_kolumn="antal")


# --------------------------------------------------------------------------- recruitment need

ORSAKER = (("expansion", "Expansion (ökat behov)"), ("ersattning_omsattning", "Ersättning personalomsättning"),
           ("ersattning_pension", "Ersättning pension"))


def rekrytering_staplad(rekrytering_df: pd.DataFrame, namnd: str, horisont: int = 2, minsta: int = 5) -> Figur:
    """Recruitment need over ``horisont`` years per yrkeskategori, stacked by cause (expansion,
    ersattning_omsattning, ersattning_pension; persons) from ``rekrytering.csv``. The total
    is written at the end of each bar. Categories with 1..minsta-1 persons are not drawn.

    >>> t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "horisont": 2, "antal": [400, 60],
    ...     "expansion": [8, 0], "ersattning_omsattning": [63, 11], "ersattning_pension": [2, 4],
    ...     "totalt": [73, 15]})
    >>> rekrytering_staplad(t, "N").alt
    'Staplat stapeldiagram: rekryteringsbehovet de kommande två åren är 88 personer. Störst är det för A: 73 personer (expansion 8, personalomsättning 63, pension 2).'
    """
    krav(rekrytering_df, ["namnd", "yrkeskategori", "horisont", "antal", "expansion", "ersattning_omsattning",
                           "ersattning_pension", "totalt"], "rekrytering")
    t = namndens_rader(rekrytering_df, namnd, "rekrytering")
    t = t[(t["horisont"] == horisont) & (t["yrkeskategori"] != TOTALT)]
    if t.empty:
        raise Berakningsfel(f"Figur: rekryteringsbehovet för {namnd} saknar horisonten {horisont} år")
    dolj = for_fa(t["antal"], minsta)
    alla = namndens_rader(rekrytering_df, namnd, "rekrytering")
    alla = alla[alla["horisont"] == horisont]
    # the nämnd's total: its Totalt row if the table has one, else the sum over every category
    # (suppressed ones included: a total over many persons is no small figure)
    summa = (alla.loc[alla["yrkeskategori"] == TOTALT, "totalt"].sum() if (alla["yrkeskategori"] == TOTALT).any()
             else t["totalt"].sum())
    t = t[~dolj].sort_values(["totalt", "yrkeskategori"], ascending=[True, False])
    y = np.arange(len(t))
    with mpl.rc_context(STIL):
        fig = ny_figur(len(t), 0.55)
        ax = fig.add_subplot()
        vanster = np.zeros(len(t))
        for i, (kol, orsak) in enumerate(ORSAKER):
            v = t[kol].fillna(0).to_numpy(dtype=float)
            ax.barh(y, v, left=vanster, color=PALETT[[4, 0, 2][i]], hatch=MONSTER[i], edgecolor="white",
                    linewidth=0.5, label=orsak)
            vanster += v
        for yi, v in zip(y, t["totalt"]):
            ax.text(v, yi, " " + fmt_tal(v), **ETIKETT)
        ax.set_yticks(y, [radbryt(k) for k in t["yrkeskategori"]])
        ax.set_xlim(0, max(1.0, float(t["totalt"].max() if len(t) else 1)) * 1.15)
        tal_axel(ax, "x", "tal")
        ax.set_xlabel(f"Rekryteringsbehov {ar_text(horisont)} (personer)")
        legend_under(ax)
    alt = f"Staplat stapeldiagram: rekryteringsbehovet {kommande(horisont)}"
    if len(t):
        hog = t.iloc[-1]
        alt += (f" är {fmt_tal(summa)} personer. Störst är det för {hog['yrkeskategori']}: "
                f"{fmt_tal(hog['totalt'])} personer (expansion {fmt_tal(hog['expansion'])}, personalomsättning "
                f"{fmt_tal(hog['ersattning_omsattning'])}, pension {fmt_tal(hog['ersattning_pension'])}).")
        if len(t) > 2:
            alt += " Per yrkeskategori: " + lista((k, fmt_tal(v)) for k, v in
                                                  zip(t["yrkeskategori"][::-1], t["totalt"][::-1])) + "."
    else:
        alt += " kan inte visas per yrkeskategori."
    alt += undertryckt_text(int(dolj.sum()), minsta)
    bildtext = (f"Rekryteringsbehov {kommande(horisont)} per yrkeskategori och orsak, {namnd}.")
    if dolj.any():
        bildtext += dolda_text(minsta)
    return Figur(fig, alt, bildtext, t[::-1].reset_index(drop=True),
                 {"yrkeskategori": ("Yrkeskategori", "text"), **{k: (o, "tal") for k, o in ORSAKER},
                  "totalt": ("Totalt", "tal")}, minsta=minsta, antal_kolumn="antal")



# --------------------------------------------------------------------------- scenarios

def scenarier_staplar(scenarier_df: pd.DataFrame, namnd: str, horisont: int, varde: str = "totalt",
                      titel: str = "Rekryteringsbehov", bas: str = "bas",
                      i_text: str = "rekryteringsbehovet") -> Figur:
    """One bar per scenario for the nämnd in total (``Totalt`` rows) of a stacked scenario table
    (``scenarier_rekrytering.csv`` or ``scenarier_gap.csv``: scenario, namnd, yrkeskategori,
    horisont, ``varde``) at ``horisont`` years; the base scenario ``bas`` first and marked.
    Scenarios in the order of the table (kommun.yaml). ``titel`` labels the axis, ``i_text``
    (definite form, e.g. ``gapet``) names the value in the alt text.

    >>> t = pd.DataFrame({"scenario": ["bas", "Pension vid 66", "Lägre omsättning"], "namnd": "N",
    ...                   "yrkeskategori": "Totalt", "horisont": 5, "totalt": [852.4, 817.0, 705.8]})
    >>> scenarier_staplar(t, "N", 5).alt
    'Stapeldiagram: rekryteringsbehovet de kommande fem åren, N, är 852 personer med grundantagandena; bland de andra scenarierna är det störst i Pension vid 66 (817) och minst i Lägre omsättning (706).'
    """
    krav(scenarier_df, ["scenario", "namnd", "yrkeskategori", "horisont", varde], "scenarier")
    t = namndens_rader(scenarier_df, namnd, "scenarier")
    t = t[(t["yrkeskategori"] == TOTALT) & (t["horisont"] == horisont)].drop_duplicates("scenario")
    if t.empty:
        raise Berakningsfel(f"Figur: scenarierna för {namnd} saknar totalen på {horisont} års sikt")
    namn = ["Grundantaganden" if s == bas else str(s) for s in t["scenario"]]
    v = t[varde].astype(float).to_numpy()
    y = np.arange(len(t))[::-1]
    with mpl.rc_context(STIL):
        fig = ny_figur(len(t), 0.6)
        ax = fig.add_subplot()
        farger = [PALETT[0] if s == bas else PALETT[4] for s in t["scenario"]]
        monster = [MONSTER[1] if s == bas else "" for s in t["scenario"]]
        for yi, vi, fa, mo in zip(y, v, farger, monster):
            ax.barh(yi, vi, color=fa, hatch=mo, edgecolor="white", linewidth=0.5)
            ax.text(vi, yi, " " + fmt_tal(vi), **ETIKETT)
        ax.set_yticks(y, [radbryt(n, 30) for n in namn])
        lag, hog = float(min(0.0, v.min())), float(max(0.0, v.max()))
        spann = max(1.0, hog - lag)
        ax.set_xlim(lag - (0.15 * spann if lag < 0 else 0), hog + 0.2 * spann)
        ax.axvline(0, color="black", linewidth=0.6)
        tal_axel(ax, "x", "tal")
        ax.set_xlabel(f"{titel} {ar_text(horisont)} (personer)")
    ovriga = t[t["scenario"] != bas]
    alt = f"Stapeldiagram: {i_text} {kommande(horisont)}, {namnd},"
    if (t["scenario"] == bas).any():
        alt += f" är {fmt_tal(t.loc[t['scenario'] == bas, varde].iat[0])} personer med grundantagandena"
    if len(ovriga):
        hogst = ovriga.loc[ovriga[varde].idxmax()]
        lagst = ovriga.loc[ovriga[varde].idxmin()]
        alt += (f"; bland de andra scenarierna är det störst i {hogst['scenario']} ({fmt_tal(hogst[varde])})"
                + (f" och minst i {lagst['scenario']} ({fmt_tal(lagst[varde])})" if len(ovriga) > 1 else ""))
    alt = alt.rstrip(",") + "."
    bildtext = f"{titel} {kommande(horisont)} per scenario, {namnd} (summan över yrkeskategorierna)."
    siffror = pd.DataFrame({"scenario": namn, "varde": v})
    return Figur(fig, alt, bildtext, siffror, {"scenario": ("Scenario", "text"),
                                               "varde": (f"{titel} {ar_text(horisont)}", "tal")})
