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

This module gathers the charts for notebooks (``figurer.alderspyramid(...)``): the figure and
its style are :mod:`kfanalys.rapport.figur`; the charts are :mod:`kfanalys.rapport.diagram_personal`
(the staff today), :mod:`kfanalys.rapport.diagram_prognos` (the forecast) and
:mod:`kfanalys.rapport.diagram_risk` (the risk matrix).
"""

from __future__ import annotations

from kfanalys.rapport.diagram_personal import PERIODTEXT, alderspyramid, jamfor_namnder, omsattning_staplar
from kfanalys.rapport.diagram_prognos import (ORSAKER, framskrivning_intervall, framskrivning_linjer, gap_staplar,
                                              rekrytering_staplad, scenarier_staplar)
from kfanalys.rapport.diagram_risk import RISKFARGER, riskmatris
from kfanalys.rapport.figur import (DPI, ETIKETT, GRA, PALETT, STIL, Figur, etikett, som_html, visa)

__all__ = ["DPI", "ETIKETT", "GRA", "ORSAKER", "PALETT", "PERIODTEXT", "RISKFARGER", "STIL", "Figur",
           "alderspyramid", "etikett", "framskrivning_intervall", "framskrivning_linjer", "gap_staplar",
           "jamfor_namnder", "omsattning_staplar", "rekrytering_staplad", "riskmatris", "scenarier_staplar",
           "som_html", "visa"]
