"""The report batch (kfanalys.rapport.batch): index, failure isolation, parameter check, self-contained HTML.

These tests run a tiny notebook of their own (a few lines) through the real machinery:
papermill, real kernels in parallel, nbconvert with our template. They do not need the
computed tables, so they stay fast; the real notebooks are run in test_notebooks.py.
"""

from __future__ import annotations

import datetime as dt
import io
import types
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from kfanalys import __version__
from kfanalys.rapport import batch as rapport
from kfanalys.indata.konfig import Konfig, Namnd, Yrkeskategori
from kfanalys.rapport.batch import Rapportfel, Utfall


# ----------------------------------------------------------------------------- helpers

def skriv_testnotebook(sokvag: Path, parametrar: str | None = None) -> Path:
    """A notebook like the real one: a parameters cell, markdown, HTML figure, a hidden cell.

    It raises KeyError('antal') for the nämnd "trasig" (the deliberately failing report).
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = nbformat.v4.new_code_cell(parametrar or
                                  'namnd = "x"\ncykel = 2025\ndatamapp = ""\nscenario = "bas"\nprocessed = ""')
    p.metadata["tags"] = ["parameters"]
    rubrik = nbformat.v4.new_markdown_cell("# Kompetensförsörjningsrapport\n\nInledande text.")
    kropp = nbformat.v4.new_code_cell(
        "from IPython.display import HTML, Markdown, display\n"
        "import warnings\n"
        'if namnd == "trasig":\n'
        '    raise KeyError("antal")\n'
        'display(Markdown(f"## Nuläge för {namnd}"))\n'
        "display(HTML('<figure><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"Ålderspyramid för nämnden\">"
        "<figcaption>Ålderspyramid</figcaption></figure>'))\n"
        'warnings.warn("VARNINGSTEXT")\n'
        "print('UTSKRIFT_SYNS')\n"
        "42\n")
    dold = nbformat.v4.new_code_cell('print("DOLD_CELL_" + "UTDATA")')
    dold.metadata["tags"] = ["remove-cell"]
    nb.cells = [p, rubrik, kropp, dold]
    nbformat.write(nb, str(sokvag))
    return sokvag


def konfig_for_test(*kortnamn: str) -> Konfig:
    return Konfig("Testkommun", tuple(Namnd(f"Nämnd {k}", k, f"Förvaltning {k}", "Testkommun") for k in kortnamn),
                  {"Lärare": Yrkeskategori("Lärare")})


class _Bilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.img: list[dict] = []
        self.html_lang = None
        self.titel = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.img.append(a)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "title":
            self.titel = True


def kontrollera_fristaende_html(text: str) -> None:
    """The rules of issue 4 for HTML a manager opens: no script, CDN, prompt or code; lang sv; alt texts."""
    import re

    lag = re.sub(r"data:[a-z/+]+;base64,[a-z0-9+/=]+", "data:", text.lower())  # image bytes are not text
    assert "<script" not in lag
    assert "cdn" not in lag
    assert "in [" not in lag and "in&nbsp;[" not in lag and "out[" not in lag
    assert "@import" not in lag and "@font-face" not in lag
    assert "http://" not in lag and "https://" not in lag
    p = _Bilder()
    p.feed(text)
    assert p.html_lang == "sv"
    assert p.titel
    for img in p.img:
        assert (img.get("alt") or "").strip(), f"bild utan alt-text: {str(img)[:80]}"


# ----------------------------------------------------------------------------- one batch for several tests

@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Three nämnder, the middle one fails; a stale trasig.html and trasig.xlsx from an earlier run exist."""
    rot = tmp_path_factory.mktemp("rot")
    nb = skriv_testnotebook(rot / "test.ipynb")
    rapportmapp = rot / "reports" / "2025"
    rapportmapp.mkdir(parents=True)
    (rapportmapp / "trasig.html").write_text("<p>gammal rapport</p>", encoding="utf-8")
    (rapportmapp / "trasig.xlsx").write_bytes(b"gammal arbetsbok")
    ut = io.StringIO()
    utfall, kommun = rapport.kor_rapporter(rot, rot, 2025, konfig_for_test("a", "trasig", "c"), jobb=2, rot=rot,
                                           rapport_notebook=nb, kommun_notebook=nb.with_name("saknas.ipynb"),
                                           kommunrapport=False, excel=False, visa_framsteg=False, ut=ut)
    return types.SimpleNamespace(rot=rot, mapp=rapportmapp, utfall=utfall, kommun=kommun, utskrift=ut.getvalue())


