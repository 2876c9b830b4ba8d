"""Report figures: matplotlib charts with Swedish labels, Swedish number format and Swedish alt text.

Every function takes a computed table (columns as in ARKITEKTUR.md), a nämnd name and
``minsta`` (the minimum number of persons behind a published figure) and returns a
:class:`Figur`: the matplotlib figure, an alt text that states the main message with
numbers, and a caption. Figures are built with :class:`matplotlib.figure.Figure`
directly (no pyplot, so no global state and no backend is needed; an inline backend in a
notebook does not display them twice). :func:`som_html`/:func:`visa` embed the PNG as a
``<figure>`` with ``alt`` and ``<figcaption>``, so the alt text survives nbconvert and
the HTML stays self-contained.

Style: the Okabe-Ito palette (:data:`PALETT`, distinguishable with the common forms of
colour blindness), patterns/labels so no message depends on colour alone, 16 × 9 cm
(taller for many categories), fonts ≥ 9 pt: readable printed on A4.

Suppression: a bar (or line) for a group with more than 0 and fewer than ``minsta``
persons is not drawn, and the alt text and the caption say how many were left out.
"""

from __future__ import annotations

import base64
import html
import io
import sys
import textwrap
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import HELA_KOMMUNEN, KONSEKVENSER, SANNOLIKHETER, TOTALT
from kfanalys.grund.talformat import ar_text, fmt_pe, fmt_procent, fmt_tal, kommande

# Okabe & Ito (2008): orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
PALETT = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
GRA = "#666666"
CM = 1 / 2.54
BREDD_CM = 16.0
HOJD_CM = 9.0
DPI = 150
STIL = {
    "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "xtick.labelsize": 9, "ytick.labelsize": 9,
    "legend.fontsize": 9, "axes.spines.top": False, "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=PALETT), "font.family": "DejaVu Sans", "svg.fonttype": "none",
    "text.usetex": False,  # labels are plain text (see etikett), never TeX
}
LINJESTIL = ("-", "--", ":", "-.")
MARKORER = ("o", "s", "^", "D", "v", "P", "X", "*")
MONSTER = ("", "///", "...", "xx")


@dataclass
class Figur:
    """A finished figure: ``fig`` (matplotlib), ``alt`` (Swedish alt text with the main
    message and its numbers), ``bildtext`` (caption shown under the figure)."""

    fig: Figure
    alt: str
    bildtext: str = ""

    def _repr_html_(self) -> str:  # a notebook cell ending in a Figur shows it with its alt text
        return som_html(self, stang=False)


def som_html(figur: Figur, stang: bool = True) -> str:
    """``<figure><img src="data:image/png;base64,..." alt="..."><figcaption>...</figcaption></figure>``.

    The image is shown at its print size (16 cm wide) and shrinks with the page. With
    ``stang`` the figure is closed in pyplot (if pyplot is in use) after rendering.
    """
    buf = io.BytesIO()
    figur.fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", facecolor="white",
                      metadata={"Software": None})
    bredd_px = int(round(figur.fig.get_figwidth() * 96))
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    if stang and "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(figur.fig)
    caption = f"<figcaption>{html.escape(figur.bildtext)}</figcaption>" if figur.bildtext else ""
    return (f'<figure class="kf-figur" style="margin:1em 0">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(figur.alt, quote=True)}" '
            f'width="{bredd_px}" style="max-width:100%;height:auto">{caption}</figure>')


def visa(figur: Figur):
    """The figure as an ``IPython.display.HTML`` object (for notebooks); closes the figure."""
    from IPython.display import HTML

    return HTML(som_html(figur))


# --------------------------------------------------------------------------- helpers

def _krav(df: pd.DataFrame, kolumner: list[str], tabell: str) -> None:
    saknas = [k for k in kolumner if k not in df.columns]
    if saknas:
        raise Berakningsfel(f"Figur: tabellen {tabell} saknar kolumnerna {', '.join(saknas)} "
                            f"(finns: {', '.join(map(str, df.columns))})")


