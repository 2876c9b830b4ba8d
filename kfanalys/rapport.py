"""The report batch: compute once, render one notebook per nämnd in parallel, write HTML, Excel and an index.

``kfanalys rapporter --cykel 2025`` calls :func:`kor_batch`:

1. validate the inputs and compute every table once (:func:`kfanalys.berakning.berakna_och_spara`);
   bad input stops here with the Swedish :class:`~kfanalys.fel.Indatafel`;
2. check the notebook parameters against ``papermill.inspect_notebook`` (an unknown
   parameter is an error, :class:`Rapportfel`);
3. run ``notebooks/rapport.ipynb`` for each nämnd and ``notebooks/kommunen.ipynb``,
   parameterised by papermill, in ``jobb`` kernels at a time (one per worker thread, reused
   from report to report, see :class:`Karna`; each kernel on IPC sockets in a private folder
   so parallel kernels cannot collide on ports, papermill #511; a failed kernel start is
   retried once; ``timeout`` seconds per cell), with one progress bar;
4. convert each executed notebook to one self-contained HTML file with the template in
   ``kfanalys/mallar/kfanalys`` (no code, no prompts, no scripts, no external fonts,
   ``lang="sv"``), written via a temporary file and :func:`os.replace`;
5. write an Excel workbook per nämnd with every table of its report;
6. write ``index.html`` with one status line per report (written first with every report of
   the run marked "Körs", so an interrupted batch never leaves an index saying OK for a report
   it removed; Ctrl-C marks the unfinished ones "Avbruten" and ends without a traceback).

Outputs (paths from :mod:`kfanalys.sokvagar`, so ``KFANALYS_ROT`` moves them):
``reports/<cykel>/<kortnamn>.html``, ``<kortnamn>.xlsx``, ``kommunen.html``, ``index.html``
(a scenario other than ``bas`` goes to ``reports/<cykel>/<scenario>/``); the executed
notebooks, failed ones included, are kept in ``data/processed/<cykel>/_korda/`` (gitignored).
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import queue
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from kfanalys import __version__, sokvagar
from kfanalys.sokvagar import skriv_atomiskt
from kfanalys.fel import KfanalysFel
from kfanalys.grund.text import CSP, punktlista  # noqa: F401 - punktlista: the report's bullet lists (HTML)

MALLMAPP = Path(__file__).parent / "mallar"
MALLNAMN = "kfanalys"
RAPPORT_NOTEBOOK = "rapport.ipynb"
KOMMUN_NOTEBOOK = "kommunen.ipynb"
KOMMUN_KORTNAMN = "kommunen"
#: Tags whose cells never reach the HTML (papermill's and the analyst's own).
BORTTAGNA_TAGGAR = ("remove-cell", "parameters", "injected-parameters")
#: Errors from kfanalys itself are already Swedish; their class name is not shown.
_EGNA_FEL = ("Indatafel", "Berakningsfel", "Rapportfel", "KfanalysFel")


_lokalt = threading.local()


class Rapportfel(KfanalysFel):
    """The report batch cannot start (a notebook or its parameters are wrong). Message in Swedish."""


class Avbrott(KeyboardInterrupt):
    """Ctrl-C during the batch, after the kernels were stopped and the index updated.

    The message is the Swedish line the command line prints (how many reports were done)."""


@dataclass(frozen=True)
class Utfall:
    """The outcome of one report: ``ok`` with the written files, or the error's first line."""

    kortnamn: str
    namn: str
    ok: bool
    fel: str | None = None
    html: Path | None = None
    xlsx: Path | None = None
    notebook: Path | None = None
    sekunder: float = 0.0
    #: For the index only: a report of an earlier run that this run did not redo (``--namnd``).
    tidigare: bool = False
    #: For the index only: being rebuilt right now (the index written when a batch starts).
    kors: bool = False
    #: For the index only: the batch was interrupted (Ctrl-C) before this report was done.
    avbruten: bool = False


# --------------------------------------------------------------------------------------
# Small pure helpers