def test_felande_namnd_stoppar_inte_de_andra(batch):
    assert [u.kortnamn for u in batch.utfall] == ["a", "trasig", "c"]  # kommun.yaml order, not finishing order
    assert [u.ok for u in batch.utfall] == [True, False, True]
    assert (batch.mapp / "a.html").exists() and (batch.mapp / "c.html").exists()


def test_felande_namnd_far_ingen_html_och_ingen_halv_fil(batch):
    # The stale report of an earlier run was removed: the index must not link yesterday's file.
    assert not (batch.mapp / "trasig.html").exists()
    assert not (batch.mapp / "trasig.xlsx").exists()  # nor a stale workbook beside the failed report
    assert sorted(p.name for p in batch.mapp.iterdir()) == ["a.html", "c.html", "index.html"]


def test_felande_notebook_sparas_for_felsokning(batch):
    korda = batch.rot / "data" / "processed" / "2025" / "_korda"
    nb = nbformat.read(str(korda / "trasig.kört.ipynb"), as_version=4)
    fel = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert fel and fel[0]["ename"] == "KeyError"
    assert batch.utfall[1].fel == "KeyError: 'antal'"


def test_sammanfattning_skrivs(batch):
    assert "2 av 3 rapporter klara; misslyckade: trasig (KeyError: 'antal')" in batch.utskrift


def test_index_markerar_misslyckad_namnd(batch):
    index = (batch.mapp / "index.html").read_text(encoding="utf-8")
    assert '<a href="a.html">Nämnd a</a>' in index
    assert '<a href="c.html">Nämnd c</a>' in index
    assert "trasig.html" not in index
    assert "Misslyckades: KeyError: &#x27;antal&#x27;" in index
    kontrollera_fristaende_html(index)


def test_rapport_html_ar_fristaende_och_utan_kod(batch):
    text = (batch.mapp / "a.html").read_text(encoding="utf-8")
    kontrollera_fristaende_html(text)
    assert "Nuläge för a" in text                      # Markdown produced from code
    assert 'alt="Ålderspyramid för nämnden"' in text     # the figure keeps its Swedish alt text
    assert "<title>Kompetensförsörjning 2025 – Nämnd a</title>" in text
    assert "UTSKRIFT_SYNS" in text                     # outputs are kept ...
    assert "import warnings" not in text               # ... code is not
    assert 'namnd = "x"' not in text and "injected" not in text.lower()  # no parameter cells
    assert "DOLD_CELL_UTDATA" not in text              # remove-cell
    assert "VARNINGSTEXT" not in text                  # stderr stays in the kept notebook
    assert 'lang="sv"' in text


