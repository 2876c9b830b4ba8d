"""The report batch: compute once, render one notebook per nämnd in parallel, write HTML, Excel and an index.

``kfanalys rapporter --cykel 2025`` calls :func:`kor_batch`:

1. validate the inputs and compute every table once (:func:`kfanalys.berakning.orkestrering.berakna_och_spara`);
   bad input stops here with the Swedish :class:`~kfanalys.grund.fel.Indatafel`;
2. check the notebook parameters against ``papermill.inspect_notebook`` (an unknown
   parameter is an error, :class:`Rapportfel`);
3. run ``notebooks/rapport.ipynb`` for each nämnd and ``notebooks/kommunen.ipynb``,
   parameterised by papermill, in ``jobb`` kernels at a time (one per worker thread, reused
   from report to report, see :class:`Karna`; each kernel on IPC sockets in a private folder
   so parallel kernels cannot collide on ports, papermill #511; a failed kernel start is
   retried once; ``timeout`` seconds per cell), with one progress bar;
4. convert each executed notebook to one self-contained HTML file with the template in
   ``kfanalys/rapport/mallar/kfanalys`` (no code, no prompts, no scripts, no external fonts,
   ``lang="sv"``), written via a temporary file and :func:`os.replace`;
5. write an Excel workbook per nämnd with every table of its report, and, from the same HTML, an A4 PDF
   (:mod:`kfanalys.rapport.pdf`) and a Word draft (:mod:`kfanalys.rapport.word`, on the kommun's own
   ``mall.docx`` in the data folder if there is one); a missing PDF or Word engine is one Swedish line
   in the output, not a failed report (``dokument=False`` writes neither);
6. write ``index.html`` with one status line per report (written first with every report of
   the run marked "Körs", so an interrupted batch never leaves an index saying OK for a report
   it removed; Ctrl-C marks the unfinished ones "Avbruten" and ends without a traceback).

Outputs (paths from :mod:`kfanalys.grund.sokvagar`, so ``KFANALYS_ROT`` moves them):
``reports/<cykel>/<kortnamn>.html``, ``.xlsx``, ``.pdf``, ``.docx``, ``kommunen.*``, ``index.html``
(a scenario other than ``bas`` goes to ``reports/<cykel>/<scenario>/``); the executed
notebooks, failed ones included, are kept in ``data/processed/<cykel>/_korda/`` (gitignored).
"""

from __future__ import annotations

import datetime as _dt
import os
import queue
import sys
import tempfile
import threading
import time
from pathlib import Path

from kfanalys import __version__
from kfanalys.grund import sokvagar
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.grund.text import punktlista  # noqa: F401 - the report's bullet lists (HTML)
from kfanalys.modell.urval import analyserade_tabeller, publicerade_tabeller  # noqa: F401
from kfanalys.rapport.data import (DEFINITION_OMSATTNING, Rapportdata, antal_text, las_rapportdata,  # noqa: F401
                                   med_intervall, tabeller_for)
from kfanalys.rapport.index import Utfall, forsta_raden, rendera_index  # noqa: F401
from kfanalys.rapport.karna import (Avbrott, Karna, Rapportfel, html_fran_notebook,  # noqa: F401
                                    kontrollera_parametrar, kor_en_rapport)

RAPPORT_NOTEBOOK = "rapport.ipynb"
KOMMUN_NOTEBOOK = "kommunen.ipynb"
KOMMUN_KORTNAMN = "kommunen"
#: The files beside a report's HTML page that belong to it (removed with it when it is rebuilt).
RAPPORTFILER = (".xlsx", ".pdf", ".docx")
#: The kommun's own Word template in the data folder: the Word drafts are built on it.
WORDMALL = "mall.docx"


# --------------------------------------------------------------------------------------
# The batch


def _notebook(namn: str, rot: Path) -> Path:
    """A notebook of the project at ``rot``, else the one shipped next to this package."""
    for mapp in (sokvagar.notebook_mapp(rot), Path(__file__).resolve().parents[2] / "notebooks"):
        if (mapp / namn).exists():
            return mapp / namn
    return sokvagar.notebook_mapp(rot) / namn


