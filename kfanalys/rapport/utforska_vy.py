"""The sliders of ``notebooks/utforska.ipynb``: one nämnd's forecast redrawn whenever an assumption moves.

:class:`UtforskaVy` has two halves:

- :meth:`UtforskaVy.rita` (plain Python, no browser): computes the nämnd's forecast under a
  setting (:class:`kfanalys.berakning.utforskning.Utforskning`, one per nämnd, kept in a cache)
  and returns a :class:`Ritning`: the HTML of the projection chart, the gap chart, the
  recruitment need with its 80 % interval and the scenarios side by side (the charts of
  :mod:`kfanalys.rapport.utforska_diagram`, built once per nämnd and updated in place; tables of
  :func:`kfanalys.rapport.tabeller.visa_tabell`, the scenario columns as
  :func:`kfanalys.modell.scenario.sida_vid_sida` lays them out), plus the tables behind it;
- :meth:`UtforskaVy.widget` (ipywidgets 8): a dropdown for the nämnd, sliders for the pension age
  shift, the turnover factor, the non-demographic growth and the part-time increase (all
  ``continuous_update=False``: computed when the slider is released), a dropdown for the
  population forecast and one per analysed yrkeskategori for the nämnd's judgement; an HTML
  area that every change redraws by calling :meth:`rita`. Changing the nämnd rebuilds the
  judgement dropdowns and uses (or builds) that nämnd's :class:`Utforskning`.

Speed (``benchmarks/utforska.py``): a slider change recomputes only the stages of the forecast whose
inputs moved (:mod:`kfanalys.berakning.utforskning`); a chart or table whose data did not change is
not drawn again (its HTML is kept keyed by the content of what it shows, :data:`HTMLCACHE` entries);
a chart whose data changed is updated in place and rendered at screen resolution
(:data:`kfanalys.rapport.utforska_figur.DPI`); the columns of the scenarios that do not move with the
sliders are laid out once per nämnd. Labels, numbers and the readouts next to the sliders are Swedish
(:mod:`kfanalys.grund.talformat`). Figures and tables suppress groups with fewer than ``minsta_antal``
persons as in the reports (tables through :func:`kfanalys.rapport.tabeller.visa_tabell` with ``minsta``,
charts by :func:`kfanalys.rapport.figur.for_fa`). Nothing is written to disk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kfanalys.berakning.utforskning import (ANTAL_KORNINGAR, UTFORSKNING, Kommununderlag, Utfall, Utforskning)
from kfanalys.grund.fel import Berakningsfel, Indatafel
from kfanalys.grund.schema import BEDOMNINGAR, TOTALT
from kfanalys.grund.talformat import fmt_procent, fmt_tal
from kfanalys.grund.text import Html, rubrik, stycke
from kfanalys.modell.gap import BESKRIVNING_BEDOMNING
from kfanalys.modell.scenario import sida_vid_sida
from kfanalys.rapport.data import med_intervall
from kfanalys.rapport.tabeller import visa_tabell
from kfanalys.rapport.utforska_diagram import (DPI, FramskrivningDiagram, GapDiagram, RekryteringDiagram,
                                               ScenarioDiagram)

#: Resolution of the interactive charts (dots per inch; the reports use 150).
DPI_INTERAKTIV = DPI
#: Rendered charts and tables kept (HTML keyed by what they show).
HTMLCACHE = 256
#: The columns each chart reads (only these are passed, so the cache's key is exact).
FRAM_KOLUMNER = ["namnd", "yrkeskategori", "ar", "horisont", "drivare", "drivare_index", "antal", "behov"]
KVAR_KOLUMNER = ["yrkeskategori", "ar", "dagens_kvar_median"]
GAP_KOLUMNER = ["namnd", "yrkeskategori", "horisont", "antal", "gap"]
REK_KOLUMNER = ["yrkeskategori", "antal", "expansion", "ersattning_omsattning", "ersattning_pension", "totalt",
                "lag", "hog"]
#: Slider ranges (DESIGN: the assumptions of the scenarios).
PENSION = (-2, 3)
OMSATTNING = (0.5, 1.5, 0.05)
TILLVAXT_PROCENT = (0.0, 2.0, 0.1)
DELTID = (0, 20)


@dataclass
class Ritning:
    """One drawing: ``delar`` (section name -> HTML), ``utfall`` (the computed tables of
    :class:`kfanalys.berakning.utforskning.Utfall`), ``tabeller`` (the tables shown: ``rekrytering``
    with ``lag``/``hog``, ``scenarier_rekrytering`` and ``scenarier_gap`` side by side) and
    ``ritade`` (the charts rendered for this drawing, not taken from the cache)."""

    delar: dict[str, str]
    utfall: Utfall
    tabeller: dict[str, pd.DataFrame] = field(default_factory=dict)
    ritade: list[str] = field(default_factory=list)

    @property
    def html(self) -> str:
        return "\n".join(self.delar.values())

    def _repr_html_(self) -> str:
        return self.html


def totalt_sist(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the nämnd's ``Totalt`` row(s) last (order otherwise kept), index reset."""
    return df.sort_values("yrkeskategori", key=lambda s: s.eq(TOTALT), kind="stable").reset_index(drop=True)


