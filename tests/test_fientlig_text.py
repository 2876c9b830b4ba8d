"""Text is text (issue 10): hostile typed values reach the reports as text, never as markup or formulas.

The slow test (marks ``webblasare`` and ``langsam``) takes the Exempelkommun and types payloads
into every field a person types: kommun.yaml (kommun, a nämnd's name and förvaltning, a
scenario's name and description, a yrkeskategori), the register (that yrkeskategori and a
befattning), and the filled workshop workbooks of cycle 2025 (Analys answers and a plan
activity of one nämnd; an invalid drop-down value in a second nämnd's workbook, which the
report echoes in its error text). Payloads: script, event handlers, iframe, ``javascript:``
link, remote images (to a local HTTP server that records every request), a Markdown heading,
a broken mathtext label and Excel formulas. The reports of both nämnder and the kommun report
are opened in headless chromium (the CDP client of test_webblasare.py) and must show every
payload as text: nothing ran, nothing was fetched, no element, link or event handler came from a
value. No cell of a written report workbook may be a formula.

The fast tests check the pieces: the CSP backstop in both page templates, mathtext-safe figure
labels, and that no notebook builds Markdown from values.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from kfanalys.grund import text

ROT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- the payloads

SKRIPT = "<script>window.__pwned=1</script>"
BILD_FEL = '<img src=x onerror="window.__pwned=1">'
SVG = '<svg onload="window.__pwned=1">'
LANK = "[klick](javascript:window.__pwned=1)"
RUBRIK = "# Rubrik"
MATTE = r"$\frac{$"  # a broken mathtext label stops a matplotlib figure unless it is escaped


def iframe(port: int) -> str:
    return f'<iframe src="http://127.0.0.1:{port}/iframe">'


def md_bild(port: int) -> str:
    return f"![](http://127.0.0.1:{port}/bild.png)"


def fjarrbild(port: int) -> str:
    return f'<img src="http://127.0.0.1:{port}/fjarr.png">'


def falt(port: int) -> dict[str, str]:
    """Every typed field and its hostile value (each value unique, so a failure names the field)."""
    return {
        "kommun": f"Kommun {SKRIPT}",
        "namnd": f"Förskolenämnden {BILD_FEL}",
        "forvaltning": f"Förskoleförvaltningen {SVG}",
        "scenario": f"Pension vid 66 {iframe(port)}",
        "beskrivning": f"Ett år senare {LANK} {md_bild(port)}",
        "yrkeskategori": f"Förskollärare {fjarrbild(port)} {MATTE}",
        "befattning": f'=HYPERLINK("http://127.0.0.1:{port}/excel","klick") {SKRIPT}',
        "svar": f"Första raden {SVG}\n{RUBRIK}\n{LANK} {md_bild(port)}",
        "svar2": f"**inte fet** {iframe(port)} {fjarrbild(port)}",
        "aktivitet": f"=cmd|' /C calc'!A0 {BILD_FEL}",
        "rullista": BILD_FEL,
    }


# --------------------------------------------------------------------------- a server that records requests

class _Mottagare(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        self.server.anrop.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"x")

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def server():
    """An HTTP server on 127.0.0.1 (random port) that records every request; it shuts itself down
    after 20 minutes at the latest, and when the module's tests are done."""
    s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Mottagare)
    s.anrop = []
    s.daemon_threads = True
    trad = threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    trad.start()
    klocka = threading.Timer(1200, s.shutdown)
    klocka.daemon = True
    klocka.start()
    try:
        yield s
    finally:
        klocka.cancel()
        s.shutdown()
        s.server_close()


# --------------------------------------------------------------------------- the hostile kommun

FORSTA, ANDRA = "forskola", "grundskola"
YRKE, CYKEL = "Förskollärare", 2025


