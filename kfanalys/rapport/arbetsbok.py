"""The report workbook (``reports/<cykel>/<kortnamn>.xlsx``): the report's tables for a manager to work with.

One sheet per table the report shows, in report order: the section functions of
:mod:`kfanalys.rapport.avsnitt` (a nämnd's report) or :mod:`kfanalys.rapport.avsnitt_kommun` (the kommun
report) are run on the report's :class:`~kfanalys.rapport.data.Rapportdata` with
``visade_tabeller`` set, so :func:`kfanalys.rapport.avsnitt_delar.tabell` records every table exactly as it
renders it (caption, frame, columns, headings, minimum); :func:`kfanalys.rapport.tabeller.till_excel` writes
them with the HTML's headings and labels, numbers as numbers with Excel number formats, frozen headings and
the suppression footnote. A first sheet "Om arbetsboken" says what the workbook is: nämnd, cycle, base date,
what the sheets are, the disclosure rule in words, and that the computed tables (with their internal column
names) stay in ``data/processed/``.

The order of the sections is that of ``notebooks/rapport.ipynb`` and ``notebooks/kommunen.ipynb``
(:data:`AVSNITT`, :data:`AVSNITT_KOMMUN`; a test checks that they agree).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.rojandekontroll import beskrivning, fotnot
from kfanalys.rapport import avsnitt, avsnitt_kommun
from kfanalys.rapport.data import Rapportdata, las_rapportdata
from kfanalys.rapport.tabeller import Excelbladet, till_excel

#: The sections of a nämnd's report, in order (module, function), as ``notebooks/rapport.ipynb`` calls them.
AVSNITT = tuple(("avsnitt", f) for f in avsnitt.__all__)
#: The sections of the kommun report, in order, as ``notebooks/kommunen.ipynb`` calls them.
AVSNITT_KOMMUN = (("avsnitt", "titel"), ("avsnitt", "sammanfattning"), ("avsnitt_kommun", "nulage"),
                  ("avsnitt_kommun", "floden"), ("avsnitt_kommun", "pension"),
                  ("avsnitt_kommun", "gap_och_rekrytering"), ("avsnitt", "osakerhet"),
                  ("avsnitt_kommun", "scenarier"), ("avsnitt_kommun", "risk"), ("avsnitt", "definitioner"))
_MODULER = {"avsnitt": avsnitt, "avsnitt_kommun": avsnitt_kommun}


def visade_tabeller(r: Rapportdata, *, kommun: bool | None = None) -> list[Excelbladet]:
    """Every table the report shows, in report order, as ``(bildtext, df, kolumner, kw)``.

    Runs the report's section functions (the kommun report's when ``kommun``, default: ``r`` has no nämnd)
    on a copy of ``r`` that records its tables; ``r`` itself is not changed.
    """
    kommun = r.namnd is None if kommun is None else kommun
    kopia = dataclasses.replace(r, visade_tabeller=[])
    for modul, funktion in AVSNITT_KOMMUN if kommun else AVSNITT:
        getattr(_MODULER[modul], funktion)(kopia)
    return list(kopia.visade_tabeller)


def om_arbetsboken(r: Rapportdata) -> list[tuple[str, str]]:
    """The (label, text) rows of the sheet "Om arbetsboken"."""
    m = r.minsta
    rapport = r.namn if r.namnd is not None else f"{r.konfig.kommun}, alla nämnder"
    rader = [("Rapport", f"Kompetensförsörjning {r.cykel} – {rapport}"),
             ("Nämnd" if r.namnd is not None else "Kommun", r.namn), ("Cykel", str(r.cykel)),
             ("Basdatum", f"{r.basdatum} (personalen som den var vid mätdatumet)")]
    if r.scenario != "bas":
        rader.append(("Scenario", r.scenario))
    rader += [
        ("Bladen", "Varje blad är en tabell i rapporten, i samma ordning som i rapporten och med rapportens "
                   "tabellrubrik överst och samma kolumnrubriker och tal. Talen är avrundade som i rapporten och "
                   "sparade som tal, så att de går att räkna vidare med; andelar är andelar (visas som procent). "
                   "Listan nedan visar vilket blad som är vilken tabell."),
        ("Integritet", " ".join(beskrivning(m))),
        ("Dolda uppgifter", fotnot(m) + " Under en tabell med dolda uppgifter står samma förklaring."),
        ("Beräkningstabellerna", f"De beräknade tabellerna som rapporten bygger på (en CSV-fil per tabell, med "
                                 f"interna kolumnnamn) finns i data/processed/{r.cykel}/{r.scenario}/. De är "
                                 "arbetsmaterial för analytiker och har inte passerat integritetsreglerna ovan; "
                                 "lämna inte ut dem."),
    ]
    return rader


def skriv_rapportarbetsbok(r: Rapportdata, sokvag: Path, *, kommun: bool | None = None) -> Path:
    """Write the report workbook of ``r`` (a nämnd's report, or the kommun report when ``kommun`` or ``r`` has
    no nämnd) to ``sokvag``; returns the path. See the module docstring."""
    return till_excel(visade_tabeller(r, kommun=kommun), Path(sokvag), om_arbetsboken=om_arbetsboken(r))


def skriv_fran_karnan(r: Rapportdata | None, sokvag: str | Path) -> Path | None:
    """The report workbook written inside the report's kernel after its notebook ran (the batch's last,
    hidden cell): from the tables the sections recorded while they rendered (``r.visade_tabeller``, set up by
    :data:`kfanalys.rapport.data.SPELA_IN_TABELLER`), so no section runs twice. Without recorded tables the
    sections are run again (:func:`skriv_rapportarbetsbok`); None when the notebook has no report data ``r``
    (the batch then writes the workbook from the computed tables, :func:`skriv_fran_berakning`)."""
    if not isinstance(r, Rapportdata):
        return None
    sokvag = Path(sokvag)
    if not r.visade_tabeller:
        return skriv_rapportarbetsbok(r, sokvag)
    return till_excel(list(r.visade_tabeller), sokvag, om_arbetsboken=om_arbetsboken(r))


def korningsparametrar(processed: Path, kortnamn: str) -> dict | None:
    """The parameters (datamapp, cykel, scenario ...) of the report notebook the batch ran for ``kortnamn``
    on the tables in ``processed`` (papermill's ``metadata.papermill.parameters`` of the executed notebook in
    ``data/processed/<cykel>/_korda/[<scenario>/]``), or None when there is none."""
    processed = Path(processed)
    korda = processed.parent / "_korda"
    if processed.name != "bas":
        korda = korda / processed.name
    fil = korda / f"{kortnamn}.kört.ipynb"
    if not fil.exists():
        return None
    try:
        return dict(json.loads(fil.read_text(encoding="utf-8"))["metadata"]["papermill"]["parameters"])
    except (ValueError, KeyError, TypeError):
        return None


def skriv_fran_berakning(processed: Path, namnd: str | None, sokvag: Path, *, datamapp: Path | None = None,
                         scenario: str | None = None, cykel: int | None = None) -> Path:
    """The report workbook of ``namnd`` (kortnamn or name; None: the kommun report) from the computed tables
    in ``processed``, written to ``sokvag`` (``<kortnamn>.xlsx``). ``datamapp`` (the kommun's data folder,
    for kommun.yaml), ``scenario`` and ``cykel`` default to those of the report notebook the batch just ran
    (:func:`korningsparametrar`); an error says so when neither is there."""
    processed, sokvag = Path(processed), Path(sokvag)
    param = korningsparametrar(processed, sokvag.stem) or {}
    datamapp = datamapp or param.get("datamapp")
    if not datamapp:
        raise Berakningsfel(f"Arbetsboken {sokvag.name}: datamappen (med kommun.yaml) är okänd; ange datamapp")
    if cykel is None:
        meta = processed / "antaganden.json"
        cykel = param.get("cykel") or (json.loads(meta.read_text(encoding="utf-8")).get("cykel")
                                       if meta.exists() else None)
    scenario = scenario or param.get("scenario") or processed.name
    r = las_rapportdata(namnd, int(cykel), Path(datamapp), scenario, processed)
    return skriv_rapportarbetsbok(r, sokvag)