def kor_rapporter(processed: Path, datamapp: Path, cykel: int, konfig, namnder: list[str] | None = None,
                  jobb: int | None = None, scenario: str | None = None, timeout: int = 600, *,
                  rot: Path | None = None, rapport_notebook: Path | None = None,
                  kommun_notebook: Path | None = None, kommunrapport: bool = True, excel: bool = True,
                  dokument: bool | None = None, visa_framsteg: bool = True,
                  ut=None) -> tuple[list[Utfall], Utfall | None]:
    """Render the reports from already computed tables in ``processed``; returns (nämnder, kommun).

    The per-nämnd outcomes are in the order of ``kommun.yaml``. Writes the HTML and Excel
    files, the PDF and Word files (``dokument``; None: when the workbook is written, i.e. as ``excel``),
    ``index.html`` and prints the summary (and, once each, the notes of documents that could not be
    written); raises :class:`Rapportfel` for an unknown notebook parameter and :class:`~kfanalys.grund.fel.Indatafel` for an unknown nämnd.

    At the start, temporary files a killed batch left (``.*.tmp``) are swept from the report
    folder and ``_korda``, and ``index.html`` is rewritten with every report of this run marked
    "Körs" before its old HTML is removed. Ctrl-C kills the kernels, marks the reports not done
    as "Avbruten" in the index and raises :class:`Avbrott` (a KeyboardInterrupt) whose message
    is the Swedish line to print.
    """
    from tqdm import tqdm

    ut = ut or sys.stdout
    rot = Path(rot or sokvagar.projektrot())
    scen = konfig.scenario(scenario)
    valda = [konfig.namnd(k) for k in namnder] if namnder else list(konfig.namnder)
    valda = list(dict.fromkeys(valda))
    rapportmapp = sokvagar.rapport_mapp(cykel, rot)
    korda = rot / "data" / "processed" / str(cykel) / "_korda"
    if scen.kortnamn != "bas":
        rapportmapp, korda = rapportmapp / scen.kortnamn, korda / scen.kortnamn
    rapportmapp.mkdir(parents=True, exist_ok=True)
    for mapp in (rapportmapp, korda):  # left by a batch that was killed while writing
        sokvagar.sopa_temporara(mapp)

    rnb = Path(rapport_notebook or _notebook(RAPPORT_NOTEBOOK, rot))
    knb = Path(kommun_notebook or _notebook(KOMMUN_NOTEBOOK, rot))
    gemensamt = {"cykel": int(cykel), "datamapp": str(Path(datamapp).resolve()),
                 "scenario": scen.kortnamn, "processed": str(Path(processed).resolve())}
    kontrollera_parametrar(rnb, ["namnd", *gemensamt])
    if kommunrapport:
        kontrollera_parametrar(knb, list(gemensamt))

    dokument = excel if dokument is None else dokument
    datum = f"{_dt.date.today():%Y-%m-%d}"
    sidfot = f"{konfig.kommun} · cykel {cykel} · kfanalys {__version__} · skapad {datum}"
    mall = Path(datamapp) / WORDMALL
    mall = str(mall.resolve()) if mall.is_file() else None

    def dokumentmal(kortnamn: str) -> dict:
        """The task's document keys (kor_en_rapport / karna.skriv_dokument)."""
        return {"pdf": str(rapportmapp / f"{kortnamn}.pdf") if dokument else None,
                "docx": str(rapportmapp / f"{kortnamn}.docx") if dokument else None,
                "cykel": int(cykel), "datum": datum, "mall": mall}

    uppgifter = []
    for n in valda:
        uppgifter.append({
            "kortnamn": n.kortnamn, "namn": n.namn, "notebook": str(rnb),
            "parametrar": {"namnd": n.kortnamn, **gemensamt}, "korda": str(korda),
            "html": str(rapportmapp / f"{n.kortnamn}.html"),
            "xlsx": str(rapportmapp / f"{n.kortnamn}.xlsx") if excel else None, "filtrera_namn": n.namn,
            "processed": gemensamt["processed"], "titel": f"Kompetensförsörjning {cykel} – {n.namn}",
            "sidfot": sidfot, "rot": str(rot), "timeout": timeout, "minsta": konfig.antaganden.minsta_antal,
            **dokumentmal(n.kortnamn)})
    if kommunrapport:
        uppgifter.append({
            "kortnamn": KOMMUN_KORTNAMN, "namn": f"{konfig.kommun}, alla nämnder", "notebook": str(knb),
            "parametrar": dict(gemensamt), "korda": str(korda),
            "html": str(rapportmapp / f"{KOMMUN_KORTNAMN}.html"),
            "xlsx": str(rapportmapp / f"{KOMMUN_KORTNAMN}.xlsx") if excel else None, "filtrera_namn": None,
            "processed": gemensamt["processed"], "titel": f"Kompetensförsörjning {cykel} – {konfig.kommun}",
            "sidfot": sidfot, "rot": str(rot), "timeout": timeout, "minsta": konfig.antaganden.minsta_antal,
            **dokumentmal(KOMMUN_KORTNAMN)})

    valda_kort = {u["kortnamn"] for u in uppgifter}

    def skriv_index(resultat: dict[str, Utfall], ej_klara: str | None = None) -> None:
        """index.html: this run's outcomes; the reports of this run without one marked ``ej_klara``
        ("kors" or "avbruten"); every other nämnd links its earlier report if any (--namnd)."""
        def ej_klar(kortnamn: str, namn: str) -> Utfall:
            return Utfall(kortnamn, namn, False, **{ej_klara: True})

        i_index = []
        for n in konfig.namnder:
            if n.kortnamn in resultat:
                i_index.append(resultat[n.kortnamn])
            elif n.kortnamn in valda_kort and ej_klara:
                i_index.append(ej_klar(n.kortnamn, n.namn))
            else:
                h, x, p, d = (rapportmapp / f"{n.kortnamn}{slut}" for slut in (".html", *RAPPORTFILER))
                i_index.append(Utfall(n.kortnamn, n.namn, h.exists(), html=h if h.exists() else None,
                                      xlsx=x if x.exists() else None, pdf=p if p.exists() else None,
                                      docx=d if d.exists() else None, tidigare=True))
        kommun = resultat.get(KOMMUN_KORTNAMN)
        if kommun is None and kommunrapport and ej_klara:
            kommun = ej_klar(KOMMUN_KORTNAMN, f"{konfig.kommun}, alla nämnder")
        skriv_atomiskt(rapportmapp / "index.html",
                       rendera_index(konfig.kommun, cykel, i_index, kommun, scenario=scen.kortnamn))

    # The index says "körs" for every report being rebuilt before its old file goes: an interrupted
    # batch never leaves an index that says OK for a report that is no longer there.
    skriv_index({}, "kors")
    # A stale report of an earlier run (its page, workbook, PDF, Word draft) must not look like this run's result.
    for u in uppgifter:
        Path(u["html"]).unlink(missing_ok=True)
        for slut in RAPPORTFILER:
            Path(u["html"]).with_suffix(slut).unlink(missing_ok=True)

    jobb = max(1, min(jobb or os.cpu_count() or 1, len(uppgifter)))
    resultat: dict[str, Utfall] = {}
    # ``jobb`` worker threads, each with one kernel it reuses (the notebooks run in the kernel
    # processes, in parallel); threads need no ``if __name__ == "__main__"`` guard in the caller.
    ko: queue.Queue = queue.Queue()
    for u in uppgifter:
        ko.put(u)
    klara: queue.Queue = queue.Queue()

    karnor: list[Karna] = []

    def arbetare(ipc_mapp: str) -> None:
        karna = Karna(rot, ipc_mapp)
        karnor.append(karna)
        try:
            while True:
                try:
                    u = ko.get_nowait()
                except queue.Empty:
                    return
                u["ipc_mapp"] = ipc_mapp
                try:
                    utfall = kor_en_rapport(u, karna)
                except BaseException as e:  # noqa: BLE001 - kor_en_rapport does not raise; belt and braces
                    utfall = Utfall(u["kortnamn"], u["namn"], False, fel=forsta_raden(type(e).__name__, str(e)))
                klara.put(utfall)
        finally:
            karna.stang()

    tradar: list[threading.Thread] = []
    avbrutet = False
    with tempfile.TemporaryDirectory(prefix="kfipc") as ipc_mapp:
        try:
            tradar.extend(threading.Thread(target=arbetare, args=(ipc_mapp,), name=f"kfrapport-{i}", daemon=True)
                          for i in range(jobb))
            for t in tradar:
                t.start()
            with tqdm(total=len(uppgifter), desc="Rapporter", unit="rapport", disable=not visa_framsteg,
                      file=sys.stderr) as stapel:
                for _ in uppgifter:
                    while True:  # a timeout, so Ctrl-C gets through on Windows too
                        try:
                            utfall = klara.get(timeout=0.5)
                            break
                        except queue.Empty:
                            continue
                    resultat[utfall.kortnamn] = utfall
                    stapel.set_postfix_str(utfall.kortnamn)
                    stapel.update(1)
            for t in tradar:
                t.join()
        except KeyboardInterrupt:
            avbrutet = True
            _stoppa(ko, karnor, tradar)
    if avbrutet:
        while True:  # reports finished while stopping count; one cut off by the stop is "avbruten"
            try:
                utfall = klara.get_nowait()
            except queue.Empty:
                break
            if utfall.ok:
                resultat[utfall.kortnamn] = utfall
        skriv_index(resultat, "avbruten")
        klara_antal = sum(u.ok for u in resultat.values())
        raise Avbrott(f"Avbrutet (Ctrl-C): {klara_antal} av {len(uppgifter)} rapporter hann bli klara; "
                      f"{rapportmapp / 'index.html'} visar vilka som inte blev klara. Kör kommandot igen för att "
                      "skapa dem.")

    namnd_utfall = [resultat[n.kortnamn] for n in valda]
    kommun_utfall = resultat.get(KOMMUN_KORTNAMN)
    # the index lists every nämnd: one left out of this run (--namnd) links its earlier report if any
    skriv_index(resultat)
    print(sammanfattning(namnd_utfall, kommun_utfall), file=ut)
    for rad in dict.fromkeys(a for u in resultat.values() for a in u.anmarkningar):  # a missing engine: once
        print(rad, file=ut)
    print(f"Rapporterna finns i {rapportmapp} (öppna index.html).", file=ut)
    if any(not u.ok for u in [*namnd_utfall, *([kommun_utfall] if kommun_utfall else [])]):
        print(f"Körda notebooks för felsökning: {korda}", file=ut)
    return namnd_utfall, kommun_utfall


