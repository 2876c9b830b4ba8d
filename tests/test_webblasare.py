"""A generated report opened in a real headless browser (Debian's chromium), as a manager would.

The browser is driven over the Chrome DevTools protocol on a pipe with the standard library
only (``tests/webblasare_hjalp.py``, shared with the WCAG test ``tests/test_wcag.py``).
Asserted: the page loads with no console error and no exception, no request leaves the file (only ``file:`` and ``data:`` URLs), every image has a
non-empty alt text and is decoded, no code or prompt is visible, ``lang="sv"``. A
screenshot is saved under the test's temporary folder.

Skipped only when chromium is absent and ``KFANALYS_KRAV_WEBBLASARE`` is not set (CI sets it).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from webblasare_hjalp import Webblasare, bygg_rapporter, krav_webblasare

pytestmark = [pytest.mark.webblasare, pytest.mark.langsam]

# the names other tests import from here (tests/test_fientlig_text.py) until they import webblasare_hjalp
_krav_webblasare = krav_webblasare
__all__ = ["Webblasare", "_krav_webblasare", "krav_webblasare", "oppna_i_webblasare"]


def oppna_i_webblasare(html_fil: Path, profil: Path, skarmbild: Path) -> dict:
    """Load ``html_fil``; return requests, console errors and facts about the page."""
    w = Webblasare(profil)
    try:
        s = w.oppna(html_fil, 1.0)  # late console messages or requests
        fakta = w.anropa("Runtime.evaluate", {"returnByValue": True, "expression": """(() => ({
            lang: document.documentElement.lang,
            titel: document.title,
            bilder: Array.from(document.images).map(i => ({alt: i.getAttribute('alt'),
                                                           ok: i.complete && i.naturalWidth > 0})),
            text: document.body.innerText,
            kod: document.querySelectorAll('.jp-InputArea-editor, .jp-InputPrompt, .highlight, pre code').length,
            rubriker: Array.from(document.querySelectorAll('h2')).map(h => h.textContent.replace('¶', '').trim()),
            tabeller_utan_caption: Array.from(document.querySelectorAll('table'))
                                   .filter(t => !t.querySelector('caption')).length,
        }))()"""}, session=s)["result"]["value"]
        bild = w.anropa("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=s)
        skarmbild.write_bytes(base64.b64decode(bild["data"]))
    finally:
        w.stang()
    h = w.handelser
    fakta["anrop"] = [m["params"]["request"]["url"] for m in h if m.get("method") == "Network.requestWillBeSent"]
    fakta["konsolfel"] = [m["params"] for m in h if m.get("method") == "Runtime.consoleAPICalled"
                          and m["params"].get("type") in ("error", "assert")]
    fakta["undantag"] = [m["params"] for m in h if m.get("method") == "Runtime.exceptionThrown"]
    fakta["loggfel"] = [m["params"]["entry"] for m in h if m.get("method") == "Log.entryAdded"
                        and m["params"]["entry"].get("level") == "error"]
    return fakta


@pytest.fixture(scope="module")
def rapportmapp(exempelmapp, tmp_path_factory):
    """The Exempelkommun's report for its first nämnd and the kommun report, in a temp project root."""
    krav_webblasare()
    from kfanalys.indata.konfig import las_konfig

    forsta = las_konfig(exempelmapp / "kommun.yaml").namnder[0].kortnamn
    mapp = bygg_rapporter(exempelmapp, tmp_path_factory.mktemp("rot"), namnder=[forsta])
    return mapp, forsta


def _kontrollera_sida(fakta: dict, html_fil: Path) -> None:
    externa = [u for u in fakta["anrop"] if not u.startswith(("file:", "data:"))]
    assert externa == [], f"anrop som lämnar filen: {externa}"
    assert fakta["anrop"] and fakta["anrop"][0] == html_fil.resolve().as_uri()
    assert fakta["konsolfel"] == [] and fakta["undantag"] == [] and fakta["loggfel"] == []
    assert fakta["lang"] == "sv"
    assert fakta["titel"].startswith("Kompetensförsörjning 2025")
    assert fakta["bilder"], "rapporten ska ha diagram"
    for b in fakta["bilder"]:
        assert (b["alt"] or "").strip(), "bild utan alt-text"
        assert b["ok"], "bilden kunde inte visas"
    assert fakta["kod"] == 0
    for kod in ("import ", "kfanalys.", "In [", "display(", "namnd = "):
        assert kod not in fakta["text"], f"kod syns i rapporten: {kod!r}"
    assert fakta["tabeller_utan_caption"] == 0


def test_namndrapport_i_webblasare(rapportmapp, tmp_path):
    mapp, forsta = rapportmapp
    html_fil = mapp / f"{forsta}.html"
    fakta = oppna_i_webblasare(html_fil, tmp_path / "profil", tmp_path / "skarmbild.png")
    _kontrollera_sida(fakta, html_fil)
    assert fakta["rubriker"][:3] == ["Sammanfattning", "Nuläge", "Rekryteringar, avgångar och personalomsättning"]
    assert (tmp_path / "skarmbild.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "skarmbild.png").stat().st_size > 20_000  # a rendered page, not a blank one


def test_kommunrapport_och_index_i_webblasare(rapportmapp, tmp_path):
    mapp, _ = rapportmapp
    fakta = oppna_i_webblasare(mapp / "kommunen.html", tmp_path / "profil", tmp_path / "kommunen.png")
    _kontrollera_sida(fakta, mapp / "kommunen.html")
    index = oppna_i_webblasare(mapp / "index.html", tmp_path / "profil2", tmp_path / "index.png")
    assert [u for u in index["anrop"] if not u.startswith(("file:", "data:"))] == []
    assert index["konsolfel"] == [] and index["undantag"] == [] and index["lang"] == "sv"
