"""The Exempelkommun's population forecasts, and the files they come in.

:func:`befolkning` draws the forecast of the whole kommun (2021-2035, ages 0-100, 100 = 100+;
main and low variant) and of the area :data:`OMRADE` (the Förskolenämnden's own planning
area, a share of the kommun by age). The files look as a kommun gets them:

- ``befolkningsprognos.csv``, the kommun, as an SCB Statistikdatabasen CSV download
  (:func:`scb_csv`): a quoted title line, a blank line, the quoted header
  ``"region";"ålder";"kön";"2021";...;"2035"`` (semicolon, years as columns), rows
  ``"9999 Exempelkommun";"0 år";"män";1134;...`` with ages ``"0 år"`` .. ``"99 år"``,
  ``"100+ år"`` and a ``"totalt ålder"`` row per kön, ISO-8859-1, CRLF, integers. The split over
  kön is :func:`kon_uppdelning` (män = round(antal x the share of men at that age), kvinnor =
  the rest), so män + kvinnor is exactly the summed forecast at every age and year.
- ``befolkningsprognos_omraden.xlsx``, the area, in the kommun's own wide Excel layout
  (:func:`omradesbok`): one sheet, header ``Område | Ålder | 2021 | ... | 2035``, ages 0-100
  as integers, summed over kön.
- ``befolkningsprognos_lag.csv``, the low variant of a scenario (long: omrade, ar, alder,
  antal) with EVERY area, since a scenario's file replaces the whole base forecast.

>>> kon_uppdelning(pd.DataFrame({"omrade": ["X", "X"], "ar": [2021, 2021], "alder": [0, 95],
...                              "antal": [1001, 10]}))[["alder", "kon", "antal"]].values.tolist()
[[0, 'män', 514], [0, 'kvinnor', 487], [95, 'män', 3], [95, 'kvinnor', 7]]
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import numpy as np
import pandas as pd

from kfanalys.exempel.parametrar import INVANARE_2021, KOMMUN, MATAR, OMRADEN, PROGNOSAR
from kfanalys.grund.excel import skydda_arbetsbok

OMRADE = OMRADEN["forskola"]  # "Norra staden", the area of the Förskolenämnden (kommun.yaml omrade)
KOMMUNKOD = "9999"           # SCB's region code in front of the name (not a real kommun's code)
SCB_TITEL = "Befolkningsframskrivning efter region, ålder, kön och år"

# share of men by age (Swedish pattern: a few more boys, more women among the old)
_ANDEL_MAN = ([0, 20, 40, 60, 70, 80, 90, 100], [.513, .515, .51, .50, .48, .45, .37, .25])
# Norra staden's share of the kommun by age: a district with many families
_ANDEL_OMRADE = ([0, 6, 16, 20, 30, 45, 65, 80, 100], [.30, .29, .24, .21, .25, .22, .17, .14, .12])


def befolkning(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(main, low) forecast, long: omrade, ar (2021-2035), alder (0-100), antal (int64).

    Each frame has the kommun (``omrade`` = :data:`~kfanalys.exempel.parametrar.KOMMUN`) and
    :data:`OMRADE` (round(kommun x its share at that age)). 80+ grows ~3.5 %/year, ages 1-5
    shrink ~1 %/year. The low variant equals the main one up to 2025 and grows 0.6
    percentage points slower per year after that (in both areas).
    """
    knutar = {0: 1650, 5: 1700, 10: 1780, 15: 1720, 19: 1700, 22: 2300, 26: 2400, 30: 2250, 35: 2050,
              40: 1950, 45: 1950, 50: 2000, 55: 1950, 60: 1750, 65: 1650, 70: 1600, 75: 1450, 78: 1150,
              80: 950, 85: 620, 90: 300, 95: 90, 99: 25}
    alder = np.arange(101)
    bas = np.interp(alder, list(knutar), list(knutar.values()))
    bas[100] = 30.0  # 100 years and older
    bas = bas * rng.normal(1.0, 0.02, 101)
    bas = bas * INVANARE_2021 / bas.sum()
    # yearly change by age (-1 % for small children, +3.5 % for 80+), slowly growing total
    tillvaxt = np.interp(alder, [0, 5, 10, 15, 20, 30, 45, 60, 70, 75, 80, 90, 100],
                         [-.012, -.010, 0.0, .008, .005, .004, .006, .004, .010, .030, .037, .035, .030])
    ar = np.array(PROGNOSAR)
    t = (ar - PROGNOSAR[0])[:, None]
    antal = bas[None, :] * np.exp(tillvaxt[None, :] * t)
    lag = antal * np.exp(-0.006 * np.maximum(0, ar - MATAR[-1]))[:, None]
    andel = np.interp(alder, *_ANDEL_OMRADE)

    def ram(x: np.ndarray) -> pd.DataFrame:
        kommun = np.rint(x).astype(np.int64)
        delar = []
        for omrade, varden in ((KOMMUN, kommun), (OMRADE, np.rint(kommun * andel[None, :]).astype(np.int64))):
            delar.append(pd.DataFrame({"omrade": omrade, "ar": np.repeat(ar, 101).astype(np.int64),
                                       "alder": np.tile(alder, len(ar)).astype(np.int64),
                                       "antal": varden.ravel()}))
        return pd.concat(delar, ignore_index=True)

    return ram(antal), ram(lag)