def _urval(df: pd.DataFrame, namnd: str, tabell: str) -> pd.DataFrame:
    ut = df[df["namnd"] == namnd]
    if ut.empty:
        finns = ", ".join(sorted(map(str, df["namnd"].dropna().unique())))
        raise Berakningsfel(f'Figur: tabellen {tabell} har inga rader för nämnden "{namnd}" (finns: {finns})')
    return ut


def _for_fa(storlek: pd.Series, minsta: int) -> pd.Series:
    """True for groups that are not drawn: more than 0 and fewer than ``minsta`` persons, or a size
    the disclosure rule has hidden (NaN in a published table, :mod:`kfanalys.grund.rojandekontroll`)."""
    s = pd.to_numeric(storlek, errors="coerce")
    return s.isna() | ((s > 0) & (s < minsta))


def _figur(n_rader: int = 0, per_rad_cm: float = 0.55, hojd_cm: float = HOJD_CM) -> Figure:
    hojd = max(hojd_cm, 2.5 + per_rad_cm * n_rader)
    return Figure(figsize=(BREDD_CM * CM, hojd * CM), layout="constrained")


def _undertryckt_text(antal: int, minsta: int, vad: str = "yrkeskategorier") -> str:
    if antal == 0:
        return ""
    if antal == 1:
        vad = {"yrkeskategorier": "yrkeskategori", "staplar": "stapel", "nämnder": "nämnd"}.get(vad, vad)
        return f" 1 {vad} med färre än {minsta} personer visas inte."
    return f" {antal} {vad} med färre än {minsta} personer visas inte."


def _uppraknat(namn: list[str]) -> str:
    namn = list(namn)
    if len(namn) <= 1:
        return "".join(namn)
    return ", ".join(namn[:-1]) + " och " + namn[-1]


def etikett(text) -> str:
    """Typed text (a yrkeskategori, nämnd or scenario name) as a matplotlib label, drawn as written.

    matplotlib reads a label with two ``$`` as mathtext (``$\\frac{a}{b}$`` is typeset, a broken
    one stops the figure with an error); each ``$`` is escaped, which matplotlib draws as ``$``.
    Every label, tick label, title and legend entry made from data goes through here.

    >>> etikett("Lön $x$ & <b>"), etikett(None)
    ('Lön \\\\$x\\\\$ & <b>', '')
    """
    return "" if text is None else str(text).replace("$", r"\$")


def _radbryt(text: str, bredd: int = 28) -> str:
    """``text`` wrapped to lines of ``bredd`` characters, as a label (:func:`etikett`)."""
    return etikett("\n".join(textwrap.wrap(str(text), bredd)) or str(text))


def _legend_under(ax, ncol: int = 2) -> None:
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=ncol, frameon=False)


