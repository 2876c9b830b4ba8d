"""One cycle computed (pure, :mod:`.cykel`), stored (:mod:`.lagring`), and orchestrated
(:mod:`.orkestrering`: the previous-cycle rule, simulation, backtest, scenarios)."""

from kfanalys.berakning.cykel import Resultat, berakna_cykel, med_summor
from kfanalys.berakning.lagring import las_resultat, spara
from kfanalys.berakning.orkestrering import (berakna_med_foregaende, berakna_och_spara, foregaende_resultat,
                                             kor_scenarier, med_osakerhet_och_scenarier)

__all__ = ["Resultat", "berakna_cykel", "med_summor", "las_resultat", "spara", "berakna_med_foregaende",
           "berakna_och_spara", "foregaende_resultat", "kor_scenarier", "med_osakerhet_och_scenarier"]
