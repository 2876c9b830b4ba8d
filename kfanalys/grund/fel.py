"""Errors the user sees: every problem names the file, row, column and value (in Swedish).

A row is numbered as the user sees it in Excel: the header is row 1, the first data row
is row 2. A cell in a workbook is named as in Excel (``C7``).

>>> p = Problem("anstallningar.csv", "sysselsattningsgrad", "ska vara 0-100", rad=17, varde="120")
>>> str(p)
'anstallningar.csv, rad 17, kolumn sysselsattningsgrad: "120" ska vara 0-100'
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, field

#: A value echoed in a message is cut to this many characters (then "…"): a 200 MB answer or
#: a huge YAML structure is never printed whole.
MAX_VARDELANGD = 80

_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxtuple, _REPR.maxset = 2, 4, 6, 6, 6
_REPR.maxstring = _REPR.maxother = MAX_VARDELANGD


def kort_text(varde: object, max_langd: int = MAX_VARDELANGD) -> str:
    """A value as a message shows it: on one line, at most ``max_langd`` characters, then "…".

    Lists and mappings are rendered with :mod:`reprlib` (nested levels and long lists
    abbreviated), so a huge structure is never turned into text whole.

    >>> kort_text("x" * 100)[-3:], len(kort_text("x" * 100)), kort_text("rad 1\\nrad 2")
    ('xx…', 81, 'rad 1 rad 2')
    >>> kort_text({"typ": "barn"}), kort_text(list(range(100)))
    ("{'typ': 'barn'}", '[0, 1, 2, 3, 4, 5, ...]')
    """
    if isinstance(varde, (list, tuple, dict, set, frozenset)):
        text = _REPR.repr(varde)
    else:
        text = str(varde)
    text = " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text
    if len(text) > max_langd:
        text = text[:max_langd].rstrip() + "…"
    return text


@dataclass(frozen=True, eq=False)
class Felgrupp:
    """Every row of one (file, column, fault), also those a message leaves out.

    A reader lists at most a few :class:`Problem` per fault (then one line counting the rest);
    each of them carries the same ``Felgrupp`` so a full list (``valideringsfel.xlsx``) can
    show every row. ``rader`` (Excel row numbers) and ``varden`` (the cell texts, or None) hold
    at most :data:`MAX_GRUPPRADER` rows; ``antal`` is the true count.
    """

    fil: str
    kolumn: str | None
    forvantat: str
    antal: int
    rader: object  # numpy array of int
    varden: object = None  # numpy array of object, or None when the value must not be shown
    blad: str | None = None


#: Rows of one fault kept for the full list (a workbook has room for about a million).
MAX_GRUPPRADER = 100_000


@dataclass(frozen=True)
class Problem:
    """One problem in one input: where it is, what was found, what was expected.

    ``grupp`` (not part of equality) is set when the problem is one of many of the same
    fault: the :class:`Felgrupp` with all its rows.
    """

    fil: str
    kolumn: str | None
    forvantat: str
    rad: int | None = None
    varde: object = None
    blad: str | None = None
    cell: str | None = None
    grupp: Felgrupp | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        delar = [self.fil]
        if self.blad is not None:
            delar.append(f"blad {kort_text(self.blad)}")
        if self.cell is not None:
            delar.append(f"cell {self.cell}")
        if self.rad is not None:
            delar.append(f"rad {self.rad}")
        if self.kolumn is not None:
            delar.append(f"kolumn {kort_text(self.kolumn, 2 * MAX_VARDELANGD)}")
        plats = ", ".join(delar)
        if self.varde is None:
            return f"{plats}: {self.forvantat}"
        return f'{plats}: "{kort_text(self.varde)}" {self.forvantat}'


class KfanalysFel(Exception):
    """Base class for every error kfanalys shows a user (message in Swedish)."""


class Indatafel(KfanalysFel):
    """One or more problems in the inputs. ``problem`` lists them all."""

    def __init__(self, problem: list[Problem] | Problem, rubrik: str = "Fel i indata"):
        if isinstance(problem, Problem):
            problem = [problem]
        self.problem = list(problem)
        self.rubrik = rubrik
        super().__init__(self.meddelande())

    def meddelande(self, max_antal: int = 200) -> str:
        rader = [f"{self.rubrik} ({len(self.problem)} problem):"]
        for p in self.problem[:max_antal]:
            rader.append(f"  - {p}")
        if len(self.problem) > max_antal:
            rader.append(f"  ... och {len(self.problem) - max_antal} till")
        return "\n".join(rader)


class Berakningsfel(KfanalysFel):
    """A computation cannot be done with these assumptions (names the yrkeskategori and value)."""


def intervall_text(tal: list[int]) -> str:
    """Sorted whole numbers as ranges, for messages: ``[1, 2, 3, 7]`` -> ``'1-3, 7'``.

    >>> intervall_text([1, 2, 3, 7]), intervall_text([])
    ('1-3, 7', '')
    """
    delar, start = [], None
    for i, t in enumerate(tal):
        if start is None:
            start = t
        if i + 1 == len(tal) or tal[i + 1] != t + 1:
            delar.append(str(start) if start == t else f"{start}-{t}")
            start = None
    return ", ".join(delar)