def test_karnan_ateranvands_utan_lackage_och_byts_efter_fel(tmp_path):
    """One worker (jobb=1) reuses its kernel: same process id, no variable of the previous
    nämnd left (%reset); after the failing report the next one gets a fresh kernel."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = nbformat.v4.new_code_cell('namnd = "x"\ncykel = 2025\ndatamapp = ""\nscenario = "bas"\nprocessed = ""')
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell(
        "import os\n"
        "print('PID', os.getpid(), 'LACKAGE', 'forra' in dir())\n"
        "forra = namnd\n"
        "if namnd == 'trasig':\n"
        "    raise ValueError('avsiktligt fel')")]
    nbformat.write(nb, str(tmp_path / "pid.ipynb"))
    utfall, _ = rapport.kor_rapporter(tmp_path, tmp_path, 2025, konfig_for_test("a", "b", "trasig", "c"), jobb=1,
                                      rot=tmp_path, rapport_notebook=tmp_path / "pid.ipynb", kommunrapport=False,
                                      excel=False, visa_framsteg=False, ut=io.StringIO())
    assert [u.ok for u in utfall] == [True, True, False, True]
    assert utfall[2].fel == "ValueError: avsiktligt fel"

    def utskrift(k):
        nb = nbformat.read(str(tmp_path / "data" / "processed" / "2025" / "_korda" / f"{k}.kört.ipynb"), as_version=4)
        text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        _, pid, _, lackage = text.split()[:4]
        return pid, lackage

    pid_a, lack_a = utskrift("a")
    pid_b, lack_b = utskrift("b")
    pid_t, _ = utskrift("trasig")
    pid_c, lack_c = utskrift("c")
    assert pid_a == pid_b == pid_t != pid_c
    assert lack_a == lack_b == lack_c == "False"


def test_hangande_cell_stoppas_av_timeout(tmp_path):
    """A hung cell cannot hang the batch: the report fails after ``timeout`` seconds, the others are written."""
    nb = skriv_testnotebook(tmp_path / "t.ipynb")
    nbf = nbformat.read(str(nb), as_version=4)
    nbf.cells.insert(2, nbformat.v4.new_code_cell("import time\nif namnd == 'seg':\n    time.sleep(120)"))
    nbformat.write(nbf, str(nb))
    start = dt.datetime.now()
    utfall, _ = rapport.kor_rapporter(tmp_path, tmp_path, 2025, konfig_for_test("seg", "a"), jobb=1, timeout=3,
                                      rot=tmp_path, rapport_notebook=nb, kommunrapport=False, excel=False,
                                      visa_framsteg=False, ut=io.StringIO())
    assert (dt.datetime.now() - start).total_seconds() < 60
    assert [u.ok for u in utfall] == [False, True]
    assert "timed out" in utfall[0].fel.lower() or "timeout" in utfall[0].fel.lower()
    assert not (tmp_path / "reports" / "2025" / "seg.html").exists()


# ----------------------------------------------------------------------------- parameters

def test_okand_parameter_ar_ett_fel(tmp_path):
    nb = skriv_testnotebook(tmp_path / "gammal.ipynb", parametrar='namnd = "x"\ncykel = 2025\ndatamapp = ""')
    with pytest.raises(Rapportfel) as e:
        rapport.kor_rapporter(tmp_path, tmp_path, 2025, konfig_for_test("a"), rot=tmp_path, rapport_notebook=nb,
                              kommunrapport=False, excel=False, visa_framsteg=False)
    assert "okänd parameter scenario, processed" in str(e.value)
    assert "gammal.ipynb" in str(e.value)
    assert not (tmp_path / "reports" / "2025" / "a.html").exists()


def test_notebook_utan_parametercell_ar_ett_fel(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('namnd = "x"')]
    nbformat.write(nb, str(tmp_path / "otaggad.ipynb"))
    with pytest.raises(Rapportfel, match="ingen cell är taggad parameters"):
        rapport.kontrollera_parametrar(tmp_path / "otaggad.ipynb", ["namnd"])


def test_okand_namnd_ar_ett_indatafel(tmp_path):
    from kfanalys.grund.fel import Indatafel

    nb = skriv_testnotebook(tmp_path / "t.ipynb")
    with pytest.raises(Indatafel, match="giltiga nämnder: a"):
        rapport.kor_rapporter(tmp_path, tmp_path, 2025, konfig_for_test("a"), namnder=["finnsinte"], rot=tmp_path,
                              rapport_notebook=nb, kommunrapport=False, excel=False, visa_framsteg=False)


# ----------------------------------------------------------------------------- kor_batch exit code

def test_kor_batch_returnerar_1_om_nagon_misslyckas(tmp_path, monkeypatch, capsys):
    """Exit code 1 and the summary; the computation is replaced by a stub (it has its own tests)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "kommun.yaml").write_text(
        "kommun: Testkommun\nnamnder:\n  - {namn: Nämnd a, kortnamn: a}\n  - {namn: Trasiga nämnden, kortnamn: trasig}\n"
        "yrkeskategorier:\n  - {namn: Lärare, drivare: {typ: fast}}\n", encoding="utf-8")
    anrop = []
    monkeypatch.setattr("kfanalys.berakning.orkestrering.berakna_och_spara",
                        lambda mapp, cykel, scenario=None: anrop.append((mapp, cykel, scenario)) or tmp_path)
    nb = skriv_testnotebook(tmp_path / "t.ipynb")
    kod = rapport.kor_batch(data, 2025, jobb=2, rot=tmp_path, rapport_notebook=nb, kommunrapport=False,
                            excel=False, visa_framsteg=False)
    assert kod == 1
    assert anrop == [(data, 2025, None)]  # computed once for all nämnder
    assert "1 av 2 rapporter klara; misslyckade: trasig" in capsys.readouterr().out
    kod = rapport.kor_batch(data, 2025, namnder=["a"], rot=tmp_path, rapport_notebook=nb, kommunrapport=False,
                            excel=False, visa_framsteg=False)
    assert kod == 0
    assert len(anrop) == 2


