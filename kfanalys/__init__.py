"""kfanalys: kompetensförsörjningsanalys för svenska kommuner.

Rena, testade funktioner på pandas DataFrames: validering av indata, nuläge, flöden och
personalomsättning, pensionsavgångar, personalframskrivning, gap, rekryteringsbehov, risk,
scenarier, och rapporter per nämnd och cykel.
"""

__version__ = "0.1.0"

from kfanalys.grund.fel import Indatafel, Problem  # noqa: E402,F401
