"""One report notebook executed in a reused kernel and turned into one self-contained HTML file (and workbook,
PDF and Word draft)."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Iterable

from kfanalys.grund.fel import KfanalysFel
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.rapport.data import tabeller_for
from kfanalys.rapport.index import Utfall, forsta_raden
from kfanalys.modell.urval import publicerade_tabeller


MALLMAPP = Path(__file__).parent / "mallar"


MALLNAMN = "kfanalys"


#: Tags whose cells never reach the HTML (papermill's and the analyst's own).
BORTTAGNA_TAGGAR = ("remove-cell", "parameters", "injected-parameters")


_lokalt = threading.local()


class Rapportfel(KfanalysFel):
    """The report batch cannot start (a notebook or its parameters are wrong). Message in Swedish."""


class Avbrott(KeyboardInterrupt):
    """Ctrl-C during the batch, after the kernels were stopped and the index updated.

    The message is the Swedish line the command line prints (how many reports were done)."""


def kontrollera_parametrar(notebook: Path, parametrar: Iterable[str]) -> None:
    """Raise :class:`Rapportfel` if the notebook's ``parameters`` cell lacks any of ``parametrar``.

    papermill only warns about unknown parameters; here they are an error, since a report
    rendered with a default instead of the requested nämnd would be wrong without a sign.
    """
    import papermill

    notebook = Path(notebook)
    if not notebook.exists():
        raise Rapportfel(f"{notebook}: notebooken finns inte")
    try:
        kanda = set(papermill.inspect_notebook(str(notebook)))
    except Exception as e:  # noqa: BLE001 - a broken notebook file
        raise Rapportfel(f"{notebook}: kan inte läsas som notebook ({e})") from None
    okanda = [p for p in parametrar if p not in kanda]
    if okanda:
        finns = ", ".join(sorted(kanda)) or "inga (ingen cell är taggad parameters)"
        raise Rapportfel(
            f"{notebook.name}: okänd parameter {', '.join(okanda)}; "
            f"notebookens parametercell (taggad parameters) har: {finns}")


def html_fran_notebook(nb: Any, titel: str, sidfot: str = "") -> str:
    """One self-contained HTML page from an executed notebook (nbformat node).

    No input cells, no prompts, cells tagged ``remove-cell``/``parameters``/
    ``injected-parameters`` removed, CSS inline, no script, font or CDN reference;
    ``<html lang="sv">`` and ``<title>`` = ``titel``.
    """
    import copy

    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = copy.deepcopy(nb)
    nb.metadata["title"] = titel
    exporter = getattr(_lokalt, "exporter", None)
    if exporter is None:  # building the exporter compiles the templates: once per thread
        exporter = HTMLExporter(template_name=MALLNAMN, extra_template_basedirs=[str(MALLMAPP)],
                                exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(BORTTAGNA_TAGGAR)),
                                       enabled=True)
        _lokalt.exporter = exporter
    resurser = {
        "kfanalys_css": (MALLMAPP / MALLNAMN / "rapport.css").read_text(encoding="utf-8"),
        "kfanalys_sidfot": sidfot,
        "metadata": {"name": titel},
    }
    text, _ = exporter.from_notebook_node(nb, resources=resurser)
    return text


def _ipc_kernel_manager_klass(bas: str | None = None):
    """An AsyncKernelManager whose kernel talks over IPC sockets in a private folder.

    TCP ports are picked by binding and releasing them, so two kernels started at the
    same moment can get the same port (papermill #511); files in a folder of their own
    cannot collide.
    """
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(tempfile.mkdtemp(prefix="k", dir=bas), "k"))
            super().__init__(**kwargs)

    return IpcKernelManager


def _ar_startfel(e: BaseException) -> bool:
    """Kernel start/port problems worth one retry (not an error in a cell)."""
    text = f"{type(e).__name__} {e}".lower()
    return any(s in text for s in ("address already in use", "zmqerror", "kernel died", "timeout waiting for",
                                   "kernel didn't respond", "runtimeerror: kernel"))


def _skriv_excel(processed: Path, namn: str | None, sokvag: Path, minsta: int, *, datamapp: Path | None = None,
                 scenario: str | None = None) -> Path:
    """The report's workbook: one sheet per table the report shows (:mod:`kfanalys.rapport.arbetsbok`).
    ``minsta`` is kommun.yaml's (read again with the report's data); ``datamapp``/``scenario`` default to
    the parameters of the report notebook just run."""
    from kfanalys.rapport.arbetsbok import skriv_fran_berakning

    skriv_fran_berakning(processed, namn, sokvag, datamapp=datamapp, scenario=scenario)
    os.chmod(sokvag, 0o644)
    return sokvag


def _arbetsbok_i_karnan(nb, sokvag: Path) -> None:
    """Two hidden cells around the notebook ``nb`` (tagged ``remove-cell``, so not in the HTML): the first makes
    the report data record the tables it shows, the last writes the report workbook from them in the kernel
    (:func:`kfanalys.rapport.arbetsbok.skriv_fran_karnan`). The old workbook is removed first, so a workbook
    beside the report is always this run's."""
    import nbformat

    sokvag.unlink(missing_ok=True)
    forst = nbformat.v4.new_code_cell("import kfanalys.rapport.data as _kf_data\n_kf_data.SPELA_IN_TABELLER = True")
    sist = nbformat.v4.new_code_cell("from kfanalys.rapport.arbetsbok import skriv_fran_karnan as _kf_arbetsbok\n"
                                     f"_kf_arbetsbok(globals().get('r'), {str(sokvag)!r})")
    for cell in (forst, sist):
        cell.metadata["tags"] = ["remove-cell"]
    nb.cells.insert(0, forst)
    nb.cells.append(sist)


