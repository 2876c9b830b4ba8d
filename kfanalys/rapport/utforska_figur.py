"""The chart of ``notebooks/utforska.ipynb`` that is built once and then updated in place (:class:`Diagram`),
and the helpers its charts share (:mod:`kfanalys.rapport.utforska_diagram` has the charts).

The report charts (:mod:`kfanalys.rapport.diagram_prognos`) are built from scratch, laid out
(constrained layout) and saved at 150 dpi: 0,3-0,5 s each, too slow to follow a slider. A
:class:`Diagram` instead is a figure (:class:`matplotlib.figure.Figure` on an Agg canvas, no pyplot)
built once per nämnd with the nämnd's first data:

- the layout is computed once (constrained layout at the first drawing, then frozen);
- what does not move (axes frame, category names on the axis, legend, titles) is drawn once into a
  background image (:meth:`matplotlib.backends.backend_agg.FigureCanvasAgg.copy_from_bbox`);
- the axes whose limits can move (:attr:`Diagram.axellager`: ticks, and lines tied to the limits) are drawn
  over it only when the limits change, and the limits change seldom (:func:`stabila_granser`);
- at every update only the moving artists get new data (``set_data`` of lines, ``set_verts`` of the bars,
  the segments of the interval whiskers, the value labels) and are drawn over the background; the pixels
  are written as PNG (Pillow, fast compression) at :data:`DPI` (screen resolution). Text is what costs
  most to draw (about a millisecond per label), so little of it moves.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

from kfanalys.grund.schema import TOTALT
from kfanalys.rapport.figur import BREDD_CM, CM, ETIKETT, STIL, Figur, for_fa, siffertabell, tal_axel

#: Resolution of the interactive charts (the reports use 150): shown at the reports' size (16 cm), a little soft.
DPI = 72
#: Text value labels: as the report charts', without the white box (cheaper to draw, the bars do not overlap them).
VARDE = {k: v for k, v in ETIKETT.items() if k != "bbox"}
#: Bar patterns (as :data:`kfanalys.rapport.figur.MONSTER`: no message by colour alone), sparse ones: a dense
#: hatch costs a millisecond per bar to draw.
GLESA_MONSTER = ("", "//", "\\\\", "xx")


def rektanglar(vanster: np.ndarray, bredd: np.ndarray, y: np.ndarray, hojd: float) -> np.ndarray:
    """Horizontal bars as polygon vertices (bars, 4, 2)."""
    x1 = vanster + bredd
    return np.stack([np.c_[vanster, y - hojd / 2], np.c_[x1, y - hojd / 2], np.c_[x1, y + hojd / 2],
                     np.c_[vanster, y + hojd / 2]], axis=1)


def talaxel(ax) -> None:
    """The x axis of a bar chart: Swedish whole numbers (:func:`kfanalys.rapport.figur.tal_axel`), at most
    five ticks so "1 250" and "1 500" do not run together at screen size."""
    tal_axel(ax, "x", "tal")
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, min_n_ticks=2))


def stabila_granser(nu: tuple[float, float] | None, lag: float, hog: float, symmetrisk: bool = False
                    ) -> tuple[float, float]:
    """Axis limits that hold [lag, hog]: ``nu`` (the current limits) while they still hold it and are not
    more than 2,5 times as wide as needed, else new ones at round tick values with some room. A slider
    move then seldom changes an axis, so the axis stays in the chart's fixed background.

    >>> stabila_granser(None, 0, 87)
    (0.0, 120.0)
    >>> stabila_granser((0.0, 120.0), 0, 95), stabila_granser((0.0, 120.0), 0, 130)
    ((0.0, 120.0), (0.0, 150.0))
    >>> stabila_granser(None, -46, 2, symmetrisk=True)
    (-60.0, 60.0)
    """
    if symmetrisk:
        m = max(abs(lag), abs(hog), 1.0)
        lag, hog = -m, m
    if nu is not None and nu[0] <= lag and nu[1] >= hog and (nu[1] - nu[0]) <= 2.5 * max(hog - lag, 1.0):
        return nu
    rum = 0.15 * max(hog - lag, 1.0)
    lo = lag - rum if lag < 0 else lag
    t = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hog + rum)
    ut = (float(t[0]) if lag != 0 or symmetrisk else 0.0, float(t[-1]))
    if symmetrisk:
        m = max(abs(ut[0]), abs(ut[1]))
        ut = (-m, m)
    return ut


def morrhar(lag: np.ndarray, hog: np.ndarray, y: np.ndarray, cap: float = 0.18) -> list:
    """Interval whiskers (a line from ``lag`` to ``hog`` with end caps) as LineCollection segments."""
    ok = np.isfinite(lag) & np.isfinite(hog)
    lag, hog, y = lag[ok], hog[ok], y[ok]
    return list(np.concatenate([np.stack([np.c_[lag, y], np.c_[hog, y]], axis=1),
                                np.stack([np.c_[lag, y - cap], np.c_[lag, y + cap]], axis=1),
                                np.stack([np.c_[hog, y - cap], np.c_[hog, y + cap]], axis=1)]))


def ordning(df: pd.DataFrame, minsta: int) -> tuple[list[str], int]:
    """The categories a chart draws (``df``: yrkeskategori, antal; ``Totalt`` ignored), largest first
    (ties by name), and how many were left out as too small (1..minsta-1 persons or hidden).

    >>> ordning(pd.DataFrame({"yrkeskategori": ["B", "A", "C", "Totalt"], "antal": [10, 10, 3, 23]}), 5)
    (['A', 'B'], 1)
    """
    t = df.loc[df["yrkeskategori"] != TOTALT, ["yrkeskategori", "antal"]].drop_duplicates("yrkeskategori")
    dolj = for_fa(t["antal"], minsta).to_numpy()
    t = t[~dolj].sort_values(["antal", "yrkeskategori"], ascending=[False, True], kind="stable")
    return [str(k) for k in t["yrkeskategori"]], int(dolj.sum())


class Diagram:
    """A chart updated in place (see the module docstring). Subclasses build their artists in
    :meth:`_bygg` (once) and set new data in :meth:`_satt` (returning the value of what is fixed:
    when it changes the background is drawn again); :meth:`uppdatera` then renders the PNG.

    ``byggen``: how often the figure was built (1 for the chart's life); ``uppdateringar``: how often
    it was rendered with new data; ``bakgrunder``: how often the fixed part was drawn."""

    hojd_cm = 9.0

    def __init__(self, namnd: str, minsta: int = 5, dpi: int = DPI):
        self.namnd, self.minsta, self.dpi = namnd, int(minsta), int(dpi)
        self.fig: Figure | None = None
        self.rorliga: list = []
        self.axellager: list = []
        self.alt = self.bildtext = ""
        self.siffror: pd.DataFrame | None = None
        self.kolumner: dict | None = None
        self.png = b""
        self.byggen = self.uppdateringar = self.bakgrunder = 0
        self._bakgrund = self._grund = None
        self._fast = None

    # -- to implement
    def _bygg(self, ax, *data) -> None:
        raise NotImplementedError

    def _satt(self, *data):
        raise NotImplementedError

    # -- shared
    def _ny_figur(self, hojd_cm: float):
        self.fig = Figure(figsize=(BREDD_CM * CM, hojd_cm * CM), dpi=self.dpi, layout="constrained")
        FigureCanvasAgg(self.fig)
        return self.fig.add_subplot()

    def uppdatera(self, *data) -> bytes:
        """Set ``data`` and render; returns the PNG (also in :attr:`png`). The first call builds the figure.

        Three layers: the fixed part (drawn once), the axes (:attr:`axellager`: the axis ticks and what
        depends on the axis limits, drawn over the fixed part when :meth:`_satt` reports other limits) and
        the moving artists (:attr:`rorliga`, drawn over both at every update)."""
        with mpl.rc_context(STIL):
            if self.fig is None:
                self.ax = self._ny_figur(self.hojd_cm)
                self._bygg(self.ax, *data)
                self.byggen += 1
                fast = self._satt(*data)
                self.fig.canvas.draw()  # the layout, computed once with real data ...
                self.fig.set_layout_engine("none")  # ... and kept
                for axel in (self.ax.xaxis, self.ax.yaxis):
                    self._fast_axeltitel(axel)
                for a in (*self.axellager, *self.rorliga):
                    a.set_animated(True)
                self.fig.canvas.draw()  # the fixed part: everything but the axes and the moving artists
                self._grund = self.fig.canvas.copy_from_bbox(self.fig.bbox)
            else:
                fast = self._satt(*data)
            canvas = self.fig.canvas
            renderer = canvas.get_renderer()
            if self._bakgrund is None or fast != self._fast:
                canvas.restore_region(self._grund)
                for a in self.axellager:
                    a.draw(renderer)
                self._bakgrund, self._fast = canvas.copy_from_bbox(self.fig.bbox), fast
                self.bakgrunder += 1
            else:
                canvas.restore_region(self._bakgrund)
            for a in self.rorliga:
                a.draw(renderer)
            bild = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
        buf = io.BytesIO()
        bild.save(buf, format="png", compress_level=1)
        self.png = buf.getvalue()
        self.uppdateringar += 1
        return self.png

    def html(self, siffror: bool = True) -> str:
        """The last rendering as ``<figure>`` (PNG, alt text, caption) and, if the chart carries numbers
        and ``siffror``, its numbers in a closed ``<details>`` (:func:`kfanalys.rapport.figur.siffertabell`)."""
        data = base64.b64encode(self.png).decode("ascii")
        bredd_px = int(round(BREDD_CM * CM * 96))
        caption = f"<figcaption>{html.escape(self.bildtext)}</figcaption>" if self.bildtext else ""
        tabell = siffertabell(Figur(None, self.alt, self.bildtext, self.siffror, self.kolumner, None)) if siffror else ""
        return (f'<figure class="kf-figur" style="margin:1em 0">'
                f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}" '
                f'width="{bredd_px}" style="max-width:100%;height:auto">{caption}</figure>' + tabell)

    def _fast_axeltitel(self, axel) -> None:
        """An axis redrawn with new limits draws its title too: the title becomes a fixed text at the same place."""
        t = axel.label
        if axel not in self.axellager or not t.get_text() or not t.get_visible():
            return
        bb = t.get_window_extent(self.fig.canvas.get_renderer())
        b, h = self.fig.bbox.width, self.fig.bbox.height
        self.fig.text((bb.x0 + bb.x1) / 2 / b, (bb.y0 + bb.y1) / 2 / h, t.get_text(), rotation=t.get_rotation(),
                      ha="center", va="center", fontsize=t.get_fontsize(), color=t.get_color())
        t.set_visible(False)

    def _rorlig(self, *artister):
        self.rorliga.extend(artister)
        return artister[0] if len(artister) == 1 else artister


def bred(df: pd.DataFrame, kolumn: str, rader: list[str], ar: np.ndarray, radkolumn: str = "yrkeskategori"
          ) -> np.ndarray:
    """``df[kolumn]`` as (rader, ar) (the first value of each pair); NaN where missing.

    >>> t = pd.DataFrame({"yrkeskategori": ["A", "A", "B"], "ar": [2025, 2026, 2026], "v": [1.0, 2.0, 3.0]})
    >>> bred(t, "v", ["B", "A"], np.array([2025, 2026])).tolist()
    [[nan, 3.0], [1.0, 2.0]]
    """
    ut = np.full((len(rader), len(ar)), np.nan)
    nr = {k: i for i, k in enumerate(rader)}
    r = df[radkolumn].map(nr).to_numpy(dtype=float)
    a = df["ar"].to_numpy(dtype=np.int64)
    j = np.searchsorted(ar, a)
    ok = np.isfinite(r) & (j < len(ar)) & (ar[np.minimum(j, len(ar) - 1)] == a)
    r, j, v = r[ok].astype(np.int64)[::-1], j[ok][::-1], df[kolumn].to_numpy(dtype=float)[ok][::-1]
    ut[r, j] = v  # reversed: the first value of a pair is written last and kept
    return ut


__all__ = ["DPI", "GLESA_MONSTER", "VARDE", "Diagram", "bred", "morrhar", "ordning", "rektanglar", "stabila_granser", "talaxel"]