def forsta_raden(ename: str | None, evalue: str | None) -> str:
    """The first line of an error as the index shows it.

    A line ending in ``:`` (the heading of an :class:`~kfanalys.fel.Indatafel`) is joined
    with the next one, so the reader sees the actual problem.

    >>> forsta_raden("KeyError", "'antal'")
    "KeyError: 'antal'"
    >>> forsta_raden("Indatafel", "Fel i indata (1 problem):\\n  - a.csv, rad 3: saknas")
    'Fel i indata (1 problem): - a.csv, rad 3: saknas'
    """
    rader = [r.strip() for r in str(evalue or "").splitlines() if r.strip()]
    text = rader[0] if rader else ""
    if text.endswith(":") and len(rader) > 1:
        text = f"{text} {rader[1]}"
    if ename and ename not in _EGNA_FEL:
        text = f"{ename}: {text}" if text else ename
    return text or "okänt fel"


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


# --------------------------------------------------------------------------------------
# What a report notebook reads (the notebooks only render; every number is computed before)

#: Used when antaganden.json carries no definition of its own (the default of ARKITEKTUR.md).
DEFINITION_OMSATTNING = (
    "Personalomsättning = avgångar som lämnar förvaltningen (byten inom förvaltningen räknas inte) bland "
    "månadsavlönade tillsvidareanställda under perioden, delat med medelantalet i samma grupp vid periodens "
    "två mättillfällen. Visas både med och utan pensionsavgångar.")


@dataclass
class Rapportdata:
    """The computed tables and configuration one report notebook renders.

    ``tabeller``: every table of ``data/processed/<cykel>/<scenario>/`` with all rows (each
    nämnd and ``Hela kommunen``); ``meta``: ``antaganden.json``; ``namnd``: the nämnd of the
    report (None for the kommun report).
    """

    konfig: Any
    namnd: Any
    tabeller: dict
    meta: dict
    processed: Path
    cykel: int
    scenario: str = "bas"

    @property
    def minsta(self) -> int:
        return int(self.konfig.antaganden.minsta_antal)

    @property
    def namn(self) -> str:
        return self.namnd.namn if self.namnd is not None else self.konfig.kommun

    def tabell(self, namn: str, namnd: str | None = None):
        """Rows of table ``namn`` for the report's nämnd (or ``namnd``); an empty frame if none."""
        import pandas as pd

        df = self.tabeller.get(namn)
        if not isinstance(df, pd.DataFrame):
            return pd.DataFrame()
        valt = namnd or self.namn
        if "namnd" in df.columns:
            df = df[df["namnd"] == valt]
        return df.reset_index(drop=True).copy()

    def kommun(self, namn: str):
        """The ``Hela kommunen`` rows of table ``namn``."""
        from kfanalys.schema import HELA_KOMMUNEN

        return self.tabell(namn, HELA_KOMMUNEN)

    def alla_namnder(self, namn: str):
        """Rows of every nämnd (no ``Hela kommunen`` rows), in the order of kommun.yaml."""
        import pandas as pd

        df = self.tabeller.get(namn)
        if not isinstance(df, pd.DataFrame) or "namnd" not in df.columns:
            return pd.DataFrame()
        ordning = {n.namn: i for i, n in enumerate(self.konfig.namnder)}
        df = df[df["namnd"].isin(ordning)]
        return df.sort_values("namnd", key=lambda s: s.map(ordning), kind="stable").reset_index(drop=True)

    def definition(self, nyckel: str, standard: str = "") -> str:
        d = self.meta.get("definitioner")
        if isinstance(d, dict) and d.get(nyckel):
            return str(d[nyckel])
        return standard


