"""What a report reads: the published tables of one cycle, for one nämnd or the kommun.

Every number a report shows comes from :class:`Rapportdata`: the section functions of
:mod:`kfanalys.rapport.avsnitt` render it and the notebooks only call them. The tables are the
published ones (hidden cells NaN, each row's ``_dolt`` lists them); :func:`antal_i_text` and
:func:`varde_i_text` put a figure of such a row into a sentence ("färre än 5", or None when the
sentence must leave it out).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfanalys.grund import sokvagar
from kfanalys.modell import floden
from kfanalys.modell.urval import publicerade_tabeller


#: Used when antaganden.json carries no definition of its own (the default of ARKITEKTUR.md).
DEFINITION_OMSATTNING = floden.DEFINITION_OMSATTNING  # one wording: the one the computation states


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
    #: None, or a list that :func:`kfanalys.rapport.avsnitt_delar.tabell` appends every table it renders to,
    #: as ``(bildtext, df, kolumner, kw)``: the report workbook's sheets (:mod:`kfanalys.rapport.arbetsbok`)
    visade_tabeller: list | None = None

    @property
    def minsta(self) -> int:
        return int(self.konfig.antaganden.minsta_antal)

    @property
    def namn(self) -> str:
        """The name the report is about: the nämnd's, or the kommun's for the kommun report."""
        return self.namnd.namn if self.namnd is not None else self.konfig.kommun

    @property
    def radnamn(self) -> str:
        """The ``namnd`` of the report's rows in the tables: the nämnd, or ``Hela kommunen``."""
        from kfanalys.grund.schema import HELA_KOMMUNEN

        return self.namnd.namn if self.namnd is not None else HELA_KOMMUNEN

    @property
    def basdatum(self) -> str:
        """The base date as written in the report (ISO, ``2025-11-01``)."""
        return str(self.meta.get("basdatum", self.cykel))[:10]

    @property
    def horisonter(self) -> list[int]:
        return [int(h) for h in self.konfig.antaganden.horisonter]

    @property
    def foregaende_cykel(self):
        """The cycle followed up (``antaganden.json``), or None."""
        return self.meta.get("foregaende_cykel")

    @property
    def workshop_fel(self) -> str | None:
        """Why the nämnd's workshop workbook could not be read, or None (always None for the kommun)."""
        fel = self.meta.get("workshop_fel") or {}
        return fel.get(self.namnd.kortnamn) if self.namnd is not None and isinstance(fel, dict) else None

    @property
    def anmarkningar(self) -> list[str]:
        """The notes of the cycle (``antaganden.json``) for this report: a nämnd's report leaves out the
        workshop errors of the other nämnder (each report shows its own); the kommun report has them all."""
        noter = [str(n) for n in (self.meta.get("anmarkningar") or []) if str(n).strip()]
        fel = self.meta.get("workshop_fel") or {}
        if self.namnd is None or not isinstance(fel, dict):
            return noter
        andras = [(str(k), str(t)) for k, t in fel.items() if k != self.namnd.kortnamn]
        return [n for n in noter if not any(n.endswith(t) and f" {k} " in n for k, t in andras)]

    def tabell(self, namn: str, namnd: str | None = None):
        """Rows of table ``namn`` for the report's nämnd (``Hela kommunen`` in the kommun report, or
        ``namnd``); an empty frame if none."""
        import pandas as pd

        df = self.tabeller.get(namn)
        if not isinstance(df, pd.DataFrame):
            return pd.DataFrame()
        valt = namnd or self.radnamn
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

    def med_kommun(self, namn: str):
        """Rows of every nämnd (kommun.yaml order) and then the ``Hela kommunen`` rows of table ``namn``."""
        import pandas as pd

        delar = [d for d in (self.alla_namnder(namn), self.kommun(namn)) if len(d)]
        return pd.concat(delar, ignore_index=True) if delar else pd.DataFrame()

    def definition(self, nyckel: str, standard: str = "") -> str:
        d = self.meta.get("definitioner")
        if isinstance(d, dict) and d.get(nyckel):
            return str(d[nyckel])
        return standard


#: When True, :func:`las_rapportdata` returns a :class:`Rapportdata` that records every table its sections
#: show (``visade_tabeller``). The batch sets it in the report's kernel, so the report workbook is written from
#: the tables the notebook rendered instead of running every section again (:mod:`kfanalys.rapport.arbetsbok`).
SPELA_IN_TABELLER = False