class Karna:
    """One kernel that a worker reuses for report after report (papermill starts one per notebook).

    A kernel start plus the imports of pandas, matplotlib and kfanalys cost a few seconds of
    CPU per notebook; the batch pays them once per worker. Each notebook starts with
    ``%reset -f`` (a cell tagged ``remove-cell``), so no variable of one nämnd reaches the
    next; after any failure the kernel is replaced, so a broken kernel state cannot reach
    the next report either. The kernel talks over IPC sockets in a private folder (no TCP
    ports that parallel kernels could both pick, papermill #511). Use it from one thread.
    """

    def __init__(self, cwd: Path, ipc_mapp: str | None = None, start_timeout: int = 120):
        self.cwd = str(cwd)
        self.ipc_mapp = ipc_mapp
        self.start_timeout = start_timeout
        self.km = None
        self.kc = None
        self._startar = None  # the kernel manager while its kernel starts (for avbryt)
        self._klient = None
        self.stoppad = False

    def _starta(self) -> None:
        from jupyter_core.utils import run_sync

        km = _ipc_kernel_manager_klass(self.ipc_mapp)(kernel_name="python3")
        self._startar = km
        run_sync(km.start_kernel)(cwd=self.cwd)
        kc = km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=self.start_timeout)
        except Exception:
            kc.stop_channels()
            run_sync(km.shutdown_kernel)(now=True)
            raise
        finally:
            self._startar = None
        self.km, self.kc = km, kc
        if self.stoppad:  # avbryt came while the kernel started
            self.avbryt()

    def avbryt(self) -> None:
        """Kill the kernel process at once; callable from another thread (Ctrl-C of the batch).

        The worker using this kernel then gets nbclient's dead-kernel error within about a
        second and ends; the kernel can print nothing more to the terminal.
        """
        import atexit
        import signal

        self.stoppad = True
        if self._klient is not None:  # nbclient's own exit hook would try to shut the dead kernel down
            atexit.unregister(self._klient._cleanup_kernel)
        for km in (self.km, self._startar):
            proc = getattr(getattr(km, "provisioner", None), "process", None)
            if proc is None or proc.poll() is not None:
                continue
            try:
                if hasattr(os, "killpg"):  # the kernel leads its own session: kill it and its children
                    os.killpg(proc.pid, signal.SIGKILL)
                else:
                    proc.kill()
            except OSError:
                pass

    def stang(self) -> None:
        """Shut the kernel down (from the thread that used it)."""
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - already dead
                pass
        self.km = self.kc = None

    def kor(self, nb, timeout: int, *, nollstall: bool = True):
        """Execute ``nb`` (changed in place: outputs); raises nbclient's errors like papermill does.
        ``nollstall``: a first cell ``%reset -f`` (hidden), so nothing of the previous notebook remains."""
        import nbformat
        from nbclient import NotebookClient

        if nollstall:
            cell = nbformat.v4.new_code_cell("%reset -f")
            cell.metadata["tags"] = ["remove-cell"]
            nb.cells.insert(0, cell)
        for forsok in (1, 2):
            try:
                if self.km is None:
                    self._starta()
                break
            except Exception as e:  # noqa: BLE001 - kernel start: retry once
                self.stang()
                if forsok == 2 or not _ar_startfel(e):
                    raise
        if self.stoppad:
            self.stang()
            raise RuntimeError("körningen avbröts")
        klient = NotebookClient(nb, km=self.km, kernel_name="python3", timeout=timeout,
                                startup_timeout=self.start_timeout, resources={"metadata": {"path": self.cwd}})
        klient.kc = self.kc
        self._klient = klient
        try:
            klient.execute()
        except BaseException:
            self.stang()  # the next report gets a fresh kernel
            raise
        finally:
            self._klient = None
        return nb


    def kor_kod(self, kod: str, timeout: int) -> str:
        """Run ``kod`` in the kernel (after a notebook: its variables are still there) and return what it
        printed to standard output."""
        import nbformat

        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(kod)])
        self.kor(nb, timeout, nollstall=False)
        return "".join(o.get("text", "") for o in nb.cells[0].outputs
                       if o.get("output_type") == "stream" and o.get("name") == "stdout")