def las_rapportdata(namnd: str | None, cykel: int, datamapp=None, scenario: str | None = "bas",
                    processed=None) -> Rapportdata:
    """Load what a report notebook needs: the notebook's parameters in, :class:`Rapportdata` out.

    ``datamapp`` None/"" = the Exempelkommun; ``processed`` None/"" = compute now (an analyst
    running the notebook on its own; the batch passes the folder it computed once).
    ``namnd`` is a kortnamn or name (None/"" for the kommun report).
    """
    from kfanalys import berakning
    from kfanalys.konfig import las_konfig

    datamapp = Path(datamapp) if datamapp else sokvagar.exempel_mapp()
    if not processed:
        processed = berakning.berakna_och_spara(datamapp, int(cykel), scenario)
    resultat = berakning.las_resultat(Path(processed))
    konfig = las_konfig(datamapp / "kommun.yaml")
    vald = konfig.namnd(namnd) if namnd else None
    return Rapportdata(konfig, vald, publicerade_tabeller(resultat.tabeller, konfig.antaganden.minsta_antal),
                       dict(resultat.meta or {}), Path(processed), int(cykel), konfig.scenario(scenario).kortnamn)


from kfanalys.urval import ANALYSTABELLER, analyserade_tabeller, publicerade_tabeller  # noqa: E402,F401


def antal_text(x, minsta: int) -> str:
    """A count of persons for running text: ``"färre än 5"`` when 0 < x < minsta (privacy).

    >>> antal_text(1811, 5).replace("\xa0", " "), antal_text(3, 5), antal_text(0, 5)
    ('1 811', 'färre än 5', '0')
    """
    from kfanalys.tabeller import fmt_tal

    try:
        if 0 < float(x) < minsta:
            return f"färre än {minsta}"
    except (TypeError, ValueError):
        pass
    return fmt_tal(x)


def med_intervall(rekrytering_df, intervall_df):
    """The recruitment table with the simulation's ``median``, ``lag`` and ``hog`` (80 % interval, persons).

    Joined on namnd, yrkeskategori and horisont; rows without a simulation keep NaN (shown
    as – in a table). The caller's frames are not changed.

    >>> import pandas as pd
    >>> rk = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "horisont": 5, "totalt": [852.2, 3.0]})
    >>> iv = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A"], "horisont": [5], "median": [862],
    ...                    "lag": [801], "hog": [930], "medel": [864.2]})
    >>> med_intervall(rk, iv)[["yrkeskategori", "totalt", "median", "lag", "hog"]].values.tolist()
    [['A', 852.2, 862.0, 801.0, 930.0], ['B', 3.0, nan, nan, nan]]
    """
    nycklar = ["namnd", "yrkeskategori", "horisont"]
    if intervall_df is None or len(intervall_df) == 0:
        return rekrytering_df.assign(median=float("nan"), lag=float("nan"), hog=float("nan"))
    iv = intervall_df[[*nycklar, "median", "lag", "hog"]].drop_duplicates(nycklar)
    return rekrytering_df.merge(iv, on=nycklar, how="left", validate="many_to_one")


# --------------------------------------------------------------------------------------
# The index