def _stoppa(ko: queue.Queue, karnor: list[Karna], tradar: list[threading.Thread], vanta: float = 15.0) -> None:
    """Ctrl-C: hand out no more reports, kill every kernel, give the workers ``vanta`` seconds to end.

    A kernel killed this way prints nothing more, and its worker ends on nbclient's dead-kernel
    error, so the process exits without a traceback. A second Ctrl-C stops the waiting.
    """
    while True:
        try:
            ko.get_nowait()
        except queue.Empty:
            break
    for k in list(karnor):
        k.avbryt()
    slut = time.monotonic() + vanta
    try:
        for t in tradar:
            if t.is_alive():
                t.join(max(0.0, slut - time.monotonic()))
    except KeyboardInterrupt:
        pass


def anmarkningar(processed: str | Path) -> list[str]:
    """The Swedish notes of a computed cycle (``anmarkningar`` in antaganden.json), [] if none.

    Workshop workbooks that could not be read, files in ``underlag/<cykel>/`` that belong to no
    nämnd, a previous cycle recomputed ...: the command line prints them after the computation.
    """
    import json

    fil = Path(processed) / "antaganden.json"
    try:
        meta = json.loads(fil.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    noter = meta.get("anmarkningar") if isinstance(meta, dict) else None
    return [str(t) for t in noter] if isinstance(noter, list) else []


def sammanfattning(utfall: list[Utfall], kommun_utfall: Utfall | None = None) -> str:
    """The batch's closing line.

    >>> u = [Utfall("a", "A", True), Utfall("b", "B", False, fel="KeyError: 'x'")]
    >>> print(sammanfattning(u))
    1 av 2 rapporter klara; misslyckade: b (KeyError: 'x')
    """
    ok = sum(u.ok for u in utfall)
    text = f"{ok} av {len(utfall)} rapporter klara"
    fel = [f"{u.kortnamn} ({u.fel})" for u in utfall if not u.ok]
    if fel:
        text += "; misslyckade: " + ", ".join(fel)
    if kommun_utfall is not None:
        text += ("; kommunrapporten klar" if kommun_utfall.ok
                 else f"; kommunrapporten misslyckades ({kommun_utfall.fel})")
    return text


def kor_batch(datamapp, cykel: int, namnder: list[str] | None = None, jobb: int | None = None,
              scenario: str | None = None, timeout: int = 600, **kwargs) -> int:
    """Compute once, then render every report; returns the exit code (0 all OK, 1 if any failed).

    ``namnder`` are kortnamn (default: all in kommun.yaml); ``jobb`` parallel workers
    (default: the number of cores); ``timeout`` seconds per notebook cell. Keyword
    arguments go to :func:`kor_rapporter` (``rot``, ``rapport_notebook``, ``excel``, ``dokument`` ...).
    Raises :class:`~kfanalys.grund.fel.Indatafel` for bad input before any notebook runs.
    """
    from kfanalys.berakning import orkestrering
    from kfanalys.indata.konfig import las_konfig

    datamapp = Path(datamapp)
    processed = orkestrering.berakna_och_spara(datamapp, cykel, scenario)
    for text in anmarkningar(processed):
        print(f"Anmärkning: {text}", file=kwargs.get("ut") or sys.stdout)
    konfig = las_konfig(datamapp / "kommun.yaml")
    utfall, kommun_utfall = kor_rapporter(processed, datamapp, cykel, konfig, namnder=namnder, jobb=jobb,
                                          scenario=scenario, timeout=timeout, **kwargs)
    alla = [*utfall, *([kommun_utfall] if kommun_utfall else [])]
    return 0 if all(u.ok for u in alla) else 1


__all__ = ["Rapportfel", "Utfall", "kor_batch", "kor_rapporter", "kor_en_rapport", "kontrollera_parametrar",
           "html_fran_notebook", "tabeller_for", "Rapportdata", "las_rapportdata", "antal_text",
           "punktlista", "med_intervall", "analyserade_tabeller", "publicerade_tabeller", "rendera_index", "sammanfattning", "skriv_atomiskt", "forsta_raden"]