def test_indatafel_stoppar_fore_notebooks(tmp_path, monkeypatch):
    from kfanalys.grund.fel import Indatafel, Problem

    def berakna(mapp, cykel, scenario=None):
        raise Indatafel(Problem("anstallningar.csv", "kon", "ska vara K eller M", rad=7, varde="X"))

    monkeypatch.setattr("kfanalys.berakning.orkestrering.berakna_och_spara", berakna)
    with pytest.raises(Indatafel, match='anstallningar.csv, rad 7, kolumn kon: "X" ska vara K eller M'):
        rapport.kor_batch(tmp_path, 2025, rot=tmp_path)
    assert not (tmp_path / "reports").exists()


# ----------------------------------------------------------------------------- pure helpers

def test_index_rendering():
    u = [Utfall("forskola", "Förskolenämnden", True, html=Path("forskola.html"), xlsx=Path("forskola.xlsx")),
         Utfall("vard", "Vård- & omsorgsnämnden", False, fel="Fel i indata (1 problem): a.csv, rad 3: <tom>")]
    k = Utfall("kommunen", "Exempelkommun, alla nämnder", True, html=Path("kommunen.html"), xlsx=Path("kommunen.xlsx"))
    s = rapport.rendera_index("Exempelkommun", 2025, u, k, skapad=dt.datetime(2025, 11, 3, 9, 5))
    kontrollera_fristaende_html(s)
    assert "<title>Kompetensförsörjning 2025 – Exempelkommun</title>" in s
    assert '<a href="forskola.html">Förskolenämnden</a>' in s
    assert '<a href="forskola.xlsx">forskola.xlsx</a>' in s
    assert '<a href="kommunen.html">Exempelkommun, alla nämnder</a>' in s
    assert "Vård- &amp; omsorgsnämnden" in s and "vard.html" not in s       # escaped, not linked
    assert "Misslyckades: Fel i indata (1 problem): a.csv, rad 3: &lt;tom&gt;" in s
    assert "1 av 2 klara" in s
    assert "2025-11-03 09:05" in s and f"kfanalys {__version__}" in s


def test_index_med_namnder_fran_tidigare_korning():
    u = [Utfall("forskola", "Förskolenämnden", True, html=Path("forskola.html")),
         Utfall("grundskola", "Grundskolenämnden", True, html=Path("grundskola.html"), tidigare=True),
         Utfall("ks", "Kommunstyrelsen", False, tidigare=True)]
    s = rapport.rendera_index("Exempelkommun", 2025, u)
    # only forskola ran this time; grundskola links its earlier report, ks has none
    assert "1 av 1 klara i den här körningen" in s
    assert '<a href="grundskola.html">Grundskolenämnden</a></td><td><span class="ok">OK</span> (från en tidigare körning)' in s
    assert "<td>Kommunstyrelsen</td><td>Inte skapad i den här körningen</td>" in s
    assert "Misslyckades" not in s


def test_forsta_raden():
    assert rapport.forsta_raden("ValueError", "kan inte\nandra raden") == "ValueError: kan inte"
    assert rapport.forsta_raden("Berakningsfel", "Gap: saknar behov") == "Gap: saknar behov"
    assert rapport.forsta_raden(None, "") == "okänt fel"


def test_skriv_atomiskt_lamnar_ingen_halv_fil(tmp_path):
    mal = tmp_path / "r.html"
    mal.write_text("gammal", encoding="utf-8")
    with pytest.raises(TypeError):
        rapport.skriv_atomiskt(mal, 12345)  # not str/bytes: the write fails half way
    assert mal.read_text(encoding="utf-8") == "gammal"  # the old file is intact ...
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # ... and no temp file is left
    rapport.skriv_atomiskt(mal, "ny")
    assert mal.read_text(encoding="utf-8") == "ny"
    assert oct(mal.stat().st_mode & 0o777) == "0o644"


def test_tabeller_for_valjer_namnd_och_hela_kommunen():
    import pandas as pd

    t = {"nulage": pd.DataFrame({"namnd": ["A", "B", "Hela kommunen"], "antal": [10, 20, 30]}),
         "tom": pd.DataFrame({"namnd": ["B"], "antal": [1]}), "meta": {"x": 1}}
    ut = rapport.tabeller_for(t, "A")
    assert list(ut) == ["nulage"] and ut["nulage"]["antal"].tolist() == [10, 30]
    assert set(rapport.tabeller_for(t, None)) == {"nulage", "tom"}


# ----------------------------------------------------------------------------- issue 10: an interrupted batch

