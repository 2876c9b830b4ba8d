"""Rolling-origin backtest: every earlier forecast that can be scored, scored at one cycle.

:func:`backtest_rullande` is the backtest a cycle ``till_cykel`` reports: the register is cut at
``till_cykel``'s base date (:func:`kfanalys.berakning.orkestrering.register_till`: nothing after
it is known at the cycle), and every earlier year with a snapshot that has at least two later
years with a snapshot up to that date (:func:`kfanalys.modell.backtest.ursprungsar`) is an
origin. Each origin is one forecast (one cycle computation plus one simulation) made with the
register cut at *its own* base date and scored against the later snapshots by
:func:`kfanalys.berakning.orkestrering.backtest`; :func:`kfanalys.modell.backtest.rullande`
stacks the origins (column ``fran_cykel``) and scores them pooled per nämnd and ``Hela
kommunen``, with the 95 % Wilson interval of the interval coverage.

:func:`kfanalys.berakning.orkestrering.med_osakerhet_och_scenarier` (``kfanalys berakna``) runs
the same composition itself (orkestrering cannot import this module: that would be an import
cycle), so the cycle's ``backtest`` / ``backtest_per_grupp`` tables are these;
``tests/test_backtest_rullande.py`` checks that both give the same tables.
"""

from __future__ import annotations

import pandas as pd

from kfanalys.berakning import orkestrering
from kfanalys.modell import backtest as backtest_mod
from kfanalys.modell import nulage


def backtest_rullande(indata, till_cykel: int, antal_korningar: int = 1000, seed: int = 2025,
                      parameterosakerhet: bool = True) -> backtest_mod.Rullande:
    """Every origin before ``till_cykel`` with at least two later years of data up to its base date,
    scored with :func:`kfanalys.berakning.orkestrering.backtest` (``antal_korningar`` simulated
    futures per origin, ``seed``, ``parameterosakerhet`` as there) and stacked
    (:class:`kfanalys.modell.backtest.Rullande`). When no origin could be scored,
    ``otillrackligt`` says why in Swedish and the frames are empty.

    Raises :class:`kfanalys.grund.fel.Berakningsfel` if the register has no snapshot in ``till_cykel``.
    """
    basdatum = nulage.basdatum(indata.anstallningar, int(till_cykel))
    kant = orkestrering.register_till(indata, pd.Timestamp(basdatum))
    minsta = int(kant.konfig.antaganden.minsta_antal)
    return backtest_mod.rullande(
        kant.anstallningar, int(till_cykel),
        lambda fran: orkestrering.backtest(kant, fran, antal_korningar, seed, parameterosakerhet),
        minsta, antal_korningar, seed, parameterosakerhet)
