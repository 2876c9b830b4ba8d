"""Population forecasts as SCB and kommuner deliver them (kfanalys.indata.befolkningsformat).

Metamorphic: one small synthetic forecast (Göteborg and Mölndal, 2025-2027, ages 0-100, kön)
is written in every accepted layout; each must give exactly the frame the plain long file
gives, and that frame is checked against values computed by hand. Then one Swedish error per
ambiguous case.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kfanalys.indata import register
from kfanalys.indata.befolkningsformat import befolkningsfiler
from kfanalys.indata.konfig import las_konfig

KOMMUN_YAML = """\
kommun: Göteborg
namnder:
  - namn: Förskolenämnden
    kortnamn: forskola
    forvaltning: Förskoleförvaltningen
    omrade: Göteborg
  - namn: Socialnämnden
    kortnamn: social
    forvaltning: Socialförvaltningen
    omrade: Mölndal
yrkeskategorier:
  - namn: Förskollärare
    drivare: {typ: alder, fran: 1, till: 5}
"""

OMRADEN = {"Göteborg": ("1480", 1), "Mölndal": ("1481", 2)}
AREN = (2025, 2026, 2027)
KON = {"M": "män", "K": "kvinnor"}


def antal(omrade: str, ar: int, alder: int, kon: str) -> int:
    """The synthetic count: 1000 per area number + 10 per year of age + 1 per year after 2025,
    women 5 more."""
    return 1000 * OMRADEN[omrade][1] + 10 * alder + (ar - 2025) + (5 if kon == "K" else 0)


def lang(omraden=tuple(OMRADEN)) -> pd.DataFrame:
    return pd.DataFrame([{"omrade": o, "ar": ar, "alder": a, "kon": k, "antal": antal(o, ar, a, k)}
                         for o in omraden for ar in AREN for a in range(101) for k in ("M", "K")])


def aldersetikett(a: int) -> str:
    return "100+ år" if a == 100 else f"{a} år"


def scb_rader(omraden=tuple(OMRADEN), etikett=aldersetikett, region=lambda o: f"{OMRADEN[o][0]} {o}",
              tal=str) -> list[list]:
    """SCB wide rows: region, ålder, kön, one value per year; with "totalt ålder" rows and kön
    "totalt" rows (both must be dropped), as Statistikdatabasen gives them."""
    rader = []
    for o in omraden:
        for a in range(101):
            for k in ("M", "K"):
                rader.append([region(o), etikett(a), KON[k], *(tal(antal(o, ar, a, k)) for ar in AREN)])
            rader.append([region(o), etikett(a), "totalt", *(tal(antal(o, ar, a, "M") + antal(o, ar, a, "K"))
                                                             for ar in AREN)])
        for k in ("M", "K"):
            rader.append([region(o), "totalt ålder", KON[k],
                          *(tal(sum(antal(o, ar, a, k) for a in range(101))) for ar in AREN)])
    return rader


def skriv_scb_csv(sokvag: Path, sep: str = ";", kodning: str = "iso-8859-1", rader: list | None = None,
                  rubrik: list | None = None) -> Path:
    buf = io.StringIO()
    buf.write('"Befolkningsframskrivning efter region, ålder, kön och år"\n\n')
    w = csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    w.writerow(rubrik or ["region", "ålder", "kön", *(str(ar) for ar in AREN)])
    for r in (scb_rader() if rader is None else rader):
        w.writerow([int(v) if isinstance(v, str) and v.isdigit() and i >= 3 else v for i, v in enumerate(r)])
    buf.write('\n"Källa: SCB (syntetiska siffror)"\n')
    sokvag.write_bytes(buf.getvalue().encode(kodning))
    return sokvag


def skriv_px(sokvag: Path, omraden=tuple(OMRADEN), saknas_vid: int | None = None) -> Path:
    """A PX file: STUB region, ålder, kön; HEADING år (fastest); ISO-8859-1 per CODEPAGE."""
    aldrar = [aldersetikett(a) for a in range(101)]
    varden = []
    for o in omraden:
        for a in range(101):
            for k in ("M", "K"):
                varden += [str(antal(o, ar, a, k)) for ar in AREN]
    if saknas_vid is not None:
        varden[saknas_vid] = '".."'
    def lista(v):  # noqa: E306
        return ",\n".join(",".join(f'"{x}"' for x in v[i:i + 10]) for i in range(0, len(v), 10))
    text = (
        'CHARSET="ANSI";\nAXIS-VERSION="2010";\nCODEPAGE="iso-8859-1";\nLANGUAGE="sv";\n'
        'MATRIX="BefProgRegFakN";\nTITLE="Befolkningsframskrivning efter region, ålder, kön och år";\n'
        'STUB="region","ålder","kön";\nHEADING="år";\n'
        f'VALUES("region")={lista([f"{OMRADEN[o][0]} {o}" for o in omraden])};\n'
        f'VALUES("ålder")={lista(aldrar)};\nVALUES("kön")="män","kvinnor";\n'
        f'VALUES("år")={lista([str(a) for a in AREN])};\n'
        'VALUES[en]("region")="1480 Gothenburg","1481 Molndal";\n'
        'DATA=\n' + "\n".join(" ".join(varden[i:i + 6]) for i in range(0, len(varden), 6)) + ";\n")
    sokvag.write_bytes(text.encode("iso-8859-1"))
    return sokvag


def skriv_blad_per_omrade(sokvag: Path) -> Path:
    """One sheet per område (sheet name), Ålder | 2025 | 2026 | 2027 summed over kön; a title row
    above the table on one sheet and an info sheet without a table."""
    with pd.ExcelWriter(sokvag) as xw:
        pd.DataFrame({"Om filen": ["Kommunens egen prognos"]}).to_excel(xw, sheet_name="Info", index=False)
        for i, o in enumerate(OMRADEN):
            df = pd.DataFrame({"Ålder": list(range(101)),
                               **{ar: [antal(o, ar, a, "M") + antal(o, ar, a, "K") for a in range(101)]
                                  for ar in AREN}})
            df.to_excel(xw, sheet_name=o, index=False, startrow=2 if i == 0 else 0)
            if i == 0:
                xw.sheets[o]["A1"] = f"Befolkningsprognos {o} 2025-2027"
    return sokvag


def skriv_omradeskolumn(sokvag: Path, omraden=tuple(OMRADEN), extra: dict | None = None) -> Path:
    """Område | Ålder | Kön | 2025 | 2026 | 2027 (number cells), kön Män/Kvinnor."""
    df = pd.DataFrame([{"Område": o, "Ålder": a, "Kön": KON[k].capitalize(),
                        **{str(ar): antal(o, ar, a, k) for ar in AREN}}
                       for o in omraden for a in range(101) for k in ("M", "K")])
    for kol, v in (extra or {}).items():
        df[kol] = v
    df.to_excel(sokvag, index=False)
    return sokvag


@pytest.fixture
def konfig(tmp_path):
    (tmp_path / "kommun.yaml").write_text(KOMMUN_YAML, encoding="utf-8")
    return las_konfig(tmp_path / "kommun.yaml")


def las(mapp: Path, filer, konfig):
    """(summed forecast, problems, tolkningar) as las_indata gets them."""
    problem, tolkningar = [], []
    filer = filer if isinstance(filer, str) else [mapp / f for f in filer]
    bef = register._las_befolkningsfil(mapp, filer, konfig, problem, [], tolkningar=tolkningar)
    return bef, problem, tolkningar


def las_ok(mapp: Path, filer, konfig) -> tuple[pd.DataFrame, list[str]]:
    bef, problem, tolkningar = las(mapp, filer, konfig)
    assert problem == [], [str(p) for p in problem]
    return bef, tolkningar


@pytest.fixture
def facit(tmp_path, konfig) -> pd.DataFrame:
    """The plain long file, read; checked against the hand formula (summed over kön)."""
    lang().to_csv(tmp_path / "befolkningsprognos.csv", index=False)
    bef, _ = las_ok(tmp_path, ["befolkningsprognos.csv"], konfig)
    rad = bef.set_index(["omrade", "ar", "alder"])["antal"]
    # 2 * (1000 * områdesnummer + 10 * ålder + (år - 2025)) + 5
    assert rad[("Göteborg", 2026, 100)] == 2 * (1000 + 1000 + 1) + 5
    assert rad[("Mölndal", 2025, 0)] == 2 * 2000 + 5
    assert len(bef) == 2 * 3 * 101
    return bef


# ------------------------------------------------------------------ every layout, one frame

def test_scb_csv_semikolon_iso_8859_1_med_titel_totalrader_och_kod(tmp_path, konfig, facit):
    skriv_scb_csv(tmp_path / "scb.csv")
    bef, tolkningar = las_ok(tmp_path, ["scb.csv"], konfig)
    pd.testing.assert_frame_equal(bef, facit)
    assert tolkningar == ['scb.csv: SCB-format CSV (ISO-8859-1, semikolon, rubrik på rad 3, år som kolumner), '
                          '2025-2027, 0-100+ år, 2 områden, summerat över kön; 1 rader med fotnoter efter '
                          'tabellen hoppades över; raden "totalt ålder" togs bort (4 rader); kön "totalt" togs '
                          'bort (202 rader)']


def test_scb_csv_komma_utf8_bom_och_tusentalsmellanrum(tmp_path, konfig, facit):
    rader = scb_rader(tal=lambda t: f"{t // 1000} {t % 1000:03d}" if t >= 1000 else str(t))
    skriv_scb_csv(tmp_path / "scb.csv", sep=",", kodning="utf-8-sig", rader=rader)
    bef, _ = las_ok(tmp_path, ["scb.csv"], konfig)
    pd.testing.assert_frame_equal(bef, facit)


def test_scb_csv_utan_kommunkod_och_ar_med_suffix(tmp_path, konfig, facit):
    rader = scb_rader(region=lambda o: o.upper(), etikett=lambda a: "100 år och äldre" if a == 100 else str(a))
    rubrik = ["Region", "Ålder", "Kön", *(f"{ar} Folkmängd" for ar in AREN)]
    skriv_scb_csv(tmp_path / "scb.csv", sep=";", kodning="cp1252", rader=rader, rubrik=rubrik)
    bef, _ = las_ok(tmp_path, ["scb.csv"], konfig)
    pd.testing.assert_frame_equal(bef, facit)


def test_lang_tabb_med_ar_kolumn_decimalkomma_windows_1252(tmp_path, konfig, facit):
    df = lang()
    text = "Region\tÅlder\tKön\tÅr\tFolkmängd\n" + "".join(
        f"{OMRADEN[r.omrade][0]} {r.omrade}\t{'100+' if r.alder == 100 else r.alder}\t{r.kon}\t{r.ar}\t{r.antal},0\n"
        for r in df.itertuples())
    (tmp_path / "lang.csv").write_bytes(text.encode("cp1252"))
    bef, tolkningar = las_ok(tmp_path, ["lang.csv"], konfig)
    pd.testing.assert_frame_equal(bef, facit)
    assert "år som kolumn)" in tolkningar[0]


def test_px_fil(tmp_path, konfig, facit):
    skriv_px(tmp_path / "befolkningsprognos.px")
    bef, tolkningar = las_ok(tmp_path, ["befolkningsprognos.px"], konfig)
    pd.testing.assert_frame_equal(bef, facit)
    assert tolkningar[0].startswith("befolkningsprognos.px: SCB-format PX-fil (ISO-8859-1, år som kolumn)")


def test_excel_ett_blad_per_omrade(tmp_path, konfig, facit):
    skriv_blad_per_omrade(tmp_path / "omraden.xlsx")
    bef, tolkningar = las_ok(tmp_path, ["omraden.xlsx"], konfig)
    pd.testing.assert_frame_equal(bef, facit)
    assert "bladet Info hoppades över" in tolkningar[0]


def test_excel_med_omradeskolumn(tmp_path, konfig, facit):
    skriv_omradeskolumn(tmp_path / "omraden.xlsx")
    bef, _ = las_ok(tmp_path, ["omraden.xlsx"], konfig)
    pd.testing.assert_frame_equal(bef, facit)


def test_uppdelad_pa_tva_filer_i_olika_format(tmp_path, konfig, facit):
    skriv_scb_csv(tmp_path / "befolkningsprognos.csv", rader=scb_rader(omraden=("Göteborg",)))
    skriv_omradeskolumn(tmp_path / "befolkningsprognos_omraden.xlsx", omraden=("Mölndal",))
    bef, tolkningar = las_ok(tmp_path, ["befolkningsprognos.csv", "befolkningsprognos_omraden.xlsx"], konfig)
    pd.testing.assert_frame_equal(bef, facit)
    assert [t.split(":")[0] for t in tolkningar] == ["befolkningsprognos.csv", "befolkningsprognos_omraden.xlsx"]


def test_scenariofil_i_scb_format(tmp_path, konfig, facit):
    skriv_px(tmp_path / "befolkningsprognos_lag.px")
    bef, _ = las_ok(tmp_path, "befolkningsprognos_lag", konfig)  # as kommun.yaml may write it
    pd.testing.assert_frame_equal(bef, facit)


def test_basfilerna_utom_scenariernas(tmp_path):
    for namn in ("befolkningsprognos.csv", "befolkningsprognos_omraden.xlsx", "befolkningsprognos_lag.csv",
                 "Befolkningsprognos_hog.px", "~$befolkningsprognos_omraden.xlsx", "anstallningar.csv"):
        (tmp_path / namn).write_text("x")
    namn = [p.name for p in befolkningsfiler(tmp_path, ["befolkningsprognos_lag.csv", "befolkningsprognos_hog"])]
    assert namn == ["befolkningsprognos.csv", "befolkningsprognos_omraden.xlsx"]
    assert [p.name for p in befolkningsfiler(tmp_path, None)] == ["befolkningsprognos.csv"]


# ------------------------------------------------------------------ las_indata with several files

@pytest.fixture(scope="module")
def exempel_utan_underlag(tmp_path_factory) -> Path:
    from kfanalys.exempel.kommun import skriv_exempelkommun

    return skriv_exempelkommun(tmp_path_factory.mktemp("bef") / "exempel", med_underlag=False)


@pytest.fixture
def exempel_kopia(exempel_utan_underlag, tmp_path) -> Path:
    mapp = tmp_path / "exempel"
    shutil.copytree(exempel_utan_underlag, mapp)
    for p in mapp.glob("befolkningsprognos*"):
        if p.name != "befolkningsprognos_lag.csv":
            p.unlink()
    return mapp


def test_las_indata_flera_filer_som_en_lang_fil(exempel_kopia, tmp_path):
    """SCB file for the kommun + the kommun's own area file = the same forecast as one plain
    file; the scenario's befolkningsprognos_lag.csv (same areas) is not part of the base."""
    lag = pd.read_csv(exempel_kopia / "befolkningsprognos_lag.csv")
    omraden = sorted(lag["omrade"].unique())
    assert omraden == ["Exempelkommun", "Norra staden"]
    lag.to_csv(exempel_kopia / "befolkningsprognos.csv", index=False)
    vanlig = register.las_indata(exempel_kopia)

    (exempel_kopia / "befolkningsprognos.csv").unlink()
    kommun = lag[lag["omrade"] == "Exempelkommun"]
    bred = kommun.pivot_table(index="alder", columns="ar", values="antal", aggfunc="sum")
    rader = [["9999 Exempelkommun", aldersetikett(a), "totalt", *(str(int(v)) for v in bred.loc[a])]
             for a in bred.index]
    skriv_scb_csv(exempel_kopia / "befolkningsprognos.csv", rader=rader,
                  rubrik=["region", "ålder", "kön", *(str(c) for c in bred.columns)])
    norr = lag[lag["omrade"] == "Norra staden"].pivot_table(index="alder", columns="ar", values="antal",
                                                              aggfunc="sum")
    norr.index.name = "Ålder"
    with pd.ExcelWriter(exempel_kopia / "befolkningsprognos_omraden.xlsx") as xw:
        norr.to_excel(xw, sheet_name="Norra staden")
    delad = register.las_indata(exempel_kopia)
    pd.testing.assert_frame_equal(delad.befolkning, vanlig.befolkning)
    assert [t.split(":")[0] for t in delad.tolkningar if t.startswith("befolkningsprognos")] == [
        "befolkningsprognos.csv", "befolkningsprognos_omraden.xlsx", "befolkningsprognos_lag.csv"]
    assert set(delad.filer.values()) >= {exempel_kopia / "befolkningsprognos.csv",
                                         exempel_kopia / "befolkningsprognos_omraden.xlsx"}