#: Seconds the page and the documents of one report may take in the kernel (at least; the cell timeout
#: of the notebook is for its own cells, and a PDF of a large nämnd takes longer than a cell).
EFTERARBETE_TIMEOUT = 900
#: The line :func:`efterarbete_i_karnan` prints its result on.
_EFTERARBETE = "KFANALYS-EFTERARBETE "


def efterarbete(uppgift: dict) -> dict:
    """What follows a report notebook: the HTML page from the executed notebook (``uppgift["utnb"]``), the
    workbook (the notebook's kernel wrote it, see :func:`_arbetsbok_i_karnan`; otherwise it is written here),
    then the PDF and the Word draft (:func:`skriv_dokument`). Never raises: returns ``{"fel": text}`` or
    ``{"html", "xlsx", "pdf", "docx", "anmarkningar"}`` (paths as text or None).

    The batch runs it in the report's kernel (:func:`efterarbete_i_karnan`), so the workers' pages and
    documents are made in parallel processes, not one after the other in the batch's own process.
    """
    import nbformat

    html_sokvag = Path(uppgift["html"])
    xlsx_mal = Path(uppgift["xlsx"]) if uppgift.get("xlsx") else None
    try:
        nb = nbformat.read(str(uppgift["utnb"]), as_version=4)
        text = html_fran_notebook(nb, uppgift["titel"], uppgift.get("sidfot", ""))
        xlsx = None
        if xlsx_mal is not None:
            if xlsx_mal.exists():  # written in the kernel from the tables the notebook rendered
                os.chmod(xlsx_mal, 0o644)
                xlsx = xlsx_mal
            else:  # a notebook without report data ``r``
                xlsx = _skriv_excel(Path(uppgift["processed"]), uppgift.get("filtrera_namn"), xlsx_mal,
                                    uppgift.get("minsta", 5))
        skriv_atomiskt(html_sokvag, text)
    except Exception as e:  # noqa: BLE001
        return {"fel": forsta_raden(type(e).__name__, str(e))}
    pdf, docx, anmarkningar = skriv_dokument(text, uppgift)
    return {"html": str(html_sokvag), "xlsx": str(xlsx) if xlsx else None, "pdf": str(pdf) if pdf else None,
            "docx": str(docx) if docx else None, "anmarkningar": list(anmarkningar)}


def efterarbete_i_karnan(uppgift_json: str) -> None:
    """:func:`efterarbete` of the task ``uppgift_json`` (JSON), its result printed as one JSON line."""
    print(_EFTERARBETE + json.dumps(efterarbete(json.loads(uppgift_json)), ensure_ascii=True))