def kon_uppdelning(bef: pd.DataFrame) -> pd.DataFrame:
    """Long forecast with kon (``män``/``kvinnor``) whose two rows add up to ``antal`` exactly.

    Columns omrade, ar, alder, kon, antal; rows ordered omrade, ar, alder, then män before kvinnor.
    """
    man = np.rint(bef["antal"].to_numpy() * np.interp(bef["alder"].to_numpy(), *_ANDEL_MAN)).astype(np.int64)
    ut = pd.concat([bef.assign(kon="män", antal=man, _k=0),
                    bef.assign(kon="kvinnor", antal=bef["antal"].to_numpy() - man, _k=1)])
    ut = ut.rename_axis("_rad").reset_index().sort_values(["_rad", "_k"], kind="stable")
    return ut[["omrade", "ar", "alder", "kon", "antal"]].reset_index(drop=True)


def scb_alder(alder: np.ndarray) -> np.ndarray:
    """SCB's age labels: ``"0 år"`` .. ``"99 år"``, ``"100+ år"``.

    >>> scb_alder(np.array([0, 99, 100])).tolist()
    ['0 år', '99 år', '100+ år']
    """
    alder = np.asarray(alder)
    return np.where(alder >= 100, "100+ år", np.char.add(alder.astype(str), " år")).astype(object)


def scb_csv(bef: pd.DataFrame, omrade: str = KOMMUN) -> bytes:
    """One area of a long forecast as an SCB Statistikdatabasen CSV download (ISO-8859-1 bytes).

    ``bef``: omrade, ar, alder, antal (summed over kön; split by :func:`kon_uppdelning`).
    Rows by age (0 .. 100+, then ``totalt ålder``), män before kvinnor; one column per year.
    """
    kon = kon_uppdelning(bef[bef["omrade"] == omrade])
    bred = kon.pivot_table(index=["alder", "kon"], columns="ar", values="antal", aggfunc="sum", sort=False)
    totalt = kon.groupby(["kon", "ar"], sort=False)["antal"].sum().unstack("ar")
    ar = [int(a) for a in bred.columns]
    etiketter = scb_alder(bred.index.get_level_values("alder").to_numpy())
    rader = pd.DataFrame({"region": f"{KOMMUNKOD} {omrade}", "alder": etiketter,
                          "kon": bred.index.get_level_values("kon")})
    rader = pd.concat([rader, pd.DataFrame({"region": f"{KOMMUNKOD} {omrade}", "alder": "totalt ålder",
                                            "kon": totalt.index})], ignore_index=True)
    varden = np.vstack([bred.to_numpy(np.int64), totalt[ar].to_numpy(np.int64)]).astype(str)
    text = ('"' + rader["region"] + '";"' + rader["alder"] + '";"' + rader["kon"] + '";'
            + pd.Series([";".join(r) for r in varden]))
    huvud = '"region";"ålder";"kön";' + ";".join(f'"{a}"' for a in ar)
    return "\r\n".join([f'"{SCB_TITEL}"', "", huvud, *text, ""]).encode("latin-1")


def omradesbok(bef: pd.DataFrame, omraden: list[str]) -> bytes:
    """The areas of a long forecast as the kommun's wide Excel file (bytes of an .xlsx).

    One sheet ``Befolkningsprognos``: ``Område | Ålder | <year> ...``, one row per area and age
    0-100 (integers, 100 = 100 år och äldre). The file is byte-identical for the same data (fixed
    document and zip timestamps).
    """
    from openpyxl import Workbook

    b = bef[bef["omrade"].isin(omraden)]
    bred = b.pivot_table(index=["omrade", "alder"], columns="ar", values="antal", aggfunc="sum")
    bred = bred.reindex(pd.MultiIndex.from_product([omraden, range(101)], names=["omrade", "alder"]))
    wb = Workbook()
    ws = wb.active
    ws.title = "Befolkningsprognos"
    ws.append(["Område", "Ålder", *[int(a) for a in bred.columns]])
    for (omrade, alder), rad in zip(bred.index, bred.to_numpy(np.int64).tolist()):
        ws.append([omrade, int(alder), *rad])
    fast = dt.datetime(2025, 11, 1)
    wb.properties.created = wb.properties.modified = fast
    wb.properties.creator = "kfanalys exempel"
    skydda_arbetsbok(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return _fast_zip(buf.getvalue())


def _fast_zip(data: bytes) -> bytes:
    """The same zip with every member's timestamp fixed (1980-01-01) and the workbook's save time
    (openpyxl stamps it) set to the created time, so equal content = equal bytes."""
    ut = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            innehall = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                innehall = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                  rb"\g<1>2025-11-01T00:00:00Z\g<2>", innehall)
            zout.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), innehall,
                          compress_type=zipfile.ZIP_DEFLATED)
    return ut.getvalue()