# ------------------------------------------------------------------ one Swedish error per ambiguity

def fel(mapp, filer, konfig) -> list[str]:
    bef, problem, _ = las(mapp, filer, konfig)
    assert bef is None
    return [str(p) for p in problem]


def test_fel_olasbar_aldersetikett(tmp_path, konfig):
    rader = scb_rader(etikett=lambda a: "tre år" if a == 3 else aldersetikett(a))
    skriv_scb_csv(tmp_path / "scb.csv", rader=rader)
    # row 4 = first data row (title, blank, header); age 3 starts after 3 ages x 3 rows
    assert fel(tmp_path, ["scb.csv"], konfig) == [
        'scb.csv, rad 13, kolumn ålder: "tre år" är ingen ålder som kan läsas; skriv en ålder 0-100 (t.ex. 0, '
        '"0 år", "100+ år" för 100 år och äldre) eller totalt (6 rader)']


def test_fel_aldersgrupper_i_stallet_for_ettarsklasser(tmp_path, konfig):
    rader = scb_rader(etikett=lambda a: "0-4 år" if a == 0 else aldersetikett(a))
    skriv_scb_csv(tmp_path / "scb.csv", rader=rader)
    assert "ettårsklasser 0-100" in fel(tmp_path, ["scb.csv"], konfig)[0]