def test_index_visar_kors_och_avbruten():
    u = [Utfall("a", "Nämnd a", True, html=Path("a.html")), Utfall("b", "Nämnd b", False, kors=True),
         Utfall("c", "Nämnd c", True, html=Path("c.html"), tidigare=True)]
    k = Utfall("kommunen", "Testkommun, alla nämnder", False, kors=True)
    s = rapport.rendera_index("Testkommun", 2025, u, k)
    assert "körningen pågår: 2 rapporter skapas just nu" in s
    assert '<td>Nämnd b</td><td><span class="kors">Körs</span> (skapas i den här körningen)</td>' in s
    assert '<td>Testkommun, alla nämnder</td><td><span class="kors">Körs</span>' in s
    assert "Misslyckades" not in s
    u[1] = Utfall("b", "Nämnd b", False, avbruten=True)
    s = rapport.rendera_index("Testkommun", 2025, u)
    assert "körningen avbröts: 1 av 2 klara, 1 rapporter blev inte klara; kör kfanalys rapporter igen" in s
    assert ('<td>Nämnd b</td><td><span class="fel">Avbruten</span>: körningen stoppades innan rapporten blev klar'
            '</td>') in s


def test_index_skrivs_som_kors_vid_start_och_temporara_filer_sopas(tmp_path):
    """While a report runs, index.html already says "Körs" for it (its old report is gone), not OK."""
    rot = tmp_path
    nb = skriv_testnotebook(rot / "t.ipynb")
    kopia = nbformat.v4.new_code_cell(
        "from pathlib import Path\n"
        'Path(f"index_medan_{namnd}.html").write_text(Path("reports/2025/index.html").read_text(encoding="utf-8"),'
        ' encoding="utf-8")')
    n = nbformat.read(str(nb), as_version=4)
    n.cells.insert(1, kopia)
    nbformat.write(n, str(nb))
    mapp = rot / "reports" / "2025"
    korda = rot / "data" / "processed" / "2025" / "_korda"
    mapp.mkdir(parents=True)
    korda.mkdir(parents=True)
    (mapp / "a.html").write_text("<p>gammal rapport</p>", encoding="utf-8")
    gammalt = rapport.rendera_index("Testkommun", 2025, [Utfall("a", "Nämnd a", True, html=mapp / "a.html")])
    (mapp / "index.html").write_text(gammalt, encoding="utf-8")
    kvar = [mapp / ".a.html.k3j9x2ab.tmp", mapp / ".index.html.q8w7e6rt.tmp", korda / ".a.kört.ipynb.zz11yy22.tmp"]
    for p in kvar:
        p.write_text("halv fil", encoding="utf-8")
    (mapp / ".behall").write_text("inte en temporär fil", encoding="utf-8")

    utfall, _ = rapport.kor_rapporter(rot, rot, 2025, konfig_for_test("a"), jobb=1, rot=rot, rapport_notebook=nb,
                                      kommunrapport=False, excel=False, visa_framsteg=False, ut=io.StringIO())
    medan = (rot / "index_medan_a.html").read_text(encoding="utf-8")
    assert '<td>Nämnd a</td><td><span class="kors">Körs</span> (skapas i den här körningen)</td>' in medan
    assert 'href="a.html"' not in medan and ">OK<" not in medan
    assert [u.ok for u in utfall] == [True]
    assert '<a href="a.html">Nämnd a</a></td><td><span class="ok">OK</span>' in (mapp / "index.html").read_text(
        encoding="utf-8")
    assert not any(p.exists() for p in kvar)
    assert (mapp / ".behall").exists()


def test_kor_batch_skriver_anmarkningarna(tmp_path, monkeypatch):
    import json

    data = tmp_path / "data"
    data.mkdir()
    (data / "kommun.yaml").write_text(
        "kommun: Testkommun\nnamnder:\n  - {namn: Nämnd a, kortnamn: a}\n"
        "yrkeskategorier:\n  - {namn: Lärare, drivare: {typ: fast}}\n", encoding="utf-8")
    processed = tmp_path / "processed"
    processed.mkdir()
    not_ = "Filen underlag/2025/A.xlsx hör inte till någon nämnd och läses inte; menade du a.xlsx? Byt namn på filen."
    (processed / "antaganden.json").write_text(json.dumps({"anmarkningar": [not_]}), encoding="utf-8")
    monkeypatch.setattr("kfanalys.berakning.orkestrering.berakna_och_spara", lambda mapp, cykel, scenario=None: processed)
    nb = skriv_testnotebook(tmp_path / "t.ipynb")
    ut = io.StringIO()
    assert rapport.kor_batch(data, 2025, rot=tmp_path, rapport_notebook=nb, kommunrapport=False, excel=False,
                             visa_framsteg=False, ut=ut) == 0
    assert ut.getvalue().startswith(f"Anmärkning: {not_}\n")