ETIKETT = {"fontsize": 9, "va": "center", "bbox": {"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85}}


def _tal_axel(ax, axel: str = "x", format: str = "tal") -> None:
    f = {"tal": lambda v, _: fmt_tal(v), "tal1": lambda v, _: fmt_tal(v, 1),
         "procent": lambda v, _: fmt_procent(v, 0), "abs": lambda v, _: fmt_tal(abs(v)),
         "index": lambda v, _: fmt_tal(v)}[format]
    (ax.xaxis if axel == "x" else ax.yaxis).set_major_formatter(FuncFormatter(f))


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
    are not drawn.

    >>> t = pd.DataFrame({"namnd": "N", "kon": ["K", "K", "M", "M"], "aldersgrupp": ["-24", "25-29"] * 2,
    ...                   "antal": [10, 30, 2, 8]})
    >>> alderspyramid(t, "N").alt
    'Ålderspyramid för N: 40 kvinnor och 8 män i de staplar som visas. Störst är gruppen kvinnor 25-29 år (30 personer). 1 stapel med färre än 5 personer visas inte.'
    """
    _krav(aldersstruktur_df, ["namnd", "kon", "aldersgrupp", "antal"], "aldersstruktur")
    t = _urval(aldersstruktur_df, namnd, "aldersstruktur").copy()
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
    y = np.arange(len(grupper))
    with mpl.rc_context(STIL):
        fig = _figur(len(grupper), 0.6)
        ax = fig.add_subplot()
        ax.barh(y, -ritas["M"], color=PALETT[4], label="Män")
        ax.barh(y, ritas["K"], color=PALETT[0], label="Kvinnor", hatch="///", edgecolor="white", linewidth=0)
        ax.set_yticks(y, grupper)
        ax.axvline(0, color="black", linewidth=0.8)
        storst = max(1.0, float(ritas.to_numpy().max()))
        ax.set_xlim(-storst * 1.15, storst * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, symmetric=True))
        _tal_axel(ax, "x", "abs")
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
    alt += _undertryckt_text(int(dolj.to_numpy().sum()), minsta, "staplar")
    bildtext = f"Åldersstruktur, {namnd}: antal medarbetare per kön och åldersgrupp."
    if dolj.to_numpy().any():
        bildtext += f" Staplar med färre än {minsta} personer visas inte."
    return Figur(fig, alt, bildtext)


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
    _krav(omsattning_df, ["namnd", "yrkeskategori", "period", "medelantal", "omsattning",
                          "omsattning_exkl_pension"], "omsattning")
    t = omsattning_df[omsattning_df["period"] == period]
    if t.empty:
        raise Berakningsfel(f'Figur: tabellen omsattning har inga rader för perioden "{period}"')
    t = _urval(t, namnd, "omsattning")
    totalrad = t[t["yrkeskategori"] == TOTALT]
    kommunrad = omsattning_df[(omsattning_df["namnd"] == HELA_KOMMUNEN) & (omsattning_df["yrkeskategori"] == TOTALT)
                              & (omsattning_df["period"] == period)]
    kat = t[t["yrkeskategori"] != TOTALT]
    dolj = _for_fa(kat["medelantal"], minsta)
    kat = kat[~dolj & kat["omsattning"].notna()].sort_values(["omsattning", "yrkeskategori"], ascending=[True, False])
    y = np.arange(len(kat))
    with mpl.rc_context(STIL):
        fig = _figur(len(kat), 0.7)
        ax = fig.add_subplot()
        h = 0.38
        ax.barh(y + h / 2, kat["omsattning"], height=h, color=PALETT[4], label="Inklusive pension")
        ax.barh(y - h / 2, kat["omsattning_exkl_pension"], height=h, color=PALETT[1], hatch="///",
                edgecolor="white", linewidth=0, label="Exklusive pension")
        for yi, v in zip(y, kat["omsattning"]):
            ax.text(v, yi + h / 2, " " + fmt_procent(v), **ETIKETT)
        ax.set_yticks(y, [_radbryt(k) for k in kat["yrkeskategori"]])
        referenser = []
        if len(totalrad) and not _for_fa(totalrad["medelantal"], minsta).iat[0]:
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
        _tal_axel(ax, "x", "procent")
        ax.set_xlabel("Personalomsättning")
        _legend_under(ax)
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
    alt += _undertryckt_text(int(dolj.sum()), minsta)
    bildtext = (f"Personalomsättning per yrkeskategori {ptext}, {namnd}, med och utan pensionsavgångar "
                f"(avgångar som lämnar förvaltningen bland månadsavlönade tillsvidareanställda).")
    if dolj.any():
        bildtext += f" Yrkeskategorier med färre än {minsta} personer visas inte."
    return Figur(fig, alt, bildtext)


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
    _krav(framskrivning_df, ["namnd", "yrkeskategori", "ar", "horisont", "drivare", "drivare_index", "antal",
                             "behov"], "framskrivning")
    t = _urval(framskrivning_df, namnd, "framskrivning")
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
    dolj_kat = set(bas.index[_for_fa(bas["antal"], minsta)])
    t = t[~t["yrkeskategori"].isin(dolj_kat) & t["yrkeskategori"].isin(bas.index)].copy()
    t["index"] = 100 * t["behov"] / t["yrkeskategori"].map(bas["behov"])
    t["drivarindex"] = 100 * t["drivare_index"] / t["yrkeskategori"].map(bas["drivare_index"])
    ordning = (list(yrkeskategorier) if yrkeskategorier is not None
               else sorted(t["yrkeskategori"].unique(), key=lambda k: -float(bas.loc[k, "antal"])))
    ordning = [k for k in ordning if k not in dolj_kat]
    with mpl.rc_context(STIL):
        fig = _figur(0)
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
        _tal_axel(ax, "y", "index")
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
    else:
        alt = "Linjediagram: ingen yrkeskategori kan visas."
    alt += _undertryckt_text(len(dolj_kat), minsta)
    bildtext = (f"Personalframskrivning, {namnd}: behov per yrkeskategori som index (basåret = 100) "
                f"jämfört med befolkningen som driver behovet (streckat).")
    if intervall_df is not None:
        bildtext += " Skuggat: osäkerhetsintervall."
    if dolj_kat:
        bildtext += f" Yrkeskategorier med färre än {minsta} personer visas inte."
    return Figur(fig, alt, bildtext)


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
    _krav(framskrivning_df, ["namnd", "yrkeskategori", "ar", "horisont", "antal", "behov"], "framskrivning")
    _krav(intervall_df, ["namnd", "yrkeskategori", "ar", "lag", "hog", "dagens_kvar_median"],
          "rekrytering_intervall_per_ar")
    fr = _urval(framskrivning_df, namnd, "framskrivning")
    iv = _urval(intervall_df, namnd, "rekrytering_intervall_per_ar")
    bas = fr[fr["horisont"] == 0].drop_duplicates("yrkeskategori").set_index("yrkeskategori")
    if bas.empty:
        raise Berakningsfel(f"Figur: framskrivningen för {namnd} saknar basåret (horisont 0)")
    kategorier = bas[(bas.index != TOTALT) & (bas.index.isin(iv["yrkeskategori"]))]
    dolj = _for_fa(kategorier["antal"], minsta)
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
            ax.set_title(_radbryt("Hela nämnden" if kat == TOTALT else kat, 34), loc="left")
            ax.set_ylim(0, max(1.0, float(max(f["behov"].max(), max(hog)))) * 1.1)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))
            _tal_axel(ax, "y", "tal")
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
        alt += f" Samma bild för {_uppraknat(paneler[1:])}."
    alt += _undertryckt_text(int(dolj.sum()), minsta)
    bildtext = (f"Framskrivet behov och hur många av dagens anställda som finns kvar om ingen nyanställs, {namnd}. "
                f"Skuggat: 80 % osäkerhetsintervall från simuleringen; streckat: mittvärdet.")
    if dolj.any():
        bildtext += f" Yrkeskategorier med färre än {minsta} personer visas inte."
    return Figur(fig, alt, bildtext)


# --------------------------------------------------------------------------- gap

def gap_staplar(gap_df: pd.DataFrame, namnd: str, minsta: int = 5) -> Figur:
    """Quantitative gap (N - behov, persons; negative = shortage) per yrkeskategori at the
    horizons of ``gap.csv`` (namnd, yrkeskategori, horisont, antal, gap), e.g. 2 and 5 years.
    Categories with 1..minsta-1 persons are not drawn.

    >>> t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "A", "B", "B"], "horisont": [2, 5, 2, 5],
    ...                   "antal": [300, 300, 20, 20], "gap": [-20.4, -46.2, 1.0, 2.0]})
    >>> gap_staplar(t, "N").alt
    'Stapeldiagram: störst brist om fem år har A (-46 medarbetare). 1 av 2 yrkeskategorier har brist om fem år.'
    """
    _krav(gap_df, ["namnd", "yrkeskategori", "horisont", "antal", "gap"], "gap")
    t = _urval(gap_df, namnd, "gap")
    t = t[t["yrkeskategori"] != TOTALT]
    dolj_kat = set(t.loc[_for_fa(t["antal"], minsta), "yrkeskategori"])
    t = t[~t["yrkeskategori"].isin(dolj_kat)]
    horisonter = sorted(int(h) for h in t["horisont"].unique())
    tabell = t.pivot_table(index="yrkeskategori", columns="horisont", values="gap", aggfunc="sum")
    hmax = horisonter[-1] if horisonter else None
    if hmax is not None:
        tabell = tabell.sort_values(hmax, ascending=False)
    y = np.arange(len(tabell))
    with mpl.rc_context(STIL):
        fig = _figur(len(tabell), 0.7)
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
        ax.set_yticks(y, [_radbryt(k) for k in tabell.index])
        storst = max([1.0, *np.abs(tabell.to_numpy()[~np.isnan(tabell.to_numpy())]).tolist()])
        ax.set_xlim(-storst * 1.3, storst * 1.3)
        _tal_axel(ax, "x", "tal")
        ax.set_xlabel("Gap (medarbetare): negativt = brist, positivt = överskott")
        ax.text(0.01, 1.0, "← Brist", transform=ax.transAxes, ha="left", va="bottom")
        ax.text(0.99, 1.0, "Överskott →", transform=ax.transAxes, ha="right", va="bottom")
        _legend_under(ax)
    if hmax is not None and len(tabell):
        g = tabell[hmax].dropna()
        brist = g[g.round() < 0]
        if len(brist):
            alt = (f"Stapeldiagram: störst brist om {ar_text(hmax)} har {brist.idxmin()} "
                   f"({fmt_pe(brist.min())} medarbetare). {len(brist)} av {len(g)} yrkeskategorier har brist "
                   f"om {ar_text(hmax)}.")
        else:
            alt = f"Stapeldiagram: ingen av {len(g)} yrkeskategorier har brist om {ar_text(hmax)}."
    else:
        alt = "Stapeldiagram: inget gap kan visas."
    alt += _undertryckt_text(len(dolj_kat), minsta)
    bildtext = (f"Kvantitativt gap per yrkeskategori, {namnd}: antal medarbetare i dag minus beräknat behov "
                f"({' och '.join(ar_text(h) for h in horisonter)}); negativt = brist.")
    if dolj_kat:
        bildtext += f" Yrkeskategorier med färre än {minsta} personer visas inte."
    return Figur(fig, alt, bildtext)


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
    _krav(rekrytering_df, ["namnd", "yrkeskategori", "horisont", "antal", "expansion", "ersattning_omsattning",
                           "ersattning_pension", "totalt"], "rekrytering")
    t = _urval(rekrytering_df, namnd, "rekrytering")
    t = t[(t["horisont"] == horisont) & (t["yrkeskategori"] != TOTALT)]
    if t.empty:
        raise Berakningsfel(f"Figur: rekryteringsbehovet för {namnd} saknar horisonten {horisont} år")
    dolj = _for_fa(t["antal"], minsta)
    alla = _urval(rekrytering_df, namnd, "rekrytering")
    alla = alla[alla["horisont"] == horisont]
    # the nämnd's total: its Totalt row if the table has one, else the sum over every category
    # (suppressed ones included: a total over many persons is no small figure)
    summa = (alla.loc[alla["yrkeskategori"] == TOTALT, "totalt"].sum() if (alla["yrkeskategori"] == TOTALT).any()
             else t["totalt"].sum())
    t = t[~dolj].sort_values(["totalt", "yrkeskategori"], ascending=[True, False])
    y = np.arange(len(t))
    with mpl.rc_context(STIL):
        fig = _figur(len(t), 0.55)
        ax = fig.add_subplot()
        vanster = np.zeros(len(t))
        for i, (kol, etikett) in enumerate(ORSAKER):
            v = t[kol].fillna(0).to_numpy(dtype=float)
            ax.barh(y, v, left=vanster, color=PALETT[[4, 0, 2][i]], hatch=MONSTER[i], edgecolor="white",
                    linewidth=0.5, label=etikett)
            vanster += v
        for yi, v in zip(y, t["totalt"]):
            ax.text(v, yi, " " + fmt_tal(v), **ETIKETT)
        ax.set_yticks(y, [_radbryt(k) for k in t["yrkeskategori"]])
        ax.set_xlim(0, max(1.0, float(t["totalt"].max() if len(t) else 1)) * 1.15)
        _tal_axel(ax, "x", "tal")
        ax.set_xlabel(f"Rekryteringsbehov {ar_text(horisont)} (personer)")
        _legend_under(ax)
    alt = f"Staplat stapeldiagram: rekryteringsbehovet {kommande(horisont)}"
    if len(t):
        hog = t.iloc[-1]
        alt += (f" är {fmt_tal(summa)} personer. Störst är det för {hog['yrkeskategori']}: "
                f"{fmt_tal(hog['totalt'])} personer (expansion {fmt_tal(hog['expansion'])}, personalomsättning "
                f"{fmt_tal(hog['ersattning_omsattning'])}, pension {fmt_tal(hog['ersattning_pension'])}).")
    else:
        alt += " kan inte visas per yrkeskategori."
    alt += _undertryckt_text(int(dolj.sum()), minsta)
    bildtext = (f"Rekryteringsbehov {kommande(horisont)} per yrkeskategori och orsak, {namnd}.")
    if dolj.any():
        bildtext += f" Yrkeskategorier med färre än {minsta} personer visas inte."
    return Figur(fig, alt, bildtext)


# --------------------------------------------------------------------------- risk matrix

RISKNIVAER = ("Låg risk", "Medelhög risk", "Hög risk")
RISKFARGER = ("#B9E3D3", "#FAF3B0", "#F4BFA0")  # light Okabe-Ito green, yellow, vermillion


def riskniva(konsekvens_index: int, sannolikhet_index: int) -> int:
    """0 (låg), 1 (medelhög) or 2 (hög) from the positions 0-2 on each axis (sum 0-1, 2, 3-4).

    >>> riskniva(2, 2), riskniva(1, 1), riskniva(0, 1)
    (2, 1, 0)
    """
    s = konsekvens_index + sannolikhet_index
    return 0 if s <= 1 else (1 if s == 2 else 2)


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
    _krav(risk_df, ["namnd", "yrkeskategori", "konsekvens", "sannolikhet"], "risk")
    t = _urval(risk_df, namnd, "risk").copy()
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
            texter[k, s] = "\n".join(_radbryt(n, 24) for n in namn)
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
        ax.set_yticks([0.5, 1.5, 2.5], [_radbryt(v.capitalize(), 12) for v in KONSEKVENSER])
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
        namn = _uppraknat(list(d["yrkeskategori"].astype(str)))
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
                ([f"högre risk för {_uppraknat(upp)}"] if upp else []) + ([f"lägre risk för {_uppraknat(ned)}"] if ned else [])) + "."
        else:
            alt += " Ingen yrkeskategori har fått högre eller lägre risk sedan förra cykeln."
    if len(utan):
        alt += (" 1 yrkeskategori saknar bedömning och visas inte." if len(utan) == 1
                else f" {len(utan)} yrkeskategorier saknar bedömning och visas inte.")
    bildtext = f"Riskanalys, {namnd}: yrkeskategorier efter konsekvens och sannolikhet för kompetensbrist."
    if jamford:
        bildtext += " Pilarna visar förändringen sedan förra cykeln."
    return Figur(fig, alt, bildtext)


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
    _krav(df, ["namnd", varde], titel)
    t = df
    if "niva" in t.columns:
        t = t[t["niva"] == "namnd"]
    for k in ("yrkeskategori", "grupp"):
        if k in t.columns:
            t = t[t[k] == TOTALT]
    kommun = t[t["namnd"] == HELA_KOMMUNEN]
    t = t[t["namnd"] != HELA_KOMMUNEN]
    dolj = _for_fa(t[antal_kolumn], minsta) if antal_kolumn in t.columns else pd.Series(False, index=t.index)
    t = t[~dolj & t[varde].notna()].sort_values([varde, "namnd"], ascending=[True, False])
    fmt = {"procent": fmt_procent, "tal": fmt_tal, "tal1": lambda v: fmt_tal(v, 1)}[format]
    y = np.arange(len(t))
    with mpl.rc_context(STIL):
        fig = _figur(len(t), 0.6)
        ax = fig.add_subplot()
        ax.barh(y, t[varde], color=PALETT[4], label="Nämnd")
        for yi, v in zip(y, t[varde]):
            ax.text(v, yi, " " + fmt(v), **ETIKETT)
        ax.set_yticks(y, [_radbryt(n, 32) for n in t["namnd"]])
        kommunvarde = float(kommun[varde].iat[0]) if len(kommun) and pd.notna(kommun[varde].iat[0]) else None
        if kommunvarde is not None:
            ax.axvline(kommunvarde, color=PALETT[5], linestyle="--", linewidth=1.5, zorder=2.5,
                       label=f"Hela kommunen ({fmt(kommunvarde)})")
        if mal is not None:
            ax.axvline(mal, color="black", linestyle=":", linewidth=1.5, zorder=2.5, label=f"Mål ({fmt(mal)})")
        storst = max([1e-9, *t[varde].abs().tolist(), abs(kommunvarde or 0), abs(mal or 0)])
        ax.set_xlim(min(0, float(t[varde].min()) * 1.2 if len(t) else 0), storst * 1.2)
        _tal_axel(ax, "x", format)
        ax.set_xlabel(titel)
        _legend_under(ax)
    if len(t):
        hog, lag = t.iloc[-1], t.iloc[0]
        alt = f"Stapeldiagram, {titel[0].lower() + titel[1:]}: högst i {hog['namnd']} ({fmt(hog[varde])})"
        alt += f", lägst i {lag['namnd']} ({fmt(lag[varde])})" if len(t) > 1 else ""
        alt += f"; kommunen {fmt(kommunvarde)}" if kommunvarde is not None else ""
        alt += f"; målet {fmt(mal)}." if mal is not None else "."
    else:
        alt = f"Stapeldiagram, {titel[0].lower() + titel[1:]}: ingen nämnd kan visas."
    alt += _undertryckt_text(int(dolj.sum()), minsta, "nämnder")
    bildtext = f"{titel} per nämnd jämfört med hela kommunen."
    if dolj.any():
        bildtext += f" Nämnder med färre än {minsta} personer visas inte."
    return Figur(fig, alt, bildtext)


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
    _krav(scenarier_df, ["scenario", "namnd", "yrkeskategori", "horisont", varde], "scenarier")
    t = _urval(scenarier_df, namnd, "scenarier")
    t = t[(t["yrkeskategori"] == TOTALT) & (t["horisont"] == horisont)].drop_duplicates("scenario")
    if t.empty:
        raise Berakningsfel(f"Figur: scenarierna för {namnd} saknar totalen på {horisont} års sikt")
    namn = ["Grundantaganden" if s == bas else str(s) for s in t["scenario"]]
    v = t[varde].astype(float).to_numpy()
    y = np.arange(len(t))[::-1]
    with mpl.rc_context(STIL):
        fig = _figur(len(t), 0.6)
        ax = fig.add_subplot()
        farger = [PALETT[0] if s == bas else PALETT[4] for s in t["scenario"]]
        monster = [MONSTER[1] if s == bas else "" for s in t["scenario"]]
        for yi, vi, fa, mo in zip(y, v, farger, monster):
            ax.barh(yi, vi, color=fa, hatch=mo, edgecolor="white", linewidth=0.5)
            ax.text(vi, yi, " " + fmt_tal(vi), **ETIKETT)
        ax.set_yticks(y, [_radbryt(n, 30) for n in namn])
        lag, hog = float(min(0.0, v.min())), float(max(0.0, v.max()))
        spann = max(1.0, hog - lag)
        ax.set_xlim(lag - (0.15 * spann if lag < 0 else 0), hog + 0.2 * spann)
        ax.axvline(0, color="black", linewidth=0.6)
        _tal_axel(ax, "x", "tal")
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
    return Figur(fig, alt, bildtext)