def _analyserade(df: pd.DataFrame, kategorier: list[str]) -> pd.DataFrame:
    """The rows of one nämnd's table that belong to an analysed category or are its ``Totalt``
    (:func:`kfanalys.modell.urval.bara_analyserade` for one nämnd, without its two MultiIndexes)."""
    behall = np.isin(df["yrkeskategori"].to_numpy(dtype=object), [*kategorier, TOTALT])
    return df[behall].reset_index(drop=True)


def _scenariototaler(u: Utforskning, horisont: int, utfall: Utfall | None = None) -> pd.DataFrame:
    """scenario, totalt, lag, hog: the nämnd's recruitment need at ``horisont`` per configured scenario (bas
    first; without ``utfall``) or of ``utfall`` alone (under its scenario's name)."""
    delar = [(utfall.scenario.namn, utfall)] if utfall is not None else [("bas", u.bas), *u.scenarier.items()]
    rader = []
    for namn, x in delar:
        r = x.rekrytering
        r = r[(r["yrkeskategori"] == TOTALT) & (r["horisont"] == horisont)]
        rad = {"scenario": namn, "totalt": float(r["totalt"].iloc[0]) if len(r) else np.nan, "lag": np.nan,
               "hog": np.nan}
        iv = x.rekrytering_intervall
        if iv is not None:
            i = iv[(iv["yrkeskategori"] == TOTALT) & (iv["horisont"] == horisont)]
            if len(i):
                rad["lag"], rad["hog"] = float(i["lag"].iloc[0]), float(i["hog"].iloc[0])
        rader.append(rad)
    return pd.DataFrame(rader, columns=["scenario", "totalt", "lag", "hog"])


