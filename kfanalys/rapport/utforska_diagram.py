"""The charts of ``notebooks/utforska.ipynb``: built once per nämnd, then updated in place at every slider move.

Each chart is a :class:`kfanalys.rapport.utforska_figur.Diagram`: its figure is built once per nämnd
with the nämnd's first data (fixed layout, fixed parts drawn once) and then updated in place, only the
moving artists (lines, bars, interval whiskers, value labels) drawn again (see that module for how).

What the charts show (the facts of the report charts, in the layout of the interactive view):

- :class:`FramskrivningDiagram`: per yrkeskategori the projected need (solid line) and today's staff
  still employed if nobody were hired (the simulation's median, dashed, up to the longest horizon),
  as an index (base year = 100), and the driver populations (dotted grey);
- :class:`GapDiagram`: the gap (N - behov) per yrkeskategori at the horizons;
- :class:`RekryteringDiagram`: the recruitment need over the longest horizon per yrkeskategori by
  cause (expansion, turnover, pension) with the 80 % interval of the simulation as a whisker;
- :class:`ScenarioDiagram`: the nämnd's recruitment need per scenario (the base assumptions, the
  scenarios of kommun.yaml, which do not move, and the sliders' setting, with intervals where simulated).

The categories keep one order (largest first, at the top) so bars do not jump while a slider moves.
Disclosure: a category with more than 0 and fewer than ``minsta`` persons is not drawn
(:func:`kfanalys.rapport.figur.for_fa`, as the report charts), and the alt text and the caption say how many
were left out. Every chart has a Swedish alt text with its main numbers (``alt``); the
projection also carries its numbers as a table (``siffror``); the other three charts
show the numbers of the table printed under them in the view. Labels from data go through
:func:`kfanalys.rapport.figur.etikett` (no mathtext).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kfanalys.grund.schema import TOTALT
from kfanalys.grund.talformat import ar_text, fmt_pe, fmt_tal, kommande
from kfanalys.rapport.diagram_prognos import ORSAKER
from kfanalys.rapport.figur import (BREDD_CM, CM, GRA, LINJESTIL, MARKORER, PALETT, dolda_text, etikett, lista,
                                    radbryt, tal_axel, undertryckt_text)
from kfanalys.rapport.utforska_figur import (DPI, GLESA_MONSTER, VARDE, Diagram, bred, morrhar, ordning, rektanglar,
                                             stabila_granser, talaxel)

#: Line styles of the driver populations (grey, thin; each distinct).
_DRIVARSTIL = (":", "-.", (0, (1, 3)), (0, (5, 2, 1, 2, 1, 2)))


class FramskrivningDiagram(Diagram):
    """Projected need and today's staff remaining per yrkeskategori, as an index (base year = 100).

    :meth:`uppdatera` takes ``fram`` (framskrivning: namnd, yrkeskategori, ar, horisont, drivare,
    drivare_index, antal, behov) and ``kvar`` (rekrytering_intervall_per_ar: yrkeskategori, ar,
    dagens_kvar_median; or None)."""

    def _bygg(self, ax, fram, kvar) -> None:
        self.kategorier, self.dolda = ordning(fram[fram["horisont"] == 0], self.minsta)
        self.drivare = sorted(fram.loc[fram["yrkeskategori"].isin(self.kategorier), "drivare"].dropna().unique())
        self.linjer, self.kvarlinjer, self.drivarlinjer = [], [], []
        for i, kat in enumerate(self.kategorier):
            farg, varv = PALETT[i % len(PALETT)], i // len(PALETT)
            m = MARKORER[(i + varv) % len(MARKORER)]
            self.linjer.append(self._rorlig(ax.plot([], [], color=farg, marker=m, markersize=4, linewidth=1.8,
                                                    label=etikett(kat))[0]))
            self.kvarlinjer.append(self._rorlig(ax.plot([], [], color=farg, marker=m, markersize=3.5,
                                                        markerfacecolor="white", linewidth=1.3,
                                                        linestyle=LINJESTIL[1])[0]))
        for i, d in enumerate(self.drivare):
            self.drivarlinjer.append(self._rorlig(ax.plot([], [], color=GRA, linestyle=_DRIVARSTIL[i % len(_DRIVARSTIL)],
                                                          linewidth=1.2, label=etikett(f"Drivare: {d}"))[0]))
        self.axellager += [ax.axhline(100, color="black", linewidth=0.6, zorder=1.5), ax.xaxis, ax.yaxis]
        handtag = [*self.linjer, Line2D([], [], color="black", linewidth=1.8, label="Heldraget: framskrivet behov"),
                   Line2D([], [], color="black", linewidth=1.3, linestyle=LINJESTIL[1],
                          label="Streckat: dagens personal kvar\nom ingen nyanställs"), *self.drivarlinjer]
        self.hojd_cm = 8.5 + 0.45 * -(-len(handtag) // 2)
        self.fig.set_size_inches(BREDD_CM * CM, self.hojd_cm * CM)
        self.fig.legend(handles=handtag, loc="outside lower center", ncol=2, frameon=False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))
        tal_axel(ax, "y", "index")
        self.basar = int(fram["ar"].min())
        ax.set_ylabel(f"Index (basåret {self.basar} = 100)")
        ax.set_xlabel("År")

    def _satt(self, fram, kvar):
        ax = self.ax
        ar = np.sort(fram["ar"].unique()).astype(np.int64)
        t = fram[fram["yrkeskategori"].isin(self.kategorier)]
        behov = bred(t, "behov", self.kategorier, ar)
        index = 100 * behov / behov[:, :1]
        ki = np.full((len(self.kategorier), 0), np.nan)
        kar = np.array([self.basar])
        if kvar is not None and len(kvar):
            kar = np.concatenate([[self.basar], np.sort(kvar["ar"].unique()).astype(np.int64)])
            k = kvar[kvar["yrkeskategori"].isin(self.kategorier)]
            n0 = behov[:, :1]  # behov at the base year = N
            ki = 100 * np.hstack([n0, bred(k, "dagens_kvar_median", self.kategorier, kar[1:])]) / n0
        for i in range(len(self.kategorier)):
            self.linjer[i].set_data(ar, index[i])
            self.kvarlinjer[i].set_data(kar, ki[i] if ki.shape[1] else [])
        d = bred(t, "drivare_index", self.drivare, ar, "drivare")
        dv = 100 * d / d[:, :1]
        for i in range(len(self.drivare)):
            self.drivarlinjer[i].set_data(ar, dv[i])
        alla = np.concatenate([index.ravel(), ki.ravel(), dv.ravel(), [100.0]])
        alla = alla[np.isfinite(alla)]
        self._y = stabila_granser(getattr(self, "_y", None), float(alla.min()), float(alla.max()))
        ax.set_ylim(*self._y)
        ax.set_xlim(int(ar.min()) - 0.3, int(ar.max()) + 0.3)
        self._texter(ar, index, kar, ki, dv)
        return (int(ar.min()), int(ar.max()), self._y)

    def _texter(self, ar, index, kar, ki, dv) -> None:
        slutar, kat = int(ar[-1]), self.kategorier
        if kat:
            slut = index[:, -1]
            i = int(np.nanargmax(slut)) if np.nanmax(slut) > 100 else int(np.nanargmin(slut))
            riktning = "ökar mest" if slut[i] > 100 else ("minskar mest" if slut[i] < 100 else "är oförändrat")
            self.alt = (f"Linjediagram: behovet till {slutar} {riktning} för {kat[i]} (index {fmt_tal(slut[i])}). "
                        f"Index år {slutar}: " + lista((k, fmt_tal(v)) for k, v in zip(kat, slut)) + ".")
            if ki.shape[1] > 1:
                self.alt += (f" Dagens personal kvar år {int(kar[-1])} om ingen nyanställs (index): "
                             + lista((k, fmt_tal(v)) for k, v in zip(kat, ki[:, -1])) + ".")
            if len(self.drivare):
                self.alt += " Drivare år " + f"{slutar}: " + lista((d, fmt_tal(v)) for d, v in
                                                                  zip(self.drivare, dv[:, -1])) + "."
        else:
            self.alt = "Linjediagram: ingen yrkeskategori kan visas."
        self.alt += undertryckt_text(self.dolda, self.minsta)
        self.bildtext = (f"Personalframskrivning, {self.namnd}: behov per yrkeskategori som index (basåret = 100, "
                         "heldraget), dagens personal som finns kvar om ingen nyanställs (streckat, mittvärdet av "
                         "simuleringen) och befolkningen som driver behovet (prickat).")
        if self.dolda:
            self.bildtext += dolda_text(self.minsta)
        kol = [f"index_{int(a)}" for a in ar]
        rader = [pd.DataFrame(index, columns=kol).assign(serie=[f"{k}: behov" for k in kat])]
        if ki.shape[1] > 1:
            kvar = pd.DataFrame(np.nan, index=range(len(kat)), columns=kol)
            for j, a in enumerate(kar):
                if f"index_{int(a)}" in kvar.columns:
                    kvar[f"index_{int(a)}"] = ki[:, j]
            rader.append(kvar.assign(serie=[f"{k}: dagens personal kvar" for k in kat]))
        rader.append(pd.DataFrame(dv, columns=kol).assign(serie=[f"Drivare: {d}" for d in self.drivare]))
        self.siffror = pd.concat(rader, ignore_index=True)[["serie", *kol]]
        self.kolumner = {"serie": ("Serie (index, basåret = 100)", "text"), **{k: (k[6:], "tal") for k in kol}}


class GapDiagram(Diagram):
    """The gap (N - behov; negative = shortage) per yrkeskategori at each horizon. :meth:`uppdatera` takes
    ``gap`` (namnd, yrkeskategori, horisont, antal, gap)."""

    def _bygg(self, ax, gap) -> None:
        self.kategorier, self.dolda = ordning(gap, self.minsta)
        self.horisonter = sorted(int(h) for h in gap["horisont"].unique())
        self.hojd_cm = max(9.0, 2.5 + 0.7 * len(self.kategorier))
        self.fig.set_size_inches(BREDD_CM * CM, self.hojd_cm * CM)
        n = max(1, len(self.horisonter))
        self.y = np.arange(len(self.kategorier))[::-1].astype(float)
        h = 0.8 / n
        self.staplar, self.pos, self.stapelhojd, handtag = [], [], h, []
        for i, hz in enumerate(self.horisonter):
            farg, monster = PALETT[[1, 5, 2, 0][i % 4]], GLESA_MONSTER[i % len(GLESA_MONSTER)]
            self.pos.append(self.y + (n - 1 - 2 * i) * h / 2)
            self.staplar.append(self._rorlig(ax.add_collection(PolyCollection(
                [], facecolors=farg, hatch=monster, edgecolors="white", linewidths=0))))
            handtag.append(Patch(facecolor=farg, hatch=monster, edgecolor="white", label=f"Om {ar_text(hz)}"))
        self.pos_sist = self.y + (n - 1 - 2 * (n - 1)) * h / 2
        self.etiketter = [self._rorlig(ax.text(0, yi, "", **VARDE)) for yi in self.pos_sist]
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(self.y, [radbryt(k) for k in self.kategorier])
        ax.set_ylim(-0.6, len(self.kategorier) - 0.4)
        talaxel(ax)
        ax.set_xlabel("Gap (medarbetare): negativt = brist, positivt = överskott")
        ax.text(0.01, 1.0, "← Brist", transform=ax.transAxes, ha="left", va="bottom")
        ax.text(0.99, 1.0, "Överskott →", transform=ax.transAxes, ha="right", va="bottom")
        ax.legend(handles=handtag, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
        self.axellager.append(ax.xaxis)

    def _satt(self, gap):
        t = gap[gap["yrkeskategori"].isin(self.kategorier)]
        v = bred(t.rename(columns={"horisont": "ar"}), "gap", self.kategorier, np.array(self.horisonter))
        for j in range(len(self.horisonter)):
            self.staplar[j].set_verts(rektanglar(np.zeros(len(self.y)), np.nan_to_num(v[:, j]), self.pos[j],
                                                  self.stapelhojd))
        if len(self.horisonter):
            for e, x, yi in zip(self.etiketter, v[:, -1], self.pos_sist):
                e.set_position((0.0 if np.isnan(x) else x, yi))
                e.set_text(f" {fmt_pe(x)} " if np.isfinite(x) else "")
                e.set_horizontalalignment("left" if not x < 0 else "right")
        storst = max([1.0, *np.abs(v[np.isfinite(v)]).tolist()])
        self._x = stabila_granser(getattr(self, "_x", None), -storst * 1.15, storst * 1.15, symmetrisk=True)
        self.ax.set_xlim(*self._x)
        hmax = self.horisonter[-1] if self.horisonter else None
        if hmax is not None and self.kategorier:
            g = pd.Series(v[:, -1], index=self.kategorier).dropna()
            brist = g[g.round() < 0]
            if len(brist):
                self.alt = (f"Stapeldiagram: störst brist om {ar_text(hmax)} har {brist.idxmin()} "
                            f"({fmt_pe(brist.min())} medarbetare). {len(brist)} av {len(g)} yrkeskategorier har "
                            f"brist om {ar_text(hmax)}.")
            else:
                self.alt = f"Stapeldiagram: ingen av {len(g)} yrkeskategorier har brist om {ar_text(hmax)}."
            self.alt += f" Gap om {ar_text(hmax)}: " + lista((k, fmt_pe(x)) for k, x in g.sort_values().items()) + "."
            self.alt += " Siffrorna finns i tabellen under diagrammet."
        else:
            self.alt = "Stapeldiagram: inget gap kan visas."
        self.alt += undertryckt_text(self.dolda, self.minsta)
        self.bildtext = (f"Kvantitativt gap per yrkeskategori, {self.namnd}: antal medarbetare i dag minus beräknat "
                         f"behov ({' och '.join(ar_text(h) for h in self.horisonter)}); negativt = brist. Siffran "
                         f"vid stapeln gäller {ar_text(hmax) if hmax else ''}.")
        if self.dolda:
            self.bildtext += dolda_text(self.minsta)
        return self._x


class RekryteringDiagram(Diagram):
    """The recruitment need over ``horisont`` years per yrkeskategori by cause, with the 80 % interval.
    :meth:`uppdatera` takes ``rek`` (yrkeskategori, antal, expansion, ersattning_omsattning,
    ersattning_pension, totalt, lag, hog; the nämnd's ``Totalt`` row gives the total in the alt text)."""

    def __init__(self, namnd: str, horisont: int, minsta: int = 5, dpi: int = DPI):
        super().__init__(namnd, minsta, dpi)
        self.horisont = int(horisont)

    def _bygg(self, ax, rek) -> None:
        self.kategorier, self.dolda = ordning(rek, self.minsta)
        self.hojd_cm = max(9.0, 2.5 + 0.55 * len(self.kategorier))
        self.fig.set_size_inches(BREDD_CM * CM, self.hojd_cm * CM)
        self.y = np.arange(len(self.kategorier))[::-1].astype(float)
        self.staplar = [self._rorlig(ax.add_collection(PolyCollection(
            [], facecolors=PALETT[[4, 0, 2][i]], hatch=GLESA_MONSTER[i], edgecolors="white", linewidths=0.5)))
            for i in range(len(ORSAKER))]
        self.morrhar = self._rorlig(ax.add_collection(LineCollection([], colors="black", linewidths=1.2)))
        self.etiketter = [self._rorlig(ax.text(0, yi, "", **VARDE)) for yi in self.y]
        ax.set_yticks(self.y, [radbryt(k) for k in self.kategorier])
        ax.set_ylim(-0.6, len(self.kategorier) - 0.4)
        talaxel(ax)
        ax.set_xlabel(f"Rekryteringsbehov {ar_text(self.horisont)} (personer)")
        handtag = [Patch(facecolor=PALETT[[4, 0, 2][i]], hatch=GLESA_MONSTER[i], edgecolor="white", label=o)
                   for i, (_, o) in enumerate(ORSAKER)]
        handtag.append(Line2D([], [], color="black", marker="|", markersize=8, linewidth=1.2,
                              label="80 % intervall"))
        ax.legend(handles=handtag, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
        self.axellager.append(ax.xaxis)

    def _satt(self, rek):
        t = rek.drop_duplicates("yrkeskategori").set_index("yrkeskategori")
        r = t.reindex(self.kategorier)
        vanster = np.zeros(len(self.kategorier))
        for j, (kol, _) in enumerate(ORSAKER):
            v = r[kol].fillna(0).to_numpy(dtype=float)
            self.staplar[j].set_verts(rektanglar(vanster, v, self.y, 0.8))
            vanster = vanster + v
        tot = r["totalt"].to_numpy(dtype=float)
        lag, hog = r["lag"].to_numpy(dtype=float), r["hog"].to_numpy(dtype=float)
        self.morrhar.set_segments(morrhar(lag, hog, self.y))
        slut = np.fmax(tot, hog)
        for e, x, v, yi in zip(self.etiketter, slut, tot, self.y):
            e.set_position((0.0 if np.isnan(x) else x, yi))
            e.set_text(f" {fmt_tal(v)}")
        storst = float(np.nanmax(slut)) if len(slut) and np.isfinite(slut).any() else 1.0
        self._x = stabila_granser(getattr(self, "_x", None), 0.0, max(1.0, storst) * 1.15)
        self.ax.set_xlim(*self._x)
        self._texter(t, r)
        return self._x

    def _texter(self, t, r) -> None:
        h = self.horisont
        alt = f"Staplat stapeldiagram: rekryteringsbehovet {kommande(h)}"
        if TOTALT in t.index:
            s = t.loc[TOTALT]
            alt += f" är {fmt_tal(s['totalt'])} personer"
            if pd.notna(s.get("lag")):
                alt += f" (i 8 fall av 10 mellan {fmt_tal(s['lag'])} och {fmt_tal(s['hog'])})"
            alt += "."
        else:
            alt += "."
        if self.kategorier:
            hogst = r["totalt"].astype(float).idxmax()
            x = r.loc[hogst]
            alt += (f" Störst är det för {hogst}: {fmt_tal(x['totalt'])} personer (expansion "
                    f"{fmt_tal(x['expansion'])}, personalomsättning {fmt_tal(x['ersattning_omsattning'])}, pension "
                    f"{fmt_tal(x['ersattning_pension'])}).")
            if len(self.kategorier) > 2:
                alt += " Per yrkeskategori: " + lista((k, fmt_tal(v)) for k, v in r["totalt"].items()) + "."
            alt += " Siffrorna finns i tabellen under diagrammet."
        self.alt = alt + undertryckt_text(self.dolda, self.minsta)
        self.bildtext = (f"Rekryteringsbehov {kommande(h)} per yrkeskategori och orsak, {self.namnd}, med 80 % "
                         "osäkerhetsintervall (strecket: i 8 fall av 10 hamnar behovet där).")
        if self.dolda:
            self.bildtext += dolda_text(self.minsta)


class ScenarioDiagram(Diagram):
    """The nämnd's recruitment need over ``horisont`` years per scenario. :meth:`uppdatera` takes ``scen``
    (scenario, totalt, lag, hog; one row per scenario in the order shown, the base scenario ``bas`` first;
    ``lag``/``hog`` NaN where not simulated) and the name of the sliders' scenario."""

    def __init__(self, namnd: str, horisont: int, dpi: int = DPI):
        super().__init__(namnd, 5, dpi)
        self.horisont = int(horisont)

    def _bygg(self, ax, scen, reglage) -> None:
        self.scenarier = [str(s) for s in scen["scenario"]]
        self.namn = ["Grundantaganden" if s == "bas" else (f"{s} (reglagen)" if s == reglage else s)
                     for s in self.scenarier]
        self.hojd_cm = max(6.5, 2.5 + 0.8 * len(self.scenarier))
        self.fig.set_size_inches(BREDD_CM * CM, self.hojd_cm * CM)
        self.y = np.arange(len(self.scenarier))[::-1].astype(float)
        farger = [PALETT[0] if s == "bas" else (PALETT[2] if s == reglage else PALETT[4]) for s in self.scenarier]
        monster = [GLESA_MONSTER[1] if s == "bas" else (GLESA_MONSTER[2] if s == reglage else "") for s in self.scenarier]
        self.staplar = [ax.barh(yi, 0.0, color=f, hatch=m, edgecolor="white", linewidth=0.5).patches[0]
                        for yi, f, m in zip(self.y, farger, monster)]
        self.etiketter = [ax.text(0, yi, "", **VARDE) for yi in self.y]
        self.fasta_morrhar = ax.add_collection(LineCollection([], colors="black", linewidths=1.2))
        self.morrhar = self._rorlig(ax.add_collection(LineCollection([], colors="black", linewidths=1.2)))
        # only the sliders' bar moves; the scenarios of kommun.yaml are drawn with the axes (they move only
        # if the axis limits do)
        self.ror = np.array([s == reglage for s in self.scenarier])
        for i, (p, e) in enumerate(zip(self.staplar, self.etiketter)):
            (self.rorliga if self.ror[i] else self.axellager).extend([p, e])
        self.axellager.append(self.fasta_morrhar)
        ax.set_yticks(self.y, [radbryt(n, 30) for n in self.namn])
        ax.set_ylim(-0.6, len(self.scenarier) - 0.4)
        talaxel(ax)
        ax.set_xlabel(f"Rekryteringsbehov {ar_text(self.horisont)} (personer)")
        self.axellager.append(ax.xaxis)

    def _satt(self, scen, reglage):
        s = scen.set_index("scenario").reindex(self.scenarier)
        v = s["totalt"].to_numpy(dtype=float)
        lag, hog = s["lag"].to_numpy(dtype=float), s["hog"].to_numpy(dtype=float)
        for p, x in zip(self.staplar, np.nan_to_num(v)):
            p.set_width(x)
        self.morrhar.set_segments(morrhar(np.where(self.ror, lag, np.nan), hog, self.y))
        self.fasta_morrhar.set_segments(morrhar(np.where(self.ror, np.nan, lag), hog, self.y))
        slut = np.fmax(v, hog)
        for e, x, vi, yi in zip(self.etiketter, slut, v, self.y):
            e.set_position((0.0 if np.isnan(x) else x, yi))
            e.set_text(f" {fmt_tal(vi)}")
        storst = float(np.nanmax(slut)) if np.isfinite(slut).any() else 1.0
        self._x = stabila_granser(getattr(self, "_x", None), 0.0, max(1.0, storst) * 1.1)
        self.ax.set_xlim(*self._x)
        namn = dict(zip(self.scenarier, self.namn))
        alt = f"Stapeldiagram: rekryteringsbehovet {kommande(self.horisont)}, {self.namnd},"
        delar = []
        for sc, vi, lo, hi in zip(self.scenarier, v, lag, hog):
            d = f"{namn[sc]} {fmt_tal(vi)}"
            if np.isfinite(lo):
                d += f" (8 fall av 10: {fmt_tal(lo)}–{fmt_tal(hi)})"
            delar.append(d)
        self.alt = alt + " per scenario: " + "; ".join(delar) + "."
        self.bildtext = (f"Rekryteringsbehov {kommande(self.horisont)} per scenario, {self.namnd} (summan över alla "
                         "yrkeskategorier); reglagens antaganden i grönt, scenarierna i kommun.yaml ändras inte "
                         "med reglagen. Strecket: 80 % osäkerhetsintervall (8 fall av 10).")
        return self._x


__all__ = ["DPI", "FramskrivningDiagram", "GapDiagram", "RekryteringDiagram", "ScenarioDiagram"]
