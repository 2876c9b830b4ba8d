"""The Swedish number format: the one place numbers become text (reports, sentences, alt texts).

Number format (as Swedish reports write it): thousands separated by a no-break space
(U+00A0), decimal comma, ``%`` after a no-break space, a missing or suppressed value
shown as an en dash ``–``. Rounding is half away from zero on the decimal value as
written (``2,675`` -> ``2,68``), and ``-0`` is never printed.

>>> fmt_tal(1811)
'1\\xa0811'
>>> fmt_procent(0.0924)
'9,2\\xa0%'
>>> fmt_pe(-10), fmt_pe(10), fmt_pe(0)
('-10', '+10', '0')
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pandas as pd

from kfanalys.grund.fel import Berakningsfel

NBSP = "\u00a0"
STRECK = "\u2013"  # en dash: missing or suppressed value
FORMAT = ("text", "tal", "tal1", "procent", "pe", "gap", "datum")


# --------------------------------------------------------------------------- number format

def _saknas(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _avrunda(x, decimaler: int) -> Decimal:
    try:
        d = Decimal(repr(float(x)))
    except (InvalidOperation, TypeError, ValueError):
        raise Berakningsfel(f"Kan inte formatera värdet {x!r} som ett tal") from None
    d = d.quantize(Decimal(1).scaleb(-decimaler), rounding=ROUND_HALF_UP)
    return d + 0 if d == 0 else d  # drop the sign of -0


def fmt_tal(x, decimaler: int = 0) -> str:
    """A number in Swedish format: ``1811 -> "1 811"`` (no-break space), ``1811.5`` with
    ``decimaler=1 -> "1 811,5"``, ``-8 -> "-8"``, NaN/None -> ``"–"``.

    >>> fmt_tal(1811.5, 1), fmt_tal(-8), fmt_tal(None), fmt_tal(-0.2)
    ('1\\xa0811,5', '-8', '–', '0')
    """
    if _saknas(x):
        return STRECK
    d = _avrunda(x, decimaler)
    text = f"{d:,.{decimaler}f}"
    return text.replace(",", NBSP).replace(".", ",")


def fmt_procent(andel, decimaler: int = 1) -> str:
    """A share (fraction 0-1) as per cent: ``0.0924 -> "9,2 %"``; NaN -> ``"–"``.

    >>> fmt_procent(0.0925), fmt_procent(1), fmt_procent(0.61, 0)
    ('9,3\\xa0%', '100,0\\xa0%', '61\\xa0%')
    """
    if _saknas(andel):
        return STRECK
    return fmt_tal(Decimal(repr(float(andel))) * 100, decimaler) + NBSP + "%"


def fmt_pe(x, decimaler: int = 0) -> str:
    """A signed difference (percentage points, or a gap in persons): ``10 -> "+10"``,
    ``-10 -> "-10"``, ``0 -> "0"``, NaN -> ``"–"``.

    >>> fmt_pe(2.48, 2), fmt_pe(-0.4)
    ('+2,48', '0')
    """
    if _saknas(x):
        return STRECK
    text = fmt_tal(x, decimaler)
    return "+" + text if _avrunda(x, decimaler) > 0 else text


TALORD = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio", 10: "tio"}


def talord(n: int) -> str:
    """1-10 as Swedish words, larger numbers as digits: ``talord(5) == "fem"``."""
    return TALORD.get(int(n), fmt_tal(n))


def ar_text(h: int) -> str:
    """``ar_text(5) == "fem år"``, ``ar_text(1) == "ett år"``."""
    return f"{talord(h)} år"


def kommande(h: int) -> str:
    """``kommande(2) == "de kommande två åren"``; ``kommande(1) == "det kommande året"``."""
    return "det kommande året" if int(h) == 1 else f"de kommande {talord(h)} åren"


def formatera(x, format: str) -> str:
    """Format one value with one of :data:`FORMAT` (``gap`` = signed whole persons)."""
    if format == "text":
        return STRECK if _saknas(x) and not isinstance(x, str) else str(x)
    if format == "tal":
        return fmt_tal(x)
    if format == "tal1":
        return fmt_tal(x, 1)
    if format == "procent":
        return fmt_procent(x)
    if format in ("pe", "gap"):
        return fmt_pe(x)
    if format == "datum":  # ISO date, as Swedish dates are written: 2025-09-30
        if _saknas(x):
            return STRECK
        try:
            return pd.Timestamp(x).strftime("%Y-%m-%d")
        except (TypeError, ValueError):
            return str(x)
    raise Berakningsfel(f'Okänt format "{format}"; välj ett av {", ".join(FORMAT)}')