def kor_en_rapport(uppgift: dict, karna: Karna | None = None) -> Utfall:
    """Execute one report notebook, then write its HTML (and Excel, PDF, Word draft); never raises.

    The notebook is parameterised by papermill (an ``injected-parameters`` cell after the
    ``parameters`` cell) and executed in ``karna`` (a new kernel if None). ``uppgift`` keys:
    kortnamn, namn, notebook, parametrar (dict), korda (folder for the executed notebook,
    kept also when it fails), html (target path), xlsx (target path or None), processed,
    filtrera_namn, minsta, titel, sidfot, rot (kernel cwd), timeout, ipc_mapp, and for the
    documents (:func:`skriv_dokument`, written after the HTML) pdf, docx (target paths or None),
    cykel, datum, mall. The page, the workbook and the documents are made in the same kernel after the
    notebook (:func:`efterarbete`), so the batch's workers make them in parallel processes.
    """
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    start = time.perf_counter()
    kortnamn, namn = uppgift["kortnamn"], uppgift["namn"]
    korda = Path(uppgift["korda"])
    korda.mkdir(parents=True, exist_ok=True)
    utnb = korda / f"{kortnamn}.kört.ipynb"
    html_sokvag = Path(uppgift["html"])
    egen = karna is None
    karna = karna or Karna(Path(uppgift["rot"]), uppgift.get("ipc_mapp"))

    def misslyckat(text: str) -> Utfall:
        return Utfall(kortnamn, namn, False, fel=text, notebook=utnb, sekunder=time.perf_counter() - start)

    nb, sparad = None, False
    xlsx_mal = Path(uppgift["xlsx"]) if uppgift.get("xlsx") else None
    try:
        nb = load_notebook_node(str(uppgift["notebook"]))  # as papermill reads it (cell tags present)
        nb = parameterize_notebook(nb, uppgift["parametrar"], kernel_name="python3", language="python")
        if xlsx_mal is not None:
            _arbetsbok_i_karnan(nb, xlsx_mal)
        karna.kor(nb, uppgift["timeout"])
        skriv_atomiskt(utnb, nbformat.writes(nb))
        sparad = True
        # the page and the documents in the same kernel (a process of its own: the workers run in parallel)
        uppgift_json = json.dumps({**uppgift, "utnb": str(utnb)}, ensure_ascii=True, default=str)
        svar = karna.kor_kod("from kfanalys.rapport.karna import efterarbete_i_karnan as _kf_efterarbete\n"
                             f"_kf_efterarbete({uppgift_json!r})",
                             max(int(uppgift["timeout"]), EFTERARBETE_TIMEOUT))
        rader = [r for r in svar.splitlines() if r.startswith(_EFTERARBETE)]
        if not rader:
            raise RuntimeError("efterarbetet i kärnan gav inget svar")
        res = json.loads(rader[-1][len(_EFTERARBETE):])
    except CellExecutionError as e:
        return misslyckat(forsta_raden(e.ename, e.evalue))
    except Exception as e:  # noqa: BLE001 - kernel start, timeout, dead kernel ...
        return misslyckat(forsta_raden(type(e).__name__, str(e)))
    finally:
        if nb is not None and not sparad:  # kept for troubleshooting also when it failed
            skriv_atomiskt(utnb, nbformat.writes(nb))
        if egen:
            karna.stang()
    if res.get("fel"):
        return misslyckat(res["fel"])

    def sokvag(nyckel: str) -> Path | None:
        return Path(res[nyckel]) if res.get(nyckel) else None

    return Utfall(kortnamn, namn, True, html=html_sokvag, xlsx=sokvag("xlsx"), notebook=utnb, pdf=sokvag("pdf"),
                  docx=sokvag("docx"), anmarkningar=tuple(res.get("anmarkningar") or ()),
                  sekunder=time.perf_counter() - start)


#: The batch's line when python-docx is missing (one line, printed once).
WORD_SAKNAS = ("Word-utkast skapades inte: python-docx är inte installerat. Installera med bash scripts/setup.sh "
               "(pip install python-docx). HTML och Excel skrevs som vanligt.")


def skriv_dokument(text: str, uppgift: dict) -> tuple[Path | None, Path | None, tuple[str, ...]]:
    """The report's PDF and Word draft from its HTML ``text``: (pdf, docx, notes); never raises.

    ``uppgift`` keys: pdf, docx (target paths or None: not wanted), namn, cykel, datum, mall (the
    kommun's ``mall.docx`` or None). A document that cannot be written is left out with a Swedish
    note (the HTML and the workbook are already written): a missing engine gives the same line for
    every report (:class:`kfanalys.rapport.pdf.PdfMotorSaknas`, :data:`WORD_SAKNAS`), so the batch
    prints it once; any other failure names the report.
    """
    namn, cykel = uppgift["namn"], int(uppgift["cykel"])
    anmarkningar: list[str] = []
    pdf = docx = None
    if uppgift.get("pdf"):
        from kfanalys.rapport.pdf import PdfMotorSaknas, skriv_pdf

        try:
            pdf = skriv_pdf(text, Path(uppgift["pdf"]), namn=namn, cykel=cykel, datum=str(uppgift["datum"]))
        except PdfMotorSaknas as e:
            anmarkningar.append(str(e))
        except Exception as e:  # noqa: BLE001 - the report itself is written; say what is missing
            anmarkningar.append(f"PDF skapades inte för {namn}: {forsta_raden(type(e).__name__, str(e))}")
    if uppgift.get("docx"):
        try:
            from kfanalys.rapport.word import skriv_word
        except ImportError as e:
            if getattr(e, "name", None) != "kfanalys.rapport.word":  # the module is there, python-docx is not
                anmarkningar.append(WORD_SAKNAS)
        else:
            try:
                mall = Path(uppgift["mall"]) if uppgift.get("mall") else None
                docx = skriv_word(text, Path(uppgift["docx"]), namn=namn, cykel=cykel, mall=mall)
            except Exception as e:  # noqa: BLE001
                anmarkningar.append(f"Word-utkastet skapades inte för {namn}: "
                                    f"{forsta_raden(type(e).__name__, str(e))}")
    return pdf, docx, tuple(anmarkningar)
