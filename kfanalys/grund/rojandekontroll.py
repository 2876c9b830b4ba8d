"""Disclosure control: the one rule every published table, figure, sentence and workbook passes through.

A nämnd report is a public document. :func:`publicera` turns the computed tables of a cycle
(all nämnder and ``Hela kommunen`` at once, so the nämnd reports, the kommun report and every
workbook agree) into the tables that may be published. Hidden cells become NaN (shown as
``–``); the text column :data:`DOLT` of each row lists the hidden columns, a name ending in
``<`` when the value itself was from 1 to ``minsta``-1 (so a sentence can say "färre än 5").

The rules, for ``m = minsta`` (kommun.yaml ``minsta_antal``, default 5), using the kinds of
:mod:`kfanalys.grund.kolumner`:

1. **Group rule.** A row whose group size (``antal``, ``medelantal``, ``antal_chefer`` ..., or
   the size of the row's yrkeskategori looked up in ``pension.antal`` for tables without one)
   is from 1 to m-1 has every figure hidden: counts, shares, means, expected values,
   projections; a text that quotes its numbers (the risk motivation) is replaced.
2. **Count rule.** A person count from 1 to m-1 is hidden.
3. **Share rule.** A share is shown only when the count it implies (its numerator, or
   share × denominator) and the complement are both 0 or at least m; a share is hidden
   whenever its numerator or denominator count is hidden, and a rate whenever any count it
   is computed from is hidden (a turnover rate beside a hidden departure count would give it
   back: 9,0 × 33,3 % = 3).
4. **Complementary suppression.** For every set of cells whose sum is known (the parts of a
   row total: kvinnor + män = antal, the age bands; the yrkeskategorier of a nämnd and its
   ``Totalt`` row; the nämnder and ``Hela kommunen``; the age pyramid's bands and the totals
   of nuläge), the hidden part (hidden cells plus whatever the table leaves out, e.g. the
   yrkeskategorier a report does not analyse) must sum to 0 or to at least m; otherwise the
   smallest shown cell with a value is hidden too (a whole row when the cells are group
   sizes), until it holds. A total is taken as known even where it is printed elsewhere.
5. **Consistent rows.** A yrkeskategori hidden in one of the tables that count the
   månadsavlönade (pension, framskrivning, gap, rekrytering and their intervals, scenarios,
   risk, kvalitativt gap) is hidden in all of them, so no table gives back what another hides.
6. **Surplus rule.** A count that exceeds another count of the same group by 1 to m-1 is
   hidden (``anstallningar`` beside ``antal``: 52 employments for 50 persons would tell that
   two of them have a second job), and so is it whenever the count it exceeds is hidden.
7. **Quoted rates.** A text that quotes a rate computed from counts of another table (the risk
   motivation quotes the turnover rate of the prognosis, pooled over both periods of
   ``omsattning``) gets its version without the rate wherever the group the rate is from has a
   hidden cell in that table: pooled over the periods, the rate would give back a hidden
   departure count.
8. Per-person detail never leaves ``data/processed/``: tables per year and yrkeskategori of
   expected values (:data:`INTERNA`) are left out of the published set's workbooks, and no
   column of person-level data (person_id, födelseår, chef_id) may be published at all.

A group of 0 persons discloses nothing and is shown as 0.

>>> import pandas as pd
>>> t = pd.DataFrame({"namnd": "N", "niva": ["namnd", "yrkeskategori", "yrkeskategori", "yrkeskategori"],
...                   "grupp": ["Totalt", "A", "B", "C"], "antal": [59, 3, 6, 50], "kvinnor": [50, 3, 5, 42],
...                   "man": [9, 0, 1, 8]})
>>> p = publicera({"nulage": t}, 5)["nulage"]
>>> p["antal"].tolist()        # A (3) is hidden, and B (6, the smallest other) with it
[59.0, nan, nan, 50.0]
>>> p["man"].tolist()          # 9 - 8 = 1 would give A+B's men back: 8 goes too
[9.0, nan, nan, nan]
>>> p["_dolt"].tolist()[1]
'antal<,kvinnor<,man,rad<'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from kfanalys.grund.dolda import (DOLT, FOTNOT, RAD, ar_dold, beskrivning, dolt_under_minsta,  # noqa: F401
                                  fotnot, har_dolda)
from kfanalys.grund.kolumner import GRUPPSTORLEK, HARLEDD, NYCKEL, PERSONANTAL, slag

HELA_KOMMUNEN = "Hela kommunen"
TOTALT = "Totalt"
#: Columns of person-level data: a table holding one is never published.
PERSONUPPGIFTER = frozenset({"person_id", "fodelsear", "chef_id", "anstallningsdatum"})
#: Tables per year and yrkeskategori of expected values: used for figures, never in a workbook.
INTERNA = frozenset({"pension_per_ar", "rekrytering_per_ar", "rekrytering_intervall_per_ar", "backtest_per_grupp"})
#: Replaces a text that quotes the numbers of a hidden row (group below the minimum / hidden with one).
DOLD_TEXT = "Underlaget omfattar färre än {m} personer; siffrorna redovisas inte av integritetsskäl."
DOLD_TEXT_SEKUNDAR = ("Siffrorna redovisas inte av integritetsskäl: de skulle tillsammans med summorna visa "
                      "uppgifter om en grupp med färre än {m} personer.")
_EPS = 1e-6
_STORLEK = "_storlek"
_OVERSKOTT = "_overskott_"  # rule 6: a working column larger - smaller (never published)


@dataclass(frozen=True)
class Summa:
    """A set of cells whose sum is known: the rows that differ only in ``kolumn`` (the parts,
    where ``kolumn != total``; ``filter`` limits them) sum to the row with ``kolumn == total``
    (or, when ``total`` is None or no such row exists, their sum is printed elsewhere).
    ``grupp_av``: instead of ``kolumn``, parts are grouped by this function of the row
    (e.g. pairs of 5-year age bands, whose 10-year sums nuläge prints)."""

    kolumn: str
    total: str | None = TOTALT
    filter: tuple[str, str] | None = None
    ignorera: tuple[str, ...] = ()
    grupp_av: Callable[[pd.DataFrame], pd.Series] | None = None


@dataclass(frozen=True)
class Regel:
    """How one table is protected (see the module docstring)."""

    nycklar: tuple[str, ...]
    grupp: tuple[str, ...] = ()                      # group-size columns of the row
    grupp_fran_pension: bool = False                 # group size = pension.antal of (namnd, yrkeskategori)
    andelar: Mapping[str, tuple[tuple[str, ...], str | None]] = field(default_factory=dict)
    radsummor: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (total, parts); parts may leave a rest
    overskott: tuple[tuple[str, str], ...] = ()     # (larger, smaller): rule 6
    summor: tuple[Summa, ...] = ()
    texter: tuple[str, ...] = ()                     # text columns quoting the row's numbers
    # rule 7: (text, the text without the rate, table the rate is from, (its namnd, its yrkeskategori) columns)
    takttexter: tuple[tuple[str, str, str, tuple[str, str]], ...] = ()
    utelamna: tuple[str, ...] = ()                   # columns never published
    mansadsavlonade: bool = False                    # rows are the månadsavlönade per yrkeskategori (rule 5)
    slag: Mapping[str, str] = field(default_factory=dict)  # kinds that differ from the registry in this table

    def slag_av(self, kolumn: str) -> str:
        if str(kolumn).startswith(_OVERSKOTT):  # rule 6: the surplus is a person count of its own
            return PERSONANTAL
        return self.slag.get(kolumn) or slag(kolumn)


def _tioar(df: pd.DataFrame) -> pd.Series:
    """The 10-year band of nuläge (-29, 30-39, ..., 60-) that a 5-year band of the pyramid lies in."""
    start = pd.to_numeric(df["aldersgrupp"].astype(str).str.extract(r"(\d+)")[0], errors="coerce").fillna(0)
    return df["namnd"].astype(str) + "|" + np.clip((start // 10).astype(int), 2, 6).astype(str)


_NAMND = Summa("namnd", HELA_KOMMUNEN)
_YRKE = Summa("yrkeskategori", TOTALT)
_MANAD = dict(grupp_fran_pension=True, summor=(_YRKE, _NAMND), mansadsavlonade=True)

REGLER: dict[str, Regel] = {
    "nulage": Regel(
        ("namnd", "niva", "grupp"), grupp=("antal",),
        andelar={"andel_kvinnor": (("kvinnor",), "antal"), "andel_man": (("man",), "antal"),
                 "andel_tillsvidare": (("tillsvidare",), "antal"), "andel_heltid": (("heltid",), "manadsavlonade")},
        radsummor=(("antal", ("kvinnor", "man")),
                   ("antal", ("alder_29", "alder_30_39", "alder_40_49", "alder_50_59", "alder_60")),
                   ("antal", ("tillsvidare",)), ("antal", ("manadsavlonade",)), ("manadsavlonade", ("heltid",))),
        overskott=(("anstallningar", "antal"),),
        summor=(Summa("grupp", TOTALT, filter=("niva", "yrkeskategori"), ignorera=("niva",)),
                Summa("grupp", TOTALT, filter=("niva", "befattning"), ignorera=("niva",)),
                Summa("namnd", HELA_KOMMUNEN))),
    "aldersstruktur": Regel(
        ("namnd", "kon", "aldersgrupp"),
        summor=(Summa("aldersgrupp", None), Summa("namnd", HELA_KOMMUNEN),
                Summa("aldersgrupp", None, ignorera=("kon",), grupp_av=_tioar))),
    "chefer": Regel(("namnd",), grupp=("antal_chefer",),
                    andelar={"andel_chefer_over_riktmarke": ((), "antal_chefer")}, summor=(_NAMND,)),
    "floden": Regel(("namnd", "period", "typ", "motpart"), summor=(Summa("motpart", None), _NAMND),
                    utelamna=("andel",)),
    "omsattning": Regel(
        ("namnd", "yrkeskategori", "period"), grupp=("medelantal",),
        andelar={"omsattning": (("avgangar",), "medelantal"),
                 "omsattning_exkl_pension": (("avgangar", "avgangar_pension"), "medelantal")},
        radsummor=(("avgangar", ("avgangar_pension",)),), summor=(_YRKE, _NAMND)),
    "omsattning_befattning": Regel(
        ("namnd", "befattning", "period"), grupp=("medelantal",),
        andelar={"omsattning": (("avgangar",), "medelantal"),
                 "omsattning_exkl_pension": (("avgangar", "avgangar_pension"), "medelantal")},
        radsummor=(("avgangar", ("avgangar_pension",)),), summor=(Summa("befattning", TOTALT), _NAMND)),
    "pension": Regel(("namnd", "yrkeskategori"), grupp=("antal",), summor=(_YRKE, _NAMND), mansadsavlonade=True),
    "pension_per_ar": Regel(("namnd", "yrkeskategori", "ar"), **_MANAD),
    "framskrivning": Regel(("namnd", "yrkeskategori", "ar", "horisont"), grupp=("antal",),
                           summor=(_YRKE, _NAMND), mansadsavlonade=True),
    "gap": Regel(("namnd", "yrkeskategori", "horisont"), grupp=("antal",), summor=(_YRKE, _NAMND),
                 mansadsavlonade=True),
    "rekrytering": Regel(("namnd", "yrkeskategori", "horisont"), grupp=("antal",), summor=(_YRKE, _NAMND),
                         mansadsavlonade=True),
    "scenarier_gap": Regel(("scenario", "namnd", "yrkeskategori", "horisont"), grupp=("antal",),
                           summor=(_YRKE, _NAMND), mansadsavlonade=True),
    "scenarier_rekrytering": Regel(("scenario", "namnd", "yrkeskategori", "horisont"), grupp=("antal",),
                                   summor=(_YRKE, _NAMND), mansadsavlonade=True),
    "rekrytering_per_ar": Regel(("namnd", "yrkeskategori", "ar", "horisont"), **_MANAD,
                                slag={"avgangar": HARLEDD}),  # expected departures, not a count
    "rekrytering_intervall": Regel(("namnd", "yrkeskategori", "horisont"), **_MANAD),
    "rekrytering_intervall_per_ar": Regel(("namnd", "yrkeskategori", "ar", "horisont"), **_MANAD),
    "kvalitativt_gap": Regel(("namnd", "yrkeskategori", "niva"), **_MANAD),
    "risk": Regel(("namnd", "yrkeskategori"), grupp_fran_pension=True, texter=("motivering",), mansadsavlonade=True,
                  takttexter=(("motivering", "motivering_utan_takt", "omsattning",
                               ("takt_namnd", "takt_yrkeskategori")),),
                  utelamna=("motivering_utan_takt", "takt_namnd", "takt_yrkeskategori")),
    "urval": Regel(("namnd", "yrkeskategori"), grupp=("antal",), summor=(_YRKE,), mansadsavlonade=True),
    "urval_tackning": Regel(("namnd",), grupp=("antal",), radsummor=(("antal", ("antal_analyserade",)),)),
    "uppfoljning": Regel(("namnd", "yrkeskategori", "ar"), grupp=("faktiskt_antal", "prognos_behov"),
                         summor=(_YRKE, _NAMND)),
    "backtest_per_grupp": Regel(("fran_cykel", "namnd", "yrkeskategori", "ar"),
                                grupp=("faktiskt_antal", "prognos_antal")),
}


def _gruppnummer(df: pd.DataFrame, nycklar: list[str]) -> np.ndarray:
    """One integer per distinct combination of ``nycklar`` (all rows 0 when there are none)."""
    if not nycklar:
        return np.zeros(len(df), dtype=np.int64)
    return df.groupby(nycklar, sort=False, dropna=False).ngroup().to_numpy()


class _Tabell:
    """Working state of one table: raw values, hidden mask, below-minimum mask."""

    def __init__(self, df: pd.DataFrame, regel: Regel, m: int, storlek: pd.Series | None):
        self.df = df.reset_index(drop=True)
        self.regel, self.m = regel, m
        nycklar = set(regel.nycklar)
        self.kolumner = [k for k in self.df.columns
                         if k not in nycklar and k != DOLT and pd.api.types.is_numeric_dtype(self.df[k])
                         and not pd.api.types.is_bool_dtype(self.df[k]) and regel.slag_av(k) != NYCKEL]
        R = self.df[self.kolumner].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float) \
            if self.kolumner else np.zeros((len(self.df), 0))
        if storlek is not None:  # the looked-up group size, as a column of its own (never published)
            self.kolumner.append(_STORLEK)
            R = np.column_stack([R, storlek.to_numpy(dtype=float)])
        for stor, liten in regel.overskott:  # rule 6: the surplus as a count of its own, so rules 2 and 4 see it
            if stor in self.kolumner and liten in self.kolumner:
                js, jl = self.kolumner.index(stor), self.kolumner.index(liten)
                self.kolumner.append(_OVERSKOTT + stor)
                R = np.column_stack([R, np.nan_to_num(R[:, js]) - np.nan_to_num(R[:, jl])])
        self.index = {k: i for i, k in enumerate(self.kolumner)}
        self.R = R
        n = len(self.df)
        self.H = np.zeros(self.R.shape, dtype=bool)
        self.liten = np.zeros(self.R.shape, dtype=bool)
        self.rad = np.zeros(n, dtype=bool)       # rows hidden as a whole
        self.radliten = np.zeros(n, dtype=bool)  # rows hidden because the group is below the minimum
        grupper = [self.R[:, self.index[g]] for g in (*regel.grupp, _STORLEK) if g in self.index]
        for g in grupper:
            self.radliten |= (g > _EPS) & (g < m - _EPS)
        for k, j in self.index.items():
            if k == _STORLEK or regel.slag_av(k) in (PERSONANTAL, GRUPPSTORLEK):
                self.liten[:, j] = (self.R[:, j] > _EPS) & (self.R[:, j] < m - _EPS)
        self.H |= self.liten
        self.dolj_rader(self.radliten)

    def dolj_rader(self, mask: np.ndarray) -> bool:
        ny = mask & ~self.rad
        if ny.any():
            self.rad |= ny
            self.H[ny, :] = True
            return True
        return False

    def _kol(self, k: str | None) -> int | None:
        return self.index.get(k) if k is not None else None

    def andelar(self) -> bool:
        """Rule 3; returns True if anything changed."""
        andrat = False
        for andel, (taljare, namnare) in self.regel.andelar.items():
            ja = self._kol(andel)
            if ja is None:
                continue
            jn = self._kol(namnare)
            jt = [self._kol(t) for t in taljare if self._kol(t) is not None]
            dold = self.H[:, ja].copy()
            for j in jt:
                dold |= self.H[:, j]
            if jn is not None:
                dold |= self.H[:, jn]
                if not jt:  # no numerator in the table: the implied count and its complement
                    antal = self.R[:, jn]
                    implicit = np.round(self.R[:, ja] * antal)
                    rest = antal - implicit
                    dold |= ((implicit > _EPS) & (implicit < self.m - _EPS)) | ((rest > _EPS) & (rest < self.m - _EPS))
            if len(jt) == 1 and jn is not None:  # a hidden share hides its numerator (count = share × group)
                ny = dold & ~self.H[:, jt[0]] & ~np.isnan(self.R[:, ja])
                if ny.any():
                    self.H[ny, jt[0]] = True
                    andrat = True
            ny = dold & ~self.H[:, ja]
            if ny.any():
                self.H[ny, ja] = True
                andrat = True
        return andrat

    def _kontrollera(self, rader: np.ndarray, j: int, rest: float, hela_rader: bool) -> bool:
        """Rule 4 for one set of cells (rows ``rader`` of column ``j``) with ``rest`` left out."""
        andrat = False
        while True:
            varden = np.nan_to_num(self.R[rader, j])
            dolda = self.H[rader, j]
            summa = rest + float(varden[dolda].sum())
            if not (_EPS < summa < self.m - _EPS):
                return andrat
            kandidater = np.flatnonzero(~dolda & (varden > _EPS))
            if not len(kandidater):
                return andrat
            val = rader[kandidater[np.argmin(varden[kandidater])]]
            if hela_rader:
                self.dolj_rader(np.eye(1, len(self.rad), val, dtype=bool)[0])
            else:
                self.H[val, j] = True
            andrat = True

    def radsummor(self) -> bool:
        andrat = False
        for total, delar in self.regel.radsummor:
            jt = self._kol(total)
            jd = [self._kol(d) for d in delar if self._kol(d) is not None]
            if jt is None or not jd:
                continue
            R = np.nan_to_num(self.R[:, jd])
            rest = np.nan_to_num(self.R[:, jt]) - R.sum(axis=1)
            for i in np.flatnonzero(~self.H[:, jt]):
                while True:
                    summa = rest[i] + float(R[i][self.H[i, jd]].sum())
                    if not (_EPS < summa < self.m - _EPS):
                        break
                    kandidater = [(R[i, n], j) for n, j in enumerate(jd) if not self.H[i, j] and R[i, n] > _EPS]
                    if not kandidater:
                        break
                    self.H[i, min(kandidater)[1]] = True
                    andrat = True
        return andrat

    def overskott(self) -> bool:
        """Rule 6: the larger count is hidden with its surplus (hidden by rule 2 or 4) or with the smaller
        count; a hidden larger count hides its surplus, so the sums see it as hidden."""
        andrat = False
        for stor, liten in self.regel.overskott:
            js, jl, jv = self._kol(stor), self._kol(liten), self._kol(_OVERSKOTT + stor)
            if js is None or jl is None or jv is None:
                continue
            dold = self.H[:, js] | self.H[:, jl] | self.H[:, jv]
            ny = dold & ~(self.H[:, js] & self.H[:, jv])
            if ny.any():
                self.H[dold, js] = True
                self.H[dold, jv] = True
                andrat = True
        return andrat

    def summor(self) -> bool:
        """Rule 4 for every :class:`Summa` of the table, checked for all groups at once."""
        andrat = False
        df = self.df
        antalskolumner = [k for k in self.kolumner
                          if k == _STORLEK or self.regel.slag_av(k) in (PERSONANTAL, GRUPPSTORLEK)]
        for s in self.regel.summor:
            if s.kolumn not in df.columns:
                continue
            ovriga = [k for k in self.regel.nycklar if k != s.kolumn and k not in s.ignorera and k in df.columns]
            urval = np.ones(len(df), dtype=bool)
            if s.filter is not None:
                urval = (df[s.filter[0]] == s.filter[1]).to_numpy()
            ar_total = (df[s.kolumn] == s.total).to_numpy() if s.total is not None else np.zeros(len(df), bool)
            if s.grupp_av is not None:
                nyckel = pd.factorize(s.grupp_av(df).astype(str))[0]
            else:
                nyckel = _gruppnummer(df, ovriga)
            rader = np.flatnonzero(urval & ~ar_total)
            if not len(rader):
                continue
            antal_grupper = int(nyckel.max()) + 1
            totalrad = np.full(antal_grupper, -1)
            tot = np.flatnonzero(ar_total)
            totalrad[nyckel[tot][::-1]] = tot[::-1]  # the first total row of each group
            g = nyckel[rader]
            per_grupp = pd.Series(np.arange(len(rader))).groupby(g).indices
            for k in antalskolumner:
                j = self.index[k]
                v = np.nan_to_num(self.R[rader, j])
                delsumma = np.bincount(g, v, antal_grupper)
                t = totalrad
                tv = np.where(t >= 0, self.R[np.maximum(t, 0), j], np.nan)
                rest = np.where(np.isnan(tv), 0.0, np.nan_to_num(tv) - delsumma)
                dold = np.bincount(g, v * self.H[rader, j], antal_grupper)
                summa = rest + dold
                for grupp in np.flatnonzero((summa > _EPS) & (summa < self.m - _EPS)):
                    if grupp in per_grupp:
                        andrat |= self._kontrollera(rader[per_grupp[grupp]], j, float(rest[grupp]),
                                                    k in self.regel.grupp or k == _STORLEK)
        return andrat

    def kor(self) -> None:
        for _ in range(50):
            andrat = self.andelar()
            andrat |= self.radsummor()
            andrat |= self.overskott()
            andrat |= self.summor()
            if not andrat:
                return

    def resultat(self) -> pd.DataFrame:
        ut = self.df.copy()
        for k, j in self.index.items():
            if k != _STORLEK and not k.startswith(_OVERSKOTT):
                ut[k] = np.where(self.H[:, j], np.nan, self.R[:, j])
        for k in self.regel.texter:
            if k in ut.columns:
                ersatt = np.where(self.radliten, DOLD_TEXT.format(m=self.m), DOLD_TEXT_SEKUNDAR.format(m=self.m))
                ut[k] = ut[k].astype(object).where(~self.rad, pd.Series(ersatt, index=ut.index))
        ut = ut.drop(columns=[k for k in self.regel.utelamna if k in ut.columns])
        dolt = []
        for i in range(len(ut)):
            namn = [k + ("<" if self.liten[i, j] or (self.radliten[i] and k in self.regel.grupp) else "")
                    for k, j in self.index.items() if self.H[i, j] and k != _STORLEK and not k.startswith(_OVERSKOTT)]
            if self.rad[i]:
                namn.append(RAD + ("<" if self.radliten[i] else ""))
            dolt.append(",".join(namn))
        ut[DOLT] = dolt
        return ut


def _storlek(df: pd.DataFrame, pension: pd.DataFrame | None) -> pd.Series | None:
    if pension is None or not {"namnd", "yrkeskategori"} <= set(df.columns):
        return None
    n = pension.drop_duplicates(["namnd", "yrkeskategori"]).set_index(["namnd", "yrkeskategori"])["antal"]
    idx = pd.MultiIndex.from_frame(df[["namnd", "yrkeskategori"]].astype(object))
    return pd.Series(n.reindex(idx).to_numpy(dtype=float), index=df.index).fillna(0.0)


def kontrollera_personuppgifter(df: pd.DataFrame, var: str) -> None:
    """Raise if ``df`` holds person-level columns (it must never be published)."""
    from kfanalys.grund.fel import Berakningsfel

    farliga = sorted(PERSONUPPGIFTER & set(map(str, df.columns)))
    if farliga:
        raise Berakningsfel(f"{var}: tabellen innehåller personuppgifter (kolumnerna {', '.join(farliga)}) "
                            "och får inte publiceras")


def publicera(tabeller: Mapping[str, pd.DataFrame], minsta: int) -> dict[str, pd.DataFrame]:
    """The publishable version of every table (see the module docstring). The caller's frames
    are not changed; tables without a rule (texts: plan, analys ...) pass unchanged apart from
    the person-data check; non-frames are dropped."""
    m = int(minsta)
    pension = tabeller.get("pension")
    pension = pension if isinstance(pension, pd.DataFrame) and len(pension) else None
    ramar = {k: v for k, v in tabeller.items() if isinstance(v, pd.DataFrame)}
    for k, v in ramar.items():
        kontrollera_personuppgifter(v, f"Tabellen {k}")
    dolda_par: set[tuple[str, str]] = set()
    ut: dict[str, pd.DataFrame] = {}
    for _ in range(10):  # rule 5: until no table hides a yrkeskategori the others show
        tillstand: dict[str, _Tabell] = {}
        for namn, df in ramar.items():
            regel = REGLER.get(namn)
            if regel is None:
                continue
            storlek = _storlek(df, pension) if regel.grupp_fran_pension else None
            t = _Tabell(df, regel, m, storlek)
            if regel.mansadsavlonade and dolda_par and {"namnd", "yrkeskategori"} <= set(t.df.columns):
                par = pd.MultiIndex.from_frame(t.df[["namnd", "yrkeskategori"]].astype(str))
                t.dolj_rader(par.isin(list(dolda_par)))
            t.kor()
            tillstand[namn] = t
        nya = set(dolda_par)
        for namn, t in tillstand.items():
            if t.regel.mansadsavlonade and t.rad.any():
                d = t.df.loc[t.rad, ["namnd", "yrkeskategori"]].astype(str)
                nya |= set(zip(d["namnd"], d["yrkeskategori"]))
        nya = {p for p in nya if p[1] != TOTALT}
        if nya == dolda_par:
            break
        dolda_par = nya
    for namn, df in ramar.items():
        ut[namn] = tillstand[namn].resultat() if namn in tillstand else df.copy()
    for namn in tillstand:
        _takttexter(namn, ramar[namn].reset_index(drop=True), ut)
    return ut


def _takttexter(namn: str, raa: pd.DataFrame, ut: dict[str, pd.DataFrame]) -> None:
    """Rule 7 on the published table ``ut[namn]`` (``raa``: the computed one, same row order)."""
    for text, utan, tabell, (knamnd, kyrke) in REGLER[namn].takttexter:
        kalla, pub = ut.get(tabell), ut[namn]
        if kalla is None or text not in pub.columns or not {utan, knamnd, kyrke} <= set(raa.columns):
            continue
        dold = kalla[DOLT].fillna("").astype(str) != ""
        par = list(zip(kalla.loc[dold, "namnd"].astype(str), kalla.loc[dold, "yrkeskategori"].astype(str)))
        traff = pd.MultiIndex.from_frame(raa[[knamnd, kyrke]].astype(str)).isin(par) & (
            pub[text].astype(object).to_numpy() == raa[text].astype(object).to_numpy())  # not replaced already
        pub[text] = pub[text].astype(object).where(~traff, raa[utan].astype(object))
