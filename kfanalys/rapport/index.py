"""The batch's outcome per report and ``index.html``, the page that lists them."""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass
from pathlib import Path

from kfanalys import __version__
from kfanalys.grund.text import CSP


#: Errors from kfanalys itself are already Swedish; their class name is not shown.
_EGNA_FEL = ("Indatafel", "Berakningsfel", "Rapportfel", "KfanalysFel")


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
    #: The PDF and the Word draft (None: not written; ``anmarkningar`` says why when it should have been).
    pdf: Path | None = None
    docx: Path | None = None
    #: Swedish lines for the batch output: a document that could not be written (the report is still OK).
    anmarkningar: tuple[str, ...] = ()
    #: For the index only: a report of an earlier run that this run did not redo (``--namnd``).
    tidigare: bool = False
    #: For the index only: being rebuilt right now (the index written when a batch starts).
    kors: bool = False
    #: For the index only: the batch was interrupted (Ctrl-C) before this report was done.
    avbruten: bool = False


def forsta_raden(ename: str | None, evalue: str | None) -> str:
    """The first line of an error as the index shows it.

    A line ending in ``:`` (the heading of an :class:`~kfanalys.grund.fel.Indatafel`) is joined
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


def rendera_index(kommun: str, cykel: int, utfall: list[Utfall], kommun_utfall: Utfall | None = None,
                  scenario: str = "bas", skapad: _dt.datetime | None = None,
                  version: str = __version__) -> str:
    """``index.html``: one line per report: its link, status and its Excel, PDF and Word files (``lang="sv"``).

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
        def lank(fil: Path | None) -> str:
            return f'<a href="{e(fil.name)}">{e(fil.name)}</a>' if fil else "–"

        return (f"<tr><td>{namn}</td><td>{status}</td><td>{lank(u.xlsx)}</td><td>{lank(u.pdf)}</td>"
                f"<td>{lank(u.docx)}</td></tr>")

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
td {{ overflow-wrap: anywhere; }}  /* file names: the page never scrolls sideways (A4 width, 794 px) */
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
Varje rapport är en fristående HTML-fil som kan öppnas utan nätverk; Excelfilen innehåller rapportens tabeller,
PDF-filen är rapporten för diariet (A4) och Word-filen ett utkast att komplettera med förvaltningens kommentarer.</p>
<table>
<caption>Rapporter per nämnd</caption>
<thead><tr><th scope="col">Nämnd</th><th scope="col">Status</th><th scope="col">Excel</th><th scope="col">PDF</th><th scope="col">Word</th></tr></thead>
<tbody>
{rader}
</tbody>
</table>
{f'''<table>
<caption>Kommunövergripande rapport</caption>
<thead><tr><th scope="col">Rapport</th><th scope="col">Status</th><th scope="col">Excel</th><th scope="col">PDF</th><th scope="col">Word</th></tr></thead>
<tbody>
{kommunrad}
</tbody>
</table>''' if kommun_utfall else ''}
<footer>Skapad {skapad:%Y-%m-%d %H:%M} med kfanalys {e(version)}.</footer>
</main>
</body>
</html>
"""