def test_fel_region_som_inte_finns_i_kommun_yaml(tmp_path, konfig):
    rader = scb_rader(region=lambda o: "1482 Kungälv" if o == "Mölndal" else f"1480 {o}")
    skriv_scb_csv(tmp_path / "scb.csv", rader=rader)
    assert fel(tmp_path, ["scb.csv"], konfig) == [
        f'scb.csv, rad {4 + 101 * 3 + 2}, kolumn region: "1482 Kungälv" matchar inget område (omrade) i '
        "kommun.yaml (Göteborg, Mölndal); skriv ett av dem (kommunkoden före namnet får stå kvar) eller ta bort "
        "raderna (305 rader)"]


def test_fel_saknat_varde_pekar_ut_cellen(tmp_path, konfig):
    rader = scb_rader()
    rader[4][4] = ".."  # Göteborg, 1 år, kvinnor: file row 4 + 4 (title, blank, header), column "2026"
    skriv_scb_csv(tmp_path / "scb.csv", rader=rader)
    assert fel(tmp_path, ["scb.csv"], konfig) == [
        'scb.csv, rad 8, kolumn 2026: ".." saknar värde (".." eller tom cell); skriv antalet personer '
        "(0 om ingen finns)"]


def test_fel_saknat_varde_i_px(tmp_path, konfig):
    skriv_px(tmp_path / "b.px", saknas_vid=3 * 2 * 1 + 3 + 1)  # Göteborg, 1 år, kvinnor, 2026
    assert fel(tmp_path, ["b.px"], konfig) == [
        'b.px, kolumn DATA: ".." saknar värde för region 1480 Göteborg, ålder 1 år, kön kvinnor, år 2026 '
        "(värde nr 11); ladda ned en tabell där alla värden finns"]