def _digest(*delar) -> str:
    """A content key of frames and plain values (for the chart cache)."""
    h = hashlib.sha1()
    for d in delar:
        if isinstance(d, pd.DataFrame):
            h.update(repr(list(d.columns)).encode("utf-8"))
            for k in d.columns:  # column by column: numbers as bytes, text as text (fast for small frames)
                v = d[k].to_numpy()
                if v.dtype.kind in "biuf":
                    h.update(str(v.dtype).encode("ascii") + np.ascontiguousarray(v).tobytes())
                else:
                    h.update("\x1f".join(map(repr, v.tolist())).encode("utf-8"))
                h.update(b"\x1e")
        else:
            h.update(repr(d).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def installningstext(namnd: str, cykel: int, pensionsforskjutning: int, omsattningsfaktor: float,
                     tillvaxt: float | None, deltid_okning: float, befolkningsvariant: str | None) -> Html:
    """The setting as one Swedish sentence.

    >>> print(installningstext("N", 2025, 1, 0.8, None, 10, None))
    <p><strong>N</strong>, cykel 2025: pensionsålder +1 år, personalomsättning × 0,8, tillväxt enligt kommun.yaml, deltid +10 procentenheter, befolkningsprognos: Grundprognos.</p>
    >>> "tillväxt 0,5\u00a0% per år" in installningstext("N", 2025, 0, 1.0, 0.005, 0, None).html
    True
    """
    pension = f"{int(pensionsforskjutning):+d} år" if pensionsforskjutning else "som i grundantagandet"
    return stycke("**{namnd}**, cykel {cykel}: pensionsålder {pension}, personalomsättning × {faktor}, tillväxt "
                  "{tillvaxt}, deltid +{deltid} procentenheter, befolkningsprognos: {prognos}.",
                  namnd=namnd, cykel=int(cykel), pension=pension, faktor=fmt_tal(omsattningsfaktor, 2).rstrip("0")
                  .rstrip(","), tillvaxt="enligt kommun.yaml" if tillvaxt is None
                  else f"{fmt_procent(tillvaxt, 1)} per år", deltid=fmt_tal(deltid_okning),
                  prognos=befolkningsvariant or "Grundprognos")


class UtforskaVy:
    """The exploration view of one kommun and cycle (see the module docstring); ``namnd`` is the one
    shown first (namn or kortnamn)."""

    def __init__(self, indata, cykel: int, namnd: str, antal_korningar: int = ANTAL_KORNINGAR,
                 dpi: int = DPI_INTERAKTIV):
        self.indata, self.cykel, self.konfig = indata, int(cykel), indata.konfig
        self.kommun = Kommununderlag(indata, cykel)
        self.antal_korningar, self.dpi = int(antal_korningar), int(dpi)
        self.minsta = int(self.konfig.antaganden.minsta_antal)
        self.H = max(self.konfig.antaganden.horisonter)
        self.namnd = self.konfig.namnd(namnd).namn
        self._utforskningar: dict[str, Utforskning] = {}
        self._html: dict[str, str] = {}
        self._diagram: dict[str, dict] = {}
        self._fasta: dict[tuple, object] = {}
        self._kontroller: dict | None = None
        self._bygger = False
        self.senaste: Ritning | None = None

    # ------------------------------------------------------------------ computing and drawing
    def utforskning(self, namnd: str | None = None) -> Utforskning:
        """The :class:`Utforskning` of ``namnd`` (default the one shown), built once per nämnd."""
        namn = self.konfig.namnd(namnd or self.namnd).namn
        if namn not in self._utforskningar:
            self._utforskningar[namn] = Utforskning(self.indata, self.cykel, namn, kommun=self.kommun,
                                                    antal_korningar=self.antal_korningar)
        return self._utforskningar[namn]

    def diagram(self, namnd: str | None = None) -> dict:
        """The charts of ``namnd`` (default the one shown) by name: ``framskrivning``, ``gap``, ``rekrytering``,
        ``scenarier`` (:mod:`kfanalys.rapport.utforska_diagram`), made once per nämnd and updated in place."""
        namn = self.konfig.namnd(namnd or self.namnd).namn
        if namn not in self._diagram:
            self._diagram[namn] = {
                "framskrivning": FramskrivningDiagram(namn, self.minsta, self.dpi),
                "gap": GapDiagram(namn, self.minsta, self.dpi),
                "rekrytering": RekryteringDiagram(namn, self.H, self.minsta, self.dpi),
                "scenarier": ScenarioDiagram(namn, self.H, self.dpi)}
        return self._diagram[namn]

    def _minns(self, nyckel: str, gor) -> tuple[str, bool]:
        """(the HTML made by ``gor()`` for content key ``nyckel``, True if it was made now, not cached)."""
        if nyckel in self._html:
            return self._html[nyckel], False
        if len(self._html) >= HTMLCACHE:
            self._html.pop(next(iter(self._html)))
        self._html[nyckel] = gor()
        return self._html[nyckel], True

    def _figur(self, namnd: str, namn: str, ritade: list[str], *data) -> str:
        """The HTML of chart ``namn`` of ``namnd`` showing ``data``; updated and rendered only when this data
        was not drawn before (``data`` holds only what the chart reads: the key is exact)."""
        d = self.diagram(namnd)[namn]

        def gor():
            d.uppdatera(*data)
            return d.html(siffror=d.siffror is not None)
        ut, ny = self._minns(_digest("figur", namnd, namn, self.dpi, *data), gor)
        if ny:
            ritade.append(namn)
        return ut

    def _tabell(self, df: pd.DataFrame, kolumner: dict, rubrik_: str, fotnot: str | None = None) -> str:
        """:func:`kfanalys.rapport.tabeller.visa_tabell` with the disclosure rule (``minsta``) for the shown
        columns (and ``antal``), kept by content."""
        visas = df[list(dict.fromkeys(["antal", *kolumner]))]
        return self._minns(_digest("tabell", visas, rubrik_, fotnot, sorted(kolumner.items())), lambda: visa_tabell(
            visas, kolumner, rubrik_, minsta=self.minsta, fotnot=fotnot).html)[0]

    def _fast(self, u: Utforskning, namn: str, gor):
        """What does not move with the sliders for nämnd ``u``, made once."""
        nyckel = (u.namnd, namn)
        if nyckel not in self._fasta:
            self._fasta[nyckel] = gor()
        return self._fasta[nyckel]

    def _sida_vid_sida(self, u: Utforskning, ut: Utfall, tabell: str, varde: str) -> pd.DataFrame:
        """:func:`kfanalys.modell.scenario.sida_vid_sida` of the scenario stack with ``ut`` last (column
        :data:`~kfanalys.berakning.utforskning.UTFORSKNING`): the fixed scenarios are laid out once per
        nämnd, the sliders' column is added from ``ut``."""
        fast = self._fast(u, f"sida_vid_sida_{tabell}", lambda: sida_vid_sida(
            _analyserade(u.scenariostack()[tabell], u.yrkeskategorier), u.namnd, self.H, varde=varde))
        t = getattr(ut, tabell)
        t = t[(t["horisont"] == self.H) & (t["namnd"] == u.namnd)].drop_duplicates("yrkeskategori")
        return fast.assign(**{ut.scenario.namn: fast["yrkeskategori"].map(t.set_index("yrkeskategori")[varde])})

    def rita(self, namnd: str | None = None, pensionsforskjutning: int = 0, omsattningsfaktor: float = 1.0,
             tillvaxt: float | None = None, deltid_okning: float = 0.0, befolkningsvariant: str | None = None,
             bedomning: dict | None = None) -> Ritning:
        """Compute and draw ``namnd`` (default the one shown) under the setting (parameters as
        :meth:`kfanalys.berakning.utforskning.Utforskning.berakna`: ``tillvaxt`` a fraction per year or None
        = kommun.yaml's). Returns the :class:`Ritning`; nothing is displayed.

        The charts: the projection with today's staff remaining, the gap, the recruitment need by cause
        with its 80 % interval (of the nämnd's analysed categories) and the scenarios (bas and
        kommun.yaml's, which do not move with the sliders, and the sliders' setting); the tables: the
        judged need, the recruitment need with its 80 % interval and the scenarios side by side with
        the column :data:`~kfanalys.berakning.utforskning.UTFORSKNING`."""
        u = self.utforskning(namnd)
        self.namnd = u.namnd
        ut = u.berakna(pensionsforskjutning, omsattningsfaktor, tillvaxt, deltid_okning, befolkningsvariant, bedomning)
        N, H, kat = u.namnd, self.H, u.yrkeskategorier
        ritade: list[str] = []
        fram = _analyserade(ut.framskrivning, kat)
        gap = _analyserade(ut.gap, kat)
        delar = {"installning": installningstext(N, self.cykel, pensionsforskjutning, omsattningsfaktor, tillvaxt,
                                                 deltid_okning, befolkningsvariant).html}
        kol = {"yrkeskategori": ("Yrkeskategori", "text"), "antal": ("Antal i dag", "tal")}

        iv_ar = ut.rekrytering_intervall_per_ar
        kvar = None if iv_ar is None else _analyserade(iv_ar, kat)[KVAR_KOLUMNER]
        delar["framskrivning"] = rubrik("Personalframskrivning", 3).html + self._figur(
            N, "framskrivning", ritade, fram[FRAM_KOLUMNER], kvar)

        gh = totalt_sist(gap[gap["horisont"] == H])
        andra = [h for h in u.horisonter if h != H]
        for h in andra:
            gh[f"gap_{h}"] = gh["yrkeskategori"].map(gap[gap["horisont"] == h].set_index("yrkeskategori")["gap"])
        delar["gap"] = (rubrik("Gap", 3).html + self._figur(N, "gap", ritade, gap[GAP_KOLUMNER])
                        + self._tabell(gh, {**kol, **{f"gap_{h}": (f"Gap {h} år", "gap") for h in andra},
                                            "behov": (f"Behov {H} år", "tal"), "gap": (f"Gap {H} år", "gap"),
                                            "bedomning": ("Nämndens bedömning", "text"),
                                            "bedomt_behov": ("Bedömt behov", "tal"),
                                            "bedomt_behov_lag": ("Bedömt lägst", "tal"),
                                            "bedomt_behov_hog": ("Bedömt högst", "tal")},
                                       f"{N}: framskrivet och bedömt behov på {H} års sikt",
                                       fotnot=BESKRIVNING_BEDOMNING))

        rek = _analyserade(ut.rekrytering, kat)
        rk = med_intervall(rek[rek["horisont"] == H], ut.rekrytering_intervall)
        rk = totalt_sist(rk)
        delar["rekrytering"] = (rubrik("Rekryteringsbehov på {h} års sikt", 3, h=H).html + self._figur(
            N, "rekrytering", ritade, rk[REK_KOLUMNER])
            + self._tabell(rk, {**kol, "expansion": ("Expansion", "tal"),
                                "ersattning_omsattning": ("Ersättning personalomsättning", "tal"),
                                "ersattning_pension": ("Ersättning pension", "tal"),
                                "totalt": (f"Rekryteringsbehov {H} år", "tal"),
                                "lag": ("Lägst (8 fall av 10)", "tal"), "hog": ("Högst (8 fall av 10)", "tal")},
                           f"{N}: rekryteringsbehov på {H} års sikt med 80 % osäkerhetsintervall",
                           fotnot=f"Intervallet kommer från {fmt_tal(u.antal_korningar)} simuleringar med "
                                  "slumpmässiga avgångar (rapporten använder 1 000; här färre så att bilden hinner "
                                  "ritas om, med samma slumptal vid varje ändring så att intervallet följer "
                                  "reglagen jämnt): i 8 fall av 10 hamnar behovet mellan lägst och högst. "
                                  "Totalt gäller alla nämndens yrkeskategorier."))

        sv_rek = self._sida_vid_sida(u, ut, "rekrytering", "totalt")
        sv_gap = self._sida_vid_sida(u, ut, "gap", "gap")
        fasta = self._fast(u, "scenarier", lambda: _scenariototaler(u, H))
        egen = _scenariototaler(u, H, ut)
        delar["scenarier"] = (
            rubrik("Scenarier sida vid sida", 3).html
            + self._figur(N, "scenarier", ritade, pd.concat([fasta, egen], ignore_index=True), ut.scenario.namn)
            + self._tabell(sv_rek, {**kol, **{k: (k, "tal") for k in sv_rek.columns[2:]}},
                           f"{N}: rekryteringsbehov på {H} års sikt per scenario (kolumnen {UTFORSKNING}: reglagen)")
            + self._tabell(sv_gap, {**kol, **{k: (k, "gap") for k in sv_gap.columns[2:]}},
                           f"{N}: gap på {H} års sikt per scenario (negativt: fler behövs)"))
        self.senaste = Ritning(delar, ut, {"gap": gh, "rekrytering": rk, "scenarier_rekrytering": sv_rek,
                                           "scenarier_gap": sv_gap}, ritade)
        return self.senaste

    # ------------------------------------------------------------------ widgets
    def widget(self):
        """The controls and the drawing area as one ``ipywidgets.VBox`` (built once); the first drawing
        is made with the base assumptions."""
        if self._kontroller is None:
            self._bygg()
            self.uppdatera()
        return self._kontroller["vy"]

    @property
    def kontroller(self) -> dict:
        """The widgets by name (built by :meth:`widget`): ``namnd``, ``pensionsforskjutning``,
        ``omsattningsfaktor``, ``tillvaxt`` (per cent per year), ``deltid_okning``, ``befolkningsvariant``,
        ``bedomningar`` ({yrkeskategori: dropdown}), ``etiketter`` (the Swedish readouts), ``ut`` (the
        drawing) and ``vy`` (everything)."""
        self.widget()
        return self._kontroller

    def _bygg(self) -> None:
        import ipywidgets as w

        a = self.konfig.antaganden
        stil = {"description_width": "16em"}
        layout = w.Layout(width="38em")
        k: dict = {
            "namnd": w.Dropdown(options=[(n.namn, n.namn) for n in self.konfig.namnder], value=self.namnd,
                                description="Nämnd", style=stil, layout=layout),
            "pensionsforskjutning": w.IntSlider(value=0, min=PENSION[0], max=PENSION[1], step=1,
                                                description="Pensionsålder (år senare)", readout=False),
            "omsattningsfaktor": w.FloatSlider(value=1.0, min=OMSATTNING[0], max=OMSATTNING[1], step=OMSATTNING[2],
                                               description="Personalomsättning (faktor)", readout=False),
            "tillvaxt": w.FloatSlider(value=round(float(a.tillvaxt) * 100, 1), min=TILLVAXT_PROCENT[0],
                                      max=TILLVAXT_PROCENT[1], step=TILLVAXT_PROCENT[2],
                                      description="Tillväxt utöver befolkningen (% per år)", readout=False),
            "deltid_okning": w.IntSlider(value=0, min=DELTID[0], max=DELTID[1], step=1,
                                         description="Deltid: ökning (procentenheter)", readout=False),
            "befolkningsvariant": w.Dropdown(options=list(self.kommun.befolkningsvarianter),
                                             description="Befolkningsprognos", style=stil, layout=layout),
        }
        for namn in ("pensionsforskjutning", "omsattningsfaktor", "tillvaxt", "deltid_okning"):
            k[namn].continuous_update = False
            k[namn].style = stil
            k[namn].layout = layout
        self._tillvaxt_start = k["tillvaxt"].value
        k["etiketter"] = {n: w.Label() for n in ("pensionsforskjutning", "omsattningsfaktor", "tillvaxt",
                                                 "deltid_okning")}
        k["bedomning_rubrik"] = w.HTML(stycke("**Nämndens bedömning** av behovet mot framskrivningen, per "
                                              "yrkeskategori (tomt: ingen bedömning):").html)
        k["bedomning"] = w.VBox()
        k["ut"] = w.HTML()
        k["status"] = w.Label()
        rader = [k["namnd"], *[w.HBox([k[n], k["etiketter"][n]]) for n in k["etiketter"]], k["befolkningsvariant"],
                 k["bedomning_rubrik"], k["bedomning"], k["status"], k["ut"]]
        k["vy"] = w.VBox(rader)
        self._kontroller = k
        self._bygg_bedomning()
        for namn in ("namnd", "pensionsforskjutning", "omsattningsfaktor", "tillvaxt", "deltid_okning",
                     "befolkningsvariant"):
            k[namn].observe(self._andrad, names="value")

    def _bygg_bedomning(self) -> None:
        import ipywidgets as w

        k = self._kontroller
        u = self.utforskning(k["namnd"].value)
        self._bygger = True
        try:
            rutor = {y: w.Dropdown(options=["", *BEDOMNINGAR], value="", description=y,
                                   style={"description_width": "16em"}, layout=w.Layout(width="30em"))
                     for y in u.yrkeskategorier}
            k["bedomningar"] = rutor
            k["bedomning"].children = list(rutor.values())
            for r in rutor.values():
                r.observe(self._andrad, names="value")
        finally:
            self._bygger = False

    def varden(self) -> dict:
        """The controls' values as keyword arguments of :meth:`rita` (growth as a fraction; None while the
        growth slider is at kommun.yaml's value)."""
        k = self._kontroller
        tv = k["tillvaxt"].value
        return {"namnd": k["namnd"].value, "pensionsforskjutning": int(k["pensionsforskjutning"].value),
                "omsattningsfaktor": float(k["omsattningsfaktor"].value),
                "tillvaxt": None if abs(tv - self._tillvaxt_start) < 1e-9 else float(tv) / 100.0,
                "deltid_okning": float(k["deltid_okning"].value),
                "befolkningsvariant": k["befolkningsvariant"].value,
                "bedomning": {y: r.value for y, r in k["bedomningar"].items() if r.value}}

    def _etiketter(self) -> None:
        k = self._kontroller
        e = k["etiketter"]
        p = int(k["pensionsforskjutning"].value)
        e["pensionsforskjutning"].value = f"{p:+d} år" if p else "0 år (grundantagandet)"
        e["omsattningsfaktor"].value = f"× {fmt_tal(k['omsattningsfaktor'].value, 2)}"
        e["tillvaxt"].value = f"{fmt_procent(k['tillvaxt'].value / 100.0, 1)} per år"
        e["deltid_okning"].value = f"+{fmt_tal(k['deltid_okning'].value)} procentenheter"

    def _andrad(self, andring) -> None:
        if self._bygger:
            return
        if self._kontroller is not None and andring.get("owner") is self._kontroller["namnd"]:
            self._kontroller["status"].value = "Räknar fram nämndens underlag ..."
            self._bygg_bedomning()
        self.uppdatera()

    def uppdatera(self) -> Ritning | None:
        """Redraw the HTML area from the controls' values (what every change calls)."""
        k = self._kontroller
        self._etiketter()
        try:
            r = self.rita(**self.varden())
        except (Berakningsfel, Indatafel) as e:  # a user's data problem: shown, not raised in the callback
            k["ut"].value = stycke("Kunde inte räkna: {fel}", fel=str(e)).html
            k["status"].value = ""
            return None
        k["ut"].value = r.html
        k["status"].value = ""
        return r

    def visa(self):
        """Display the view: the widgets in JupyterLab, with the first drawing as static HTML for a
        notebook run without a browser (papermill, nbconvert), in the same output."""
        from IPython.display import display

        vy = self.widget()
        bunt = vy._repr_mimebundle_()
        if isinstance(bunt, tuple):
            bunt = bunt[0]
        bunt = dict(bunt or {})
        bunt["text/html"] = self._kontroller["ut"].value
        display(bunt, raw=True)


__all__ = ["DPI_INTERAKTIV", "Ritning", "UtforskaVy", "installningstext", "totalt_sist"]