def skriv_fientlig_kommun(mapp: Path, v: dict[str, str]) -> None:
    """The Exempelkommun with the hostile values of :func:`falt` typed into every field."""
    from kfanalys.exempel import kommun as exempel
    from kfanalys.exempel.svar import skriv_exempelunderlag
    from kfanalys.indata import workshop_layout as layout
    from kfanalys.indata.workshop_fil import underlag_sokvag
    from kfanalys.underlag import arbetsbok as underlag

    exempel.skriv_exempelkommun(mapp, seed=2025, med_underlag=False)
    (mapp / exempel.MARKOR).unlink()

    yml = mapp / "kommun.yaml"
    k = yaml.safe_load(yml.read_text(encoding="utf-8"))
    k["kommun"] = v["kommun"]
    n = next(n for n in k["namnder"] if n["kortnamn"] == FORSTA)
    gammal_namnd, gammal_forv = n["namn"], n["forvaltning"]
    n["namn"], n["forvaltning"] = v["namnd"], v["forvaltning"]
    for y in k["yrkeskategorier"]:
        if y["namn"] == YRKE:
            y["namn"] = v["yrkeskategori"]
    for m in k["namnder"]:
        m["analysera"] = [v["yrkeskategori"] if y == YRKE else y for y in m.get("analysera", [])]
    k["scenarier"][0]["namn"], k["scenarier"][0]["beskrivning"] = v["scenario"], v["beskrivning"]
    yml.write_text(yaml.safe_dump(k, allow_unicode=True, sort_keys=False), encoding="utf-8")

    anst_fil = mapp / "anstallningar.csv"
    anst = pd.read_csv(anst_fil, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    i_namnd = anst["namnd"] == gammal_namnd
    storst = anst.loc[i_namnd, "befattning"].value_counts().index[0]  # in the ten largest befattningar
    anst.loc[i_namnd & (anst["befattning"] == storst), "befattning"] = v["befattning"]
    anst.loc[i_namnd, "forvaltning"] = anst.loc[i_namnd, "forvaltning"].replace(gammal_forv, v["forvaltning"])
    anst["namnd"] = anst["namnd"].replace(gammal_namnd, v["namnd"])
    anst["yrkeskategori"] = anst["yrkeskategori"].replace(YRKE, v["yrkeskategori"])
    anst.to_csv(anst_fil, sep=";", index=False, encoding="utf-8-sig")
    hand_fil = mapp / "handelser.csv"
    hand = pd.read_csv(hand_fil, dtype=str, keep_default_na=False)
    hand["namnd"] = hand["namnd"].replace(gammal_namnd, v["namnd"])
    hand["yrkeskategori"] = hand["yrkeskategori"].replace(YRKE, v["yrkeskategori"])
    hand.to_csv(hand_fil, index=False)

    # the workshop workbooks (with the hostile names), then the managers' own hostile answers
    skriv_exempelunderlag(mapp, seed=2025)
    forsta = underlag_sokvag(mapp, CYKEL, FORSTA)
    rad = layout.FRAGA_FORSTA_RAD
    underlag.fyll_i(forsta, {(layout.BLAD_ANALYS, f"B{rad}"): v["svar"],
                             (layout.BLAD_ANALYS, f"B{rad + 1}"): v["svar2"],
                             (layout.BLAD_PLAN, "C2"): v["aktivitet"]})
    underlag.fyll_i(underlag_sokvag(mapp, CYKEL, ANDRA), {(layout.BLAD_BEDOMNING, "E2"): v["rullista"]})


@pytest.fixture(scope="module")
def fientliga_rapporter(server, tmp_path_factory):
    from webblasare_hjalp import krav_webblasare as _krav_webblasare

    _krav_webblasare()
    from kfanalys.rapport import batch as rapport

    port = server.server_address[1]
    v = falt(port)
    bas = tmp_path_factory.mktemp("fientlig")
    mapp = bas / "kommun"
    skriv_fientlig_kommun(mapp, v)
    mp = pytest.MonkeyPatch()
    mp.setenv("KFANALYS_ROT", str(bas / "rot"))
    try:
        kod = rapport.kor_batch(mapp, CYKEL, namnder=[FORSTA, ANDRA], jobb=2, visa_framsteg=False)
    finally:
        mp.undo()
    ut = bas / "rot" / "reports" / str(CYKEL)
    assert kod == 0, (ut / "index.html").read_text(encoding="utf-8") if (ut / "index.html").exists() else kod
    assert server.anrop == [], f"anrop redan under bygget: {server.anrop}"
    return ut, v


# --------------------------------------------------------------------------- the page in chromium

GRANSKA = """(() => {
    const alla = Array.from(document.querySelectorAll('*'));
    return {
        pwned: typeof window.__pwned !== 'undefined',
        text: document.body.innerText,
        rubriker: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
                       .map(h => h.textContent.replace('¶', '').trim()),
        lankar: Array.from(document.querySelectorAll('[href]')).map(a => a.getAttribute('href')),
        kallor: Array.from(document.querySelectorAll('[src],[srcset],[data],[poster],[background]'))
                     .map(e => e.tagName + ' ' + (e.getAttribute('src') || e.getAttribute('srcset')
                                                  || e.getAttribute('data') || '').slice(0, 40)),
        bilder: Array.from(document.images).map(i => ({
            png: (i.getAttribute('src') || '').startsWith('data:image/png;base64,'),
            src: (i.getAttribute('src') || '').slice(0, 40), alt: i.getAttribute('alt') || ''})),
        element: Array.from(document.body.querySelectorAll('*')).map(e => e.tagName.toLowerCase()).filter(t => [
            'script', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'video', 'audio', 'source', 'link',
            'base', 'meta', 'form', 'input', 'button', 'textarea', 'select'].includes(t)),
        hanterare: alla.flatMap(e => Array.from(e.attributes).filter(a => a.name.startsWith('on'))
                                       .map(a => e.tagName + ' ' + a.name)),
    };
})()"""


def granska(html_fil: Path, profil: Path) -> dict:
    """Open ``html_fil`` in headless chromium and return what :data:`GRANSKA` finds plus the
    requests, console messages and log entries the page caused."""
    from webblasare_hjalp import Webblasare

    w = Webblasare(profil)
    try:
        s = w.oppna(html_fil, 1.5)  # late handlers, frames and requests
        fakta = w.anropa("Runtime.evaluate", {"returnByValue": True, "expression": GRANSKA},
                         session=s)["result"]["value"]
    finally:
        w.stang()
    h = w.handelser
    fakta["anrop"] = [m["params"]["request"]["url"] for m in h if m.get("method") == "Network.requestWillBeSent"]
    fakta["konsol"] = [m["params"] for m in h if m.get("method") == "Runtime.consoleAPICalled"]
    fakta["undantag"] = [m["params"] for m in h if m.get("method") == "Runtime.exceptionThrown"]
    fakta["logg"] = [m["params"]["entry"] for m in h if m.get("method") == "Log.entryAdded"
                     and m["params"]["entry"].get("level") in ("error", "warning")]
    return fakta


def kontrollera_sida(fakta: dict, html_fil: Path, som_text: list[str], egna_lankar: set[str] = frozenset()) -> None:
    """The rules of a page with hostile values: see the module docstring. ``egna_lankar``: the
    page's own links (the index links the reports); every other href must be an in-page anchor."""
    namn = html_fil.name
    assert not fakta["pwned"], f"{namn}: ett skript från indata kördes"
    externa = [u for u in fakta["anrop"] if not u.startswith(("file:", "data:"))]
    assert externa == [], f"{namn}: anrop som lämnar filen: {externa}"
    assert fakta["undantag"] == [] and fakta["konsol"] == [], f"{namn}: {fakta['undantag'] or fakta['konsol']}"
    # nothing for the CSP to block either: the escaping alone kept every value text
    assert fakta["logg"] == [], f"{namn}: {[e.get('text') for e in fakta['logg']]}"
    assert fakta["element"] == [], f"{namn}: element från indata: {fakta['element']}"
    assert fakta["hanterare"] == [], f"{namn}: händelsehanterare från indata: {fakta['hanterare']}"
    assert not any("javascript:" in h.lower() for h in fakta["lankar"]), f"{namn}: {fakta['lankar']}"
    assert all(h.startswith("#") or h in egna_lankar for h in fakta["lankar"]), f"{namn}: länkar: {fakta['lankar']}"
    assert all(b["png"] and b["alt"] for b in fakta["bilder"]), \
        f"{namn}: bilder som inte är mallens egna: {[b['src'] for b in fakta['bilder'] if not b['png']]}"
    assert all(k.startswith("IMG data:image/png;base64,") for k in fakta["kallor"]), f"{namn}: {fakta['kallor']}"
    assert "Rubrik" not in fakta["rubriker"] and not any(r.startswith("Rubrik") for r in fakta["rubriker"]), \
        f"{namn}: '# Rubrik' blev en rubrik"
    sidtext = " ".join(fakta["text"].split())
    for varde in som_text:
        for rad in varde.splitlines():
            assert " ".join(rad.split()) in sidtext, f"{namn}: syns inte som text: {rad!r}"


@pytest.mark.webblasare
@pytest.mark.langsam
def test_fientlig_text_syns_som_text_i_webblasaren(fientliga_rapporter, server, tmp_path):
    mapp, v = fientliga_rapporter
    sidor = {
        f"{FORSTA}.html": [v[k] for k in ("kommun", "namnd", "forvaltning", "scenario", "beskrivning",
                                          "yrkeskategori", "befattning", "svar", "svar2", "aktivitet")],
        f"{ANDRA}.html": [v["kommun"], v["scenario"], v["beskrivning"],
                          "Workshopunderlaget kunde inte läsas och används inte", v["rullista"]],
        "kommunen.html": [v["kommun"], v["namnd"], v["scenario"], v["beskrivning"]],
        "index.html": [v["kommun"], v["namnd"]],
    }
    rapporter = {p.name for p in mapp.iterdir() if p.suffix in (".html", ".xlsx", ".pdf", ".docx")} - {"index.html"}
    for i, (namn, som_text) in enumerate(sidor.items()):
        fakta = granska(mapp / namn, tmp_path / f"profil{i}")
        kontrollera_sida(fakta, mapp / namn, som_text, egna_lankar=rapporter if namn == "index.html" else set())
        if namn != "index.html":
            assert fakta["bilder"], f"{namn}: rapporten ska ha diagram"
    assert server.anrop == [], f"sidorna hämtade från servern: {server.anrop}"


@pytest.mark.webblasare
@pytest.mark.langsam
def test_fientlig_text_blir_ingen_formel_i_excel(fientliga_rapporter):
    from openpyxl import load_workbook

    mapp, v = fientliga_rapporter
    filer = sorted(mapp.glob("*.xlsx"))
    assert {p.stem for p in filer} >= {FORSTA, ANDRA}
    formler, texter = [], set()
    for p in filer:
        wb = load_workbook(p)
        for ws in wb.worksheets:
            for rad in ws.iter_rows():
                for c in rad:
                    if c.data_type == "f":
                        formler.append(f"{p.name} {ws.title}!{c.coordinate}: {str(c.value)[:60]}")
                    elif isinstance(c.value, str):
                        texter.add(c.value)
    assert formler == [], f"formler i rapportens arbetsböcker: {formler[:5]}"
    assert v["befattning"] in texter and v["yrkeskategori"] in texter  # written, as text


# --------------------------------------------------------------------------- fast: the pieces

CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{text.CSP}">'


def test_csp_i_rapportmallen_och_index():
    import datetime as dt

    from kfanalys.rapport import batch as rapport

    mall = (ROT / "kfanalys" / "rapport" / "mallar" / "kfanalys" / "index.html.j2").read_text(encoding="utf-8")
    assert CSP_META in mall
    index = rapport.rendera_index("K", 2025, [], skapad=dt.datetime(2025, 1, 1))
    assert CSP_META in index
    assert index.index(CSP_META) < index.index("<title>")
    for direktiv in ("default-src 'none'", "img-src data:", "base-uri 'none'", "form-action 'none'"):
        assert direktiv in text.CSP
    assert "script-src" not in text.CSP  # no script at all: default-src 'none' applies


def test_figurens_etiketter_ar_text():
    """A yrkeskategori with ``$...$`` is drawn as written, not as mathtext (a broken one used to stop the figure)."""
    from kfanalys.rapport import figurer

    t = pd.DataFrame({"namnd": "N", "yrkeskategori": [f"A {MATTE}", "B $x^2$", "C"], "horisont": 2,
                      "antal": [400, 60, 50], "expansion": [8, 0, 1], "ersattning_omsattning": [63, 11, 5],
                      "ersattning_pension": [2, 4, 1], "totalt": [73, 15, 7]})
    f = figurer.rekrytering_staplad(t, "N")
    etiketter = f.fig.axes[0].get_yticklabels()
    assert figurer.som_html(f).startswith("<figure")  # drawn without a mathtext error
    assert {e.get_text() for e in etiketter} == {r"A \$\frac{\$", r"B \$x^2\$", "C"}
    assert not any(e._preprocess_math(e.get_text())[1] for e in etiketter)  # no label is mathtext
    assert MATTE in f.alt  # the alt text is the name as typed (escaped as HTML by som_html)
    assert 'alt="&lt;b&gt;"' in figurer.som_html(figurer.Figur(f.fig, "<b>", "<i>"))


@pytest.mark.parametrize("namn", ["rapport.ipynb", "kommunen.ipynb", "utforska.ipynb"])
def test_notebooks_bygger_ingen_markdown_av_varden(namn):
    """Every sentence with a value goes through kfanalys.grund.text; no Markdown output is built in code."""
    nb = nbformat.read(str(ROT / "notebooks" / namn), as_version=4)
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code":
            assert "Markdown" not in c.source, f"{namn}, cell {i + 1}: Markdown i kod"
            assert "HTML(" not in c.source, f"{namn}, cell {i + 1}: HTML direkt i kod"


def test_html_utdata_ar_text():
    """What the notebooks display: an Html object whose values are escaped, with the template's own marks."""
    fraga, svar = "Vilket är gapet?", f"{RUBRIK}\n{SKRIPT} {LANK} **x**"
    h = text.stycke("**{fraga}** {svar}", fraga=fraga, svar=svar)
    assert h._repr_html_() == ("<p><strong>Vilket är gapet?</strong> # Rubrik<br>\n&lt;script&gt;window.__pwned=1"
                               "&lt;/script&gt; [klick](javascript:window.__pwned=1) **x**</p>")
    lista = text.punktlista({"Kommun": SKRIPT, "Indata": text.kod("<abc>")})
    assert "<script" not in lista.html and "<code>&lt;abc&gt;</code>" in lista.html
    assert str(text.rubrik("{n}", 1, n=BILD_FEL)) == "<h1>&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;</h1>"
    assert "<img" not in str(text.punkter([BILD_FEL]))
