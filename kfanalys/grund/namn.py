"""One rule for matching what people type: headers, categories, drop-down words, short names.

:func:`normalisera` lower-cases, folds the Swedish (and a few other accented) letters to ASCII
and collapses the separators, so ``"Födelseår"``, ``" FODELSEAR"`` and ``"födelseår "`` are one
key. Every reader and matcher in kfanalys uses it (the input files' headers and categories,
kommun.yaml's short names, the workshop workbooks' drop-down words).
"""

from __future__ import annotations

import re

#: Letters folded to ASCII (after lower-casing, so capitals fold too).
BOKSTAVER = str.maketrans({"å": "a", "ä": "a", "à": "a", "ö": "o", "é": "e", "è": "e", "ü": "u"})

_INTE_ALFANUMERISKT = re.compile(r"[^a-z0-9]+")


def normalisera(text: object, sep: str = " ") -> str:
    """``text`` trimmed, lower case, Swedish letters folded, separators collapsed.

    ``sep=" "`` (words): every run of whitespace becomes one blank; other characters stay, so
    ``"Mer!"`` is not ``"mer"``. ``sep="_"`` (keys): every run of characters other than
    a-z and 0-9 becomes ``_``, none at either end.

    >>> normalisera(" Mycket  MER "), normalisera("Låg"), normalisera("Mer!")
    ('mycket mer', 'lag', 'mer!')
    >>> normalisera("  Födelseår ", "_"), normalisera("Person ID", "_"), normalisera("Sysselsättningsgrad (%)", "_")
    ('fodelsear', 'person_id', 'sysselsattningsgrad')
    """
    s = str(text).lower().translate(BOKSTAVER)
    if sep == " ":
        return " ".join(s.split())
    return _INTE_ALFANUMERISKT.sub(sep, s).strip(sep)


__all__ = ["BOKSTAVER", "normalisera"]
