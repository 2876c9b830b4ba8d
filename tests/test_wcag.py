"""Every generated page meets WCAG 2.1 AA as axe-core checks it, and fits the window.

A freshly built Exempelkommun report set (index.html, every nämnd report, kommunen.html) is
opened in headless chromium (``tests/webblasare_hjalp.py``); axe-core's ``axe.min.js`` is
injected with ``Runtime.evaluate`` (the page's Content-Security-Policy blocks script files, not
the DevTools protocol) and run with the rule tags wcag2a, wcag2aa, wcag21a and wcag21aa:
zero violations. The same tab is then set to a 1280 px window and to A4 width (794 px) and
``document.documentElement.scrollWidth`` must not exceed ``innerWidth``: a wide table wraps
and shrinks instead of scrolling the page sideways.

axe-core comes from npm: ``bash scripts/axe.sh`` installs it into ``.cache/axe`` (CI does so
in ``.ci/run``); ``KFANALYS_AXE`` may name another ``axe.min.js``. Without it (or without
chromium) the test is skipped, unless ``KFANALYS_KRAV_WEBBLASARE`` is set: then it fails.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from webblasare_hjalp import Webblasare, bygg_rapporter, krav_webblasare

pytestmark = [pytest.mark.webblasare, pytest.mark.langsam]

ROT = Path(__file__).resolve().parents[1]
TAGGAR = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BREDDER = (1280, 794)  # a desktop window, A4 at 96 dpi


def axe_fil() -> Path:
    """axe.min.js (``KFANALYS_AXE`` or ``.cache/axe``); skip or fail (with how to install it) when absent."""
    fil = Path(os.environ.get("KFANALYS_AXE") or ROT / ".cache/axe/node_modules/axe-core/axe.min.js")
    if not fil.is_file():
        rad = (f"axe-core saknas ({fil}): installera med 'bash scripts/axe.sh' "
               "(kräver npm: apt-get install -y nodejs npm)")
        if os.environ.get("KFANALYS_KRAV_WEBBLASARE"):
            pytest.fail("KFANALYS_KRAV_WEBBLASARE är satt men " + rad)
        pytest.skip(rad)
    return fil


def _varde(w: Webblasare, s: str, uttryck: str, vanta: bool = False):
    svar = w.anropa("Runtime.evaluate", {"expression": uttryck, "returnByValue": True, "awaitPromise": vanta},
                    session=s, tidsgrans=120)
    if "exceptionDetails" in svar:
        raise AssertionError(f"fel i sidan: {svar['exceptionDetails']}")
    return svar["result"].get("value")


def granska(html_fil: Path, profil: Path, axe: Path) -> dict:
    """axe-core's violations of :data:`TAGGAR` on ``html_fil`` (rule id, impact, help and the first
    elements) and, per width of :data:`BREDDER`, the page's scrollWidth and innerWidth."""
    w = Webblasare(profil)
    try:
        s = w.oppna(html_fil, 0.2)
        _varde(w, s, axe.read_text(encoding="utf-8") + "\n;true")
        regler = json.dumps({"runOnly": {"type": "tag", "values": TAGGAR}, "resultTypes": ["violations"]})
        brott = _varde(w, s, f"""axe.run(document, {regler}).then(r => r.violations.map(v => ({{
            id: v.id, impact: v.impact, help: v.help,
            noder: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)}})))""", vanta=True)
        bredd = {}
        for b in BREDDER:
            w.anropa("Emulation.setDeviceMetricsOverride",
                     {"width": b, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=s)
            bredd[b] = _varde(w, s, """new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r({
                scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                breda: Array.from(document.querySelectorAll('main *'))
                       .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                       .slice(0, 3).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 60))}))))""",
                              vanta=True)
    finally:
        w.stang()
    return {"brott": brott, "bredd": bredd}


@pytest.fixture(scope="module")
def sidor(exempelmapp, tmp_path_factory) -> list[Path]:
    """Every page of a freshly built Exempelkommun report set: index, each nämnd, the kommun."""
    krav_webblasare()
    axe_fil()
    mapp = bygg_rapporter(exempelmapp, tmp_path_factory.mktemp("rot"))
    filer = sorted(mapp.glob("*.html"))
    assert {"index.html", "kommunen.html"} <= {f.name for f in filer}
    assert len(filer) >= 4, "index, kommunen och minst två nämnder"
    return filer


def test_varje_sida_utan_wcag_brott_och_utan_sidledes_rullning(sidor, tmp_path):
    axe = axe_fil()
    fel = []
    for i, sida in enumerate(sidor):
        utfall = granska(sida, tmp_path / f"profil{i}", axe)
        for v in utfall["brott"]:
            fel.append(f"{sida.name}: {v['id']} ({v['impact']}) {v['help']}: {v['noder']}")
        for b, m in utfall["bredd"].items():
            if m["scroll"] > m["inner"]:
                fel.append(f"{sida.name}: {m['scroll']} px bred vid {b} px fönster: {m['breda']}")
    assert fel == [], "\n".join(fel)


def test_axe_hittar_ett_brott(tmp_path):
    """The harness itself: a page with an image without alt, a table header without text and grey on
    grey text has violations, and a 2000 px wide table is seen as sideways scrolling."""
    krav_webblasare()
    sida = tmp_path / "dalig.html"
    sida.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                    '<p style="color:#aaa;background:#bbb">grå text</p>'
                    '<table style="width:2000px"><tr><td>bred</td></tr></table></body></html>', encoding="utf-8")
    utfall = granska(sida, tmp_path / "profil", axe_fil())
    regler = {v["id"] for v in utfall["brott"]}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= regler
    assert utfall["bredd"][1280]["scroll"] > 1280 and utfall["bredd"][794]["scroll"] > 794