def test_fel_samma_omrade_i_tva_filer(tmp_path, konfig):
    skriv_scb_csv(tmp_path / "befolkningsprognos.csv")
    skriv_omradeskolumn(tmp_path / "befolkningsprognos_omraden.xlsx", omraden=("Mölndal",))
    assert fel(tmp_path, ["befolkningsprognos.csv", "befolkningsprognos_omraden.xlsx"], konfig) == [
        'befolkningsprognos_omraden.xlsx, kolumn omrade: "Mölndal" finns också i befolkningsprognos.csv; varje '
        "område ska finnas i bara en befolkningsfil: ta bort det ur en av filerna"]


def test_fel_kolumn_som_inte_ar_ett_ar(tmp_path, konfig):
    skriv_omradeskolumn(tmp_path / "omraden.xlsx", extra={"Kommentar": "prognos från maj"})
    assert fel(tmp_path, ["omraden.xlsx"], konfig) == [
        "omraden.xlsx, blad Sheet1, rad 1, kolumn Kommentar: är inte ett årtal; när åren är kolumner ska varje "
        "kolumn utom område/region, ålder och kön ha ett årtal som rubrik (t.ex. 2025); byt rubrik eller ta bort "
        "kolumnen"]


def test_fel_ingen_rubrikrad(tmp_path, konfig):
    (tmp_path / "b.csv").write_text("Kommun;Antal\nGöteborg;5\n", encoding="utf-8")
    assert fel(tmp_path, ["b.csv"], konfig) == [
        'b.csv: har ingen rubrikrad med ålder och år bland de 30 första raderna (första raden: "Kommun;Antal"); '
        "skriv t.ex. omrade,ar,alder,antal eller region;ålder;kön;2025;2026"]


def test_vanligt_format_oforandrade_fel(tmp_path, konfig):
    df = lang()
    df.loc[10, "alder"] = 101
    df.to_csv(tmp_path / "b.csv", index=False)
    assert 'b.csv, rad 12, kolumn alder: "101" ska vara 0-100' in fel(tmp_path, ["b.csv"], konfig)


def test_scenariofil_utan_filandelse_som_saknas(tmp_path, konfig):
    problem: list = []
    assert register._las_befolkningsfil(tmp_path, "befolkningsprognos_hog", konfig, problem, []) is None
    assert [str(p) for p in problem] == [
        f"befolkningsprognos_hog.csv: saknas: filen {tmp_path / 'befolkningsprognos_hog.csv'} finns inte"]
