"""What a report notebook reads: the published tables of one cycle, for one nämnd or the kommun.

Every number a notebook renders comes from :class:`Rapportdata` (the notebooks only render).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfanalys.grund import sokvagar
from kfanalys.modell.urval import publicerade_tabeller


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
        from kfanalys.grund.schema import HELA_KOMMUNEN

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
    from kfanalys.berakning import cykel as berakning
    from kfanalys.indata.konfig import las_konfig

    datamapp = Path(datamapp) if datamapp else sokvagar.exempel_mapp()
    if not processed:
        processed = berakning.berakna_och_spara(datamapp, int(cykel), scenario)
    resultat = berakning.las_resultat(Path(processed))
    konfig = las_konfig(datamapp / "kommun.yaml")
    vald = konfig.namnd(namnd) if namnd else None
    return Rapportdata(konfig, vald, publicerade_tabeller(resultat.tabeller, konfig.antaganden.minsta_antal),
                       dict(resultat.meta or {}), Path(processed), int(cykel), konfig.scenario(scenario).kortnamn)


def antal_text(x, minsta: int) -> str:
    """A count of persons for running text: ``"färre än 5"`` when 0 < x < minsta (privacy).

    >>> antal_text(1811, 5).replace("\xa0", " "), antal_text(3, 5), antal_text(0, 5)
    ('1 811', 'färre än 5', '0')
    """
    from kfanalys.grund.talformat import fmt_tal

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

    from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

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
