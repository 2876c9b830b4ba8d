"""The shape of the package (issue 11), checked on the source with ``ast`` so a wrong import fails CI.

- Imports point down the layers ``cli > {rapport, underlag, exempel} > berakning > modell >
  indata > grund``, or sideways within one package; the three top packages do not import each
  other, except that ``exempel`` writes its example workbooks with ``underlag``. Imports inside
  functions count as much as those at the top of a module.
- No import cycle between modules (a cycle hidden in a function import is still a cycle).
- No module imports another module's private name (``from x import _y``, ``x._y``).
- No module of kfanalys is longer than :data:`MAX_RADER` lines.
- The report notebook has fewer than :data:`MAX_NOTEBOOKRADER` lines of code.

Each rule is a function from ``{module name: source}`` to a list of Swedish violations; the
tests at the end feed each one a small invented package that breaks it, so a rule that can no
longer fail is noticed.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import kfanalys

PAKET = Path(kfanalys.__file__).parent
NOTEBOOK = PAKET.parent / "notebooks" / "rapport.ipynb"
MAX_RADER = 500
MAX_NOTEBOOKRADER = 150

#: The layers, top down; a module may import from a lower layer or from its own package.
LAGER = {"cli": 5, "rapport": 4, "underlag": 4, "exempel": 4, "berakning": 3, "modell": 2, "indata": 1,
         "": 0.5,  # the package itself (kfanalys/__init__.py: the version and the error types)
         "grund": 0}
#: (importing package, imported package) on the same layer that is allowed.
SIDLEDES = {("exempel", "underlag")}


# --------------------------------------------------------------------------- reading the package

def moduler(rot: Path = PAKET) -> dict[str, str]:
    """``{"kfanalys.indata.register": source, "kfanalys.indata": source of its __init__, ...}``."""
    ut = {}
    for fil in sorted(rot.rglob("*.py")):
        delar = list(fil.relative_to(rot.parent).with_suffix("").parts)
        if delar[-1] == "__init__":
            delar.pop()
        ut[".".join(delar)] = fil.read_text(encoding="utf-8")
    return ut


def paket(modul: str) -> str:
    """The layer package of a module: ``kfanalys.indata.register`` -> ``indata``, ``kfanalys`` -> ``""``."""
    delar = modul.split(".")
    return delar[1] if len(delar) > 1 else ""


def importer(modul: str, kalla: str, kanda: set[str]) -> list[tuple[str, str | None, int]]:
    """Every import of kfanalys in ``kalla`` (at any depth): (imported module, imported name or None, line).

    ``from kfanalys.indata import register`` imports the module ``kfanalys.indata.register``;
    ``from kfanalys.grund.fel import Problem`` imports the name ``Problem`` of ``kfanalys.grund.fel``.
    An attribute ``alias._namn`` of an imported module counts as importing ``_namn``.
    """
    ar_paket = modul in kanda and any(k.startswith(modul + ".") for k in kanda)
    ut: list[tuple[str, str | None, int]] = []
    alias: dict[str, str] = {}  # local name -> kfanalys module
    for nod in ast.walk(ast.parse(kalla)):
        if isinstance(nod, ast.Import):
            for a in nod.names:
                if a.name == "kfanalys" or a.name.startswith("kfanalys."):
                    ut.append((a.name, None, nod.lineno))
                    if a.asname:
                        alias[a.asname] = a.name
        elif isinstance(nod, ast.ImportFrom):
            bas = nod.module or ""
            if nod.level:  # relative: from the module's package
                delar = modul.split(".") if ar_paket else modul.split(".")[:-1]
                delar = delar[:len(delar) - (nod.level - 1)]
                bas = ".".join(delar + ([bas] if bas else []))
            if bas != "kfanalys" and not bas.startswith("kfanalys."):
                continue
            for a in nod.names:
                if f"{bas}.{a.name}" in kanda:
                    ut.append((f"{bas}.{a.name}", None, nod.lineno))
                    alias[a.asname or a.name] = f"{bas}.{a.name}"
                else:
                    ut.append((bas, a.name, nod.lineno))
    for nod in ast.walk(ast.parse(kalla)):
        if isinstance(nod, ast.Attribute) and isinstance(nod.value, ast.Name) and nod.value.id in alias:
            ut.append((alias[nod.value.id], nod.attr, nod.lineno))
    return ut


def _privat(namn: str | None) -> bool:
    return bool(namn) and namn.startswith("_") and not (namn.startswith("__") and namn.endswith("__"))


# --------------------------------------------------------------------------- the rules

def fel_riktning(mods: dict[str, str]) -> list[str]:
    """Imports that go up a layer or sideways into another package."""
    brott = []
    for modul, kalla in mods.items():
        fran = paket(modul)
        for mal, _, rad in importer(modul, kalla, set(mods)):
            till = paket(mal)
            if mal == modul or till == fran or (fran, till) in SIDLEDES or LAGER[till] < LAGER[fran]:
                continue
            riktning = "uppåt" if LAGER[till] > LAGER[fran] else "i sidled"
            brott.append(f"{modul} (rad {rad}) importerar {mal}: {riktning} från {fran or 'kfanalys'} "
                         f"till {till or 'kfanalys'}")
    return sorted(set(brott))


def cykler(mods: dict[str, str]) -> list[list[str]]:
    """The import cycles between modules (strongly connected components of two or more modules)."""
    graf = {m: sorted({mal for mal, _, _ in importer(m, k, set(mods)) if mal in mods and mal != m})
            for m, k in mods.items()}
    index: dict[str, int] = {}
    lag: dict[str, int] = {}
    stack: list[str] = []
    pa_stack: set[str] = set()
    ut: list[list[str]] = []

    def besok(v: str) -> None:  # Tarjan
        index[v] = lag[v] = len(index)
        stack.append(v)
        pa_stack.add(v)
        for w in graf[v]:
            if w not in index:
                besok(w)
                lag[v] = min(lag[v], lag[w])
            elif w in pa_stack:
                lag[v] = min(lag[v], index[w])
        if lag[v] == index[v]:
            komp = []
            while True:
                w = stack.pop()
                pa_stack.discard(w)
                komp.append(w)
                if w == v:
                    break
            if len(komp) > 1:
                ut.append(sorted(komp))

    for v in graf:
        if v not in index:
            besok(v)
    return sorted(ut)


def privata_importer(mods: dict[str, str]) -> list[str]:
    """Imports of a private name (``_namn``) of another module."""
    return sorted({f"{modul} (rad {rad}) använder {mal}.{namn}"
                   for modul, kalla in mods.items()
                   for mal, namn, rad in importer(modul, kalla, set(mods))
                   if mal != modul and _privat(namn)})


def for_langa(mods: dict[str, str], gräns: int = MAX_RADER) -> list[str]:
    """Modules longer than ``gräns`` lines."""
    return sorted(f"{m}: {len(k.splitlines())} rader" for m, k in mods.items() if len(k.splitlines()) > gräns)


def kodrader(notebook: dict) -> int:
    """Lines of code in a notebook: non-blank lines of code cells that are not only a comment."""
    return sum(1 for cell in notebook["cells"] if cell["cell_type"] == "code"
               for rad in "".join(cell["source"]).splitlines() if rad.strip() and not rad.strip().startswith("#"))


# --------------------------------------------------------------------------- the package

def test_importerna_gar_nedat_i_lagren():
    brott = fel_riktning(moduler())
    assert not brott, "Importer mot lagerordningen (cli > rapport/underlag/exempel > berakning > modell > " \
                      "indata > grund):\n" + "\n".join(brott)


def test_ingen_importcykel():
    hittade = cykler(moduler())
    assert not hittade, "Importcykler:\n" + "\n".join(" <-> ".join(c) for c in hittade)


def test_ingen_import_av_en_annan_moduls_privata_namn():
    brott = privata_importer(moduler())
    assert not brott, "Privata namn från andra moduler:\n" + "\n".join(brott)


def test_ingen_modul_over_500_rader():
    brott = for_langa(moduler())
    assert not brott, f"Moduler över {MAX_RADER} rader:\n" + "\n".join(brott)


def test_rapportnotebooken_ar_tunn():
    n = kodrader(json.loads(NOTEBOOK.read_text(encoding="utf-8")))
    assert n < MAX_NOTEBOOKRADER, f"{NOTEBOOK.name} har {n} rader kod (högst {MAX_NOTEBOOKRADER - 1})"


def test_alla_paket_har_ett_lager():
    assert {paket(m) for m in moduler()} == set(LAGER)


# --------------------------------------------------------------------------- the rules can fail

PAHITTAT = {
    "kfanalys": "from kfanalys.grund.fel import Fel\n",
    "kfanalys.grund": "",
    "kfanalys.grund.fel": "class Fel(Exception):\n    pass\n\n\ndef _hjalp():\n    pass\n",
    "kfanalys.modell": "",
    "kfanalys.modell.gap": "from kfanalys.grund import fel\n",
    "kfanalys.berakning": "",
    "kfanalys.berakning.cykel": "from kfanalys.modell import gap\n",
    "kfanalys.underlag": "",
    "kfanalys.underlag.arbetsbok": "from kfanalys.berakning import cykel\n",
    "kfanalys.exempel": "",
    "kfanalys.exempel.svar": "from kfanalys.underlag.arbetsbok import skriv\n",
    "kfanalys.rapport": "",
    "kfanalys.rapport.data": "from . import figur\n",
    "kfanalys.rapport.figur": "from ..grund.fel import Fel\n",
}


def _med(**andrat: str) -> dict[str, str]:
    return {**PAHITTAT, **{k.replace("__", "."): v for k, v in andrat.items()}}


def test_det_pahittade_paketet_foljer_reglerna():
    assert (fel_riktning(PAHITTAT), cykler(PAHITTAT), privata_importer(PAHITTAT), for_langa(PAHITTAT)) \
        == ([], [], [], [])


def test_en_import_uppat_hittas_aven_i_en_funktion():
    mods = _med(kfanalys__modell__gap="def f():\n    from kfanalys.berakning.cykel import berakna\n")
    assert fel_riktning(mods) == ["kfanalys.modell.gap (rad 2) importerar kfanalys.berakning.cykel: "
                                  "uppåt från modell till berakning"]


def test_en_import_i_sidled_mellan_rapport_underlag_och_exempel_hittas():
    mods = _med(kfanalys__rapport__data="import kfanalys.underlag.arbetsbok as a\n",
                kfanalys__underlag__arbetsbok="from kfanalys.exempel import svar\n")
    assert fel_riktning(mods) == [
        "kfanalys.rapport.data (rad 1) importerar kfanalys.underlag.arbetsbok: i sidled från rapport till underlag",
        "kfanalys.underlag.arbetsbok (rad 1) importerar kfanalys.exempel.svar: i sidled från underlag till exempel"]


def test_en_cykel_via_en_funktionsimport_hittas():
    mods = _med(kfanalys__modell__gap="from kfanalys.modell import risk\n",
                kfanalys__modell__risk="def f():\n    from kfanalys.modell.gap import g\n")
    assert cykler(mods) == [["kfanalys.modell.gap", "kfanalys.modell.risk"]]


def test_ett_privat_namn_hittas_i_from_import_och_som_attribut():
    mods = _med(kfanalys__modell__gap="from kfanalys.grund.fel import _hjalp\n",
                kfanalys__berakning__cykel="from kfanalys.grund import fel\nfel._hjalp()\n")
    assert privata_importer(mods) == ["kfanalys.berakning.cykel (rad 2) använder kfanalys.grund.fel._hjalp",
                                      "kfanalys.modell.gap (rad 1) använder kfanalys.grund.fel._hjalp"]


def test_en_for_lang_modul_hittas():
    mods = _med(kfanalys__modell__gap="x = 1\n" * (MAX_RADER + 1))
    assert for_langa(mods) == [f"kfanalys.modell.gap: {MAX_RADER + 1} rader"]


def test_notebookens_kodrader_raknas_utan_tomma_rader_och_kommentarer():
    nb = {"cells": [{"cell_type": "markdown", "source": ["# Rubrik\n", "text\n"]},
                    {"cell_type": "code", "source": ["# kommentar\n", "\n", "x = 1\n", "visa(x)  # visar\n"]},
                    {"cell_type": "code", "source": "y = 2"}]}
    assert kodrader(nb) == 3