def rendera_index(kommun: str, cykel: int, utfall: list[Utfall], kommun_utfall: Utfall | None = None,
                  scenario: str = "bas", skapad: _dt.datetime | None = None,
                  version: str = __version__) -> str:
    """``index.html``: one line per report with a link, status and Excel link (Swedish, ``lang="sv"``).

    ``utfall`` are the nämnder in the order shown; a failed report has no link and the
    status ``Misslyckades: <the error's first line>``.

    >>> u = [Utfall("forskola", "Förskolenämnden", True, html=Path("forskola.html"), xlsx=Path("forskola.xlsx")),
    ...      Utfall("ks", "Kommunstyrelsen", False, fel="KeyError: 'antal'")]
    >>> s = rendera_index("Exempelkommun", 2025, u, skapad=_dt.datetime(2025, 11, 3, 9, 5))
    >>> '<a href="forskola.html">Förskolenämnden</a>' in s, "Misslyckades: KeyError: &#x27;antal&#x27;" in s
    (True, True)
    """
    e = html.escape
    skapad = skapad or _dt.datetime.now()
    antal_ok = sum(u.ok and not u.tidigare for u in utfall)
    antal_korda = sum(not u.tidigare for u in utfall)
    alla = [*utfall, *([kommun_utfall] if kommun_utfall else [])]
    antal_kors = sum(u.kors for u in alla)
    antal_avbrutna = sum(u.avbruten for u in alla)
    if antal_kors:
        lage = (f"körningen pågår: {antal_kors} rapporter skapas just nu (ladda om sidan när körningen är klar; "
                "står det kvar att en rapport körs har körningen avbrutits)")
    elif antal_avbrutna:
        lage = (f"körningen avbröts: {antal_ok} av {antal_korda} klara, {antal_avbrutna} rapporter blev inte "
                "klara; kör kfanalys rapporter igen")
    else:
        lage = f"{antal_ok} av {antal_korda} klara i den här körningen"

    def rad(u: Utfall) -> str:
        namn = f'<a href="{e(u.html.name)}">{e(u.namn)}</a>' if u.ok and u.html else e(u.namn)
        if u.kors:
            status = '<span class="kors">Körs</span> (skapas i den här körningen)'
        elif u.avbruten:
            status = '<span class="fel">Avbruten</span>: körningen stoppades innan rapporten blev klar'
        elif u.ok:
            status = '<span class="ok">OK</span>' + (" (från en tidigare körning)" if u.tidigare else "")
        elif u.tidigare:
            status = "Inte skapad i den här körningen"
        else:
            status = f'<span class="fel">Misslyckades: {e(u.fel or "okänt fel")}</span>'
        excel = f'<a href="{e(u.xlsx.name)}">{e(u.xlsx.name)}</a>' if u.xlsx else "–"
        return f"<tr><td>{namn}</td><td>{status}</td><td>{excel}</td></tr>"

    rader = "\n".join(rad(u) for u in utfall)
    kommunrad = rad(kommun_utfall) if kommun_utfall else ""
    scen = "" if scenario in (None, "", "bas") else f", scenario {e(str(scenario))}"
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Kompetensförsörjning {cykel} – {e(kommun)}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a;
       max-width: 56rem; margin: 0 auto; padding: 1.5rem 1.25rem; line-height: 1.5; }}