def las_rapportdata(namnd: str | None, cykel: int, datamapp=None, scenario: str | None = "bas",
                    processed=None) -> Rapportdata:
    """Load what a report notebook needs: the notebook's parameters in, :class:`Rapportdata` out.

    ``datamapp`` None/"" = the Exempelkommun; ``processed`` None/"" = compute now (an analyst
    running the notebook on its own; the batch passes the folder it computed once).
    ``namnd`` is a kortnamn or name (None/"" for the kommun report).
    """
    from kfanalys.berakning import lagring, orkestrering
    from kfanalys.indata.konfig import las_konfig

    datamapp = Path(datamapp) if datamapp else sokvagar.exempel_mapp()
    if not processed:
        processed = orkestrering.berakna_och_spara(datamapp, int(cykel), scenario)
    resultat = lagring.las_resultat(Path(processed))
    konfig = las_konfig(datamapp / "kommun.yaml")
    vald = konfig.namnd(namnd) if namnd else None
    return Rapportdata(konfig, vald, publicerade_tabeller(resultat.tabeller, konfig.antaganden.minsta_antal),
                       dict(resultat.meta or {}), Path(processed), int(cykel), konfig.scenario(scenario).kortnamn,
                       visade_tabeller=[] if SPELA_IN_TABELLER else None)


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


def _dold(rad, kolumn: str) -> bool:
    from kfanalys.grund.rojandekontroll import ar_dold

    return ar_dold(rad, kolumn) or ar_dold(rad, "rad")


def antal_i_text(rad, kolumn: str, minsta: int) -> str | None:
    """A count of a published row for running text: ``"färre än 5"`` when the disclosure rule hid it
    because it is from 1 to minsta-1 (or it is, in a table given by hand); None when it is hidden for
    another reason (complementary suppression: the sentence must leave it out) or missing.

    >>> import pandas as pd
    >>> rad = pd.Series({"antal": float("nan"), "man": float("nan"), "kvinnor": 40.0, "_dolt": "antal<,man"})
    >>> antal_i_text(rad, "antal", 5), antal_i_text(rad, "man", 5), antal_i_text(rad, "kvinnor", 5)
    ('färre än 5', None, '40')
    """
    from kfanalys.grund.rojandekontroll import dolt_under_minsta

    if dolt_under_minsta(rad, kolumn):
        return f"färre än {int(minsta)}"
    x = rad.get(kolumn) if hasattr(rad, "get") else None
    if _dold(rad, kolumn) or _saknas_tal(x):
        return None
    return antal_text(x, minsta)


def varde_i_text(rad, kolumn: str, format: str | None = None) -> str | None:
    """A share, mean or ratio of a published row for running text (format from the registry), or None
    when it is hidden or missing: a sentence leaves it out or says it "redovisas inte", never "–".

    >>> import pandas as pd
    >>> rad = pd.Series({"andel_man": float("nan"), "medelalder": 44.25, "_dolt": "andel_man"})
    >>> varde_i_text(rad, "andel_man"), varde_i_text(rad, "medelalder")
    (None, '44,3')
    """
    from kfanalys.grund.kolumner import hitta
    from kfanalys.grund.talformat import formatera

    x = rad.get(kolumn) if hasattr(rad, "get") else None
    if _dold(rad, kolumn) or _saknas_tal(x):
        return None
    if format is None:
        post = hitta(kolumn)
        format = post.format if post is not None else "tal1"
    return formatera(x, format)


def _saknas_tal(x) -> bool:
    import math

    try:
        return x is None or not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


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


def med_namn(df, namn: dict):
    """``df`` with columns renamed for display (``{"antal": "antal_manadsavlonade"}``: a registered name whose
    heading says which population is counted), the hidden-cell list ``_dolt`` renamed with them (so the
    footnote and "färre än" still see a hidden cell). A new frame.

    >>> import pandas as pd
    >>> t = med_namn(pd.DataFrame({"antal": [3.0], "_dolt": ["antal<,rad<"]}), {"antal": "antal_manadsavlonade"})
    >>> t.columns.tolist(), t["_dolt"].tolist()
    (['antal_manadsavlonade', '_dolt'], ['antal_manadsavlonade<,rad<'])
    """
    from kfanalys.grund.rojandekontroll import DOLT

    ut = df.rename(columns=namn)
    if DOLT in ut.columns:
        def byt(d) -> str:
            delar = [p for p in str(d if isinstance(d, str) else "").split(",") if p]
            return ",".join(namn.get(p.rstrip("<"), p.rstrip("<")) + ("<" if p.endswith("<") else "") for p in delar)
        ut[DOLT] = ut[DOLT].map(byt)
    return ut