h1 {{ color: #0072B2; font-size: 1.8rem; }}
table {{ border-collapse: collapse; width: 100%; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: .3rem; }}
th, td {{ text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #c8c8c8; }}
thead th {{ border-bottom: 2px solid #1a1a1a; background: #f4f6f8; }}
a {{ color: #0072B2; }}
.ok {{ color: #006b3c; font-weight: 600; }}
.fel {{ color: #a33a00; font-weight: 600; }}
.kors {{ color: #1a1a1a; font-weight: 600; }}
footer {{ margin-top: 2rem; font-size: .85rem; color: #555; }}
@media print {{ a {{ color: inherit; }} }}
</style>
</head>
<body>
<main>
<h1>Kompetensförsörjning {cykel} – {e(kommun)}</h1>
<p>Rapporter per nämnd för cykel {cykel}{scen}: {lage}.
Varje rapport är en fristående HTML-fil som kan öppnas utan nätverk; Excelfilen innehåller rapportens tabeller.</p>
<table>
<caption>Rapporter per nämnd</caption>
<thead><tr><th scope="col">Nämnd</th><th scope="col">Status</th><th scope="col">Excel</th></tr></thead>
<tbody>
{rader}
</tbody>
</table>
{f'''<table>
<caption>Kommunövergripande rapport</caption>
<thead><tr><th scope="col">Rapport</th><th scope="col">Status</th><th scope="col">Excel</th></tr></thead>
<tbody>
{kommunrad}
</tbody>
</table>''' if kommun_utfall else ''}
<footer>Skapad {skapad:%Y-%m-%d %H:%M} med kfanalys {e(version)}.</footer>
</main>
</body>
</html>
"""


# --------------------------------------------------------------------------------------
# One report (runs in a worker process)


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


def tabeller_for(tabeller: dict, namn: str | None) -> dict:
    """The tables of one nämnd's report: its rows and the kommun totals it is compared with.

    Kept ``Hela kommunen`` rows are the kommun's totals only (``yrkeskategori`` Totalt,
    ``niva`` namnd, when the table has those columns). ``namn=None`` (the kommun report)
    keeps every row. Empty tables and non-frames are left out.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"namnd": ["A", "B", "Hela kommunen", "Hela kommunen"],
    ...                   "yrkeskategori": ["x", "x", "x", "Totalt"], "antal": [1, 2, 3, 4]})
    >>> tabeller_for({"t": t}, "A")["t"]["antal"].tolist()
    [1, 4]
    """
    import pandas as pd

    from kfanalys.schema import HELA_KOMMUNEN, TOTALT

    ut = {}
    for nyckel, df in tabeller.items():
        if not isinstance(df, pd.DataFrame):
            continue
        if namn is not None and "namnd" in df.columns:
            kommun = df["namnd"] == HELA_KOMMUNEN
            if "yrkeskategori" in df.columns:
                kommun &= df["yrkeskategori"] == TOTALT
            if "niva" in df.columns:
                kommun &= df["niva"] == "namnd"
            df = df[(df["namnd"] == namn) | kommun]
        if len(df):
            ut[nyckel] = df
    return ut


def _skriv_excel(processed: Path, namn: str | None, sokvag: Path, minsta: int) -> Path:
    """Every table of the report to one workbook, small groups suppressed (tabeller.till_excel)."""
    from kfanalys import berakning, tabeller

    from kfanalys.grund.rojandekontroll import INTERNA

    resultat = berakning.las_resultat(processed)
    publicerade = {k: v for k, v in publicerade_tabeller(resultat.tabeller, minsta).items() if k not in INTERNA}
    tabeller.till_excel(tabeller_for(publicerade, namn), sokvag, minsta=minsta)
    os.chmod(sokvag, 0o644)
    return sokvag


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

    def kor(self, nb, timeout: int):
        """Execute ``nb`` (changed in place: outputs); raises nbclient's errors like papermill does."""
        import nbformat
        from nbclient import NotebookClient

        nollstall = nbformat.v4.new_code_cell("%reset -f")
        nollstall.metadata["tags"] = ["remove-cell"]
        nb.cells.insert(0, nollstall)
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


def kor_en_rapport(uppgift: dict, karna: Karna | None = None) -> Utfall:
    """Execute one report notebook, then write its HTML (and Excel); never raises.

    The notebook is parameterised by papermill (an ``injected-parameters`` cell after the
    ``parameters`` cell) and executed in ``karna`` (a new kernel if None). ``uppgift`` keys:
    kortnamn, namn, notebook, parametrar (dict), korda (folder for the executed notebook,
    kept also when it fails), html (target path), xlsx (target path or None), processed,
    filtrera_namn, minsta, titel, sidfot, rot (kernel cwd), timeout, ipc_mapp.
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

    nb = None
    try:
        nb = load_notebook_node(str(uppgift["notebook"]))  # as papermill reads it (cell tags present)
        nb = parameterize_notebook(nb, uppgift["parametrar"], kernel_name="python3", language="python")
        karna.kor(nb, uppgift["timeout"])
    except CellExecutionError as e:
        return misslyckat(forsta_raden(e.ename, e.evalue))
    except Exception as e:  # noqa: BLE001 - kernel start, timeout, dead kernel ...
        return misslyckat(forsta_raden(type(e).__name__, str(e)))
    finally:
        if nb is not None:
            skriv_atomiskt(utnb, nbformat.writes(nb))
        if egen:
            karna.stang()
    try:
        text = html_fran_notebook(nb, uppgift["titel"], uppgift.get("sidfot", ""))
        xlsx = None
        if uppgift.get("xlsx"):
            xlsx = _skriv_excel(Path(uppgift["processed"]), uppgift.get("filtrera_namn"), Path(uppgift["xlsx"]),
                                uppgift.get("minsta", 5))
        skriv_atomiskt(html_sokvag, text)
    except Exception as e:  # noqa: BLE001
        return misslyckat(forsta_raden(type(e).__name__, str(e)))
    return Utfall(kortnamn, namn, True, html=html_sokvag, xlsx=xlsx, notebook=utnb,
                  sekunder=time.perf_counter() - start)


# --------------------------------------------------------------------------------------
# The batch


def _notebook(namn: str, rot: Path) -> Path:
    """A notebook of the project at ``rot``, else the one shipped next to this package."""
    for mapp in (sokvagar.notebook_mapp(rot), Path(__file__).resolve().parents[1] / "notebooks"):
        if (mapp / namn).exists():
            return mapp / namn
    return sokvagar.notebook_mapp(rot) / namn


def kor_rapporter(processed: Path, datamapp: Path, cykel: int, konfig, namnder: list[str] | None = None,
                  jobb: int | None = None, scenario: str | None = None, timeout: int = 600, *,
                  rot: Path | None = None, rapport_notebook: Path | None = None,
                  kommun_notebook: Path | None = None, kommunrapport: bool = True, excel: bool = True,
                  visa_framsteg: bool = True, ut=None) -> tuple[list[Utfall], Utfall | None]:
    """Render the reports from already computed tables in ``processed``; returns (nämnder, kommun).

    The per-nämnd outcomes are in the order of ``kommun.yaml``. Writes the HTML and Excel
    files, ``index.html`` and prints the summary; raises :class:`Rapportfel` for an unknown
    notebook parameter and :class:`~kfanalys.fel.Indatafel` for an unknown nämnd.

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

    sidfot = f"{konfig.kommun} · cykel {cykel} · kfanalys {__version__} · skapad {_dt.date.today():%Y-%m-%d}"
    uppgifter = []
    for n in valda:
        uppgifter.append({
            "kortnamn": n.kortnamn, "namn": n.namn, "notebook": str(rnb),
            "parametrar": {"namnd": n.kortnamn, **gemensamt}, "korda": str(korda),
            "html": str(rapportmapp / f"{n.kortnamn}.html"),
            "xlsx": str(rapportmapp / f"{n.kortnamn}.xlsx") if excel else None, "filtrera_namn": n.namn,
            "processed": gemensamt["processed"], "titel": f"Kompetensförsörjning {cykel} – {n.namn}",
            "sidfot": sidfot, "rot": str(rot), "timeout": timeout, "minsta": konfig.antaganden.minsta_antal})
    if kommunrapport:
        uppgifter.append({
            "kortnamn": KOMMUN_KORTNAMN, "namn": f"{konfig.kommun}, alla nämnder", "notebook": str(knb),
            "parametrar": dict(gemensamt), "korda": str(korda),
            "html": str(rapportmapp / f"{KOMMUN_KORTNAMN}.html"),
            "xlsx": str(rapportmapp / f"{KOMMUN_KORTNAMN}.xlsx") if excel else None, "filtrera_namn": None,
            "processed": gemensamt["processed"], "titel": f"Kompetensförsörjning {cykel} – {konfig.kommun}",
            "sidfot": sidfot, "rot": str(rot), "timeout": timeout, "minsta": konfig.antaganden.minsta_antal})

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
                h, x = rapportmapp / f"{n.kortnamn}.html", rapportmapp / f"{n.kortnamn}.xlsx"
                i_index.append(Utfall(n.kortnamn, n.namn, h.exists(), html=h if h.exists() else None,
                                      xlsx=x if x.exists() else None, tidigare=True))
        kommun = resultat.get(KOMMUN_KORTNAMN)
        if kommun is None and kommunrapport and ej_klara:
            kommun = ej_klar(KOMMUN_KORTNAMN, f"{konfig.kommun}, alla nämnder")
        skriv_atomiskt(rapportmapp / "index.html",
                       rendera_index(konfig.kommun, cykel, i_index, kommun, scenario=scen.kortnamn))

    # The index says "körs" for every report being rebuilt before its old file goes: an interrupted
    # batch never leaves an index that says OK for a report that is no longer there.
    skriv_index({}, "kors")
    # A stale report of an earlier run must not look like this run's result.
    for u in uppgifter:
        Path(u["html"]).unlink(missing_ok=True)

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
    arguments go to :func:`kor_rapporter` (``rot``, ``rapport_notebook``, ``excel`` ...).
    Raises :class:`~kfanalys.fel.Indatafel` for bad input before any notebook runs.
    """
    from kfanalys import berakning
    from kfanalys.konfig import las_konfig

    datamapp = Path(datamapp)
    processed = berakning.berakna_och_spara(datamapp, cykel, scenario)
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
