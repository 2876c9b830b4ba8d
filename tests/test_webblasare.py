"""A generated report opened in a real headless browser (Debian's chromium), as a manager would.

The browser is driven over the Chrome DevTools protocol on a pipe
(``--remote-debugging-pipe``: NUL-separated JSON on file descriptors 3 and 4), with the
standard library only. Asserted: the page loads with no console error and no exception,
no request leaves the file (only ``file:`` and ``data:`` URLs), every image has a
non-empty alt text and is decoded, no code or prompt is visible, ``lang="sv"``. A
screenshot is saved under the test's temporary folder.

Skipped only when chromium is absent and ``KFANALYS_KRAV_WEBBLASARE`` is not set (CI sets it).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.webblasare, pytest.mark.langsam]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _krav_webblasare():
    if CHROMIUM is None:
        if os.environ.get("KFANALYS_KRAV_WEBBLASARE"):
            pytest.fail("KFANALYS_KRAV_WEBBLASARE är satt men chromium finns inte (apt-get install chromium)")
        pytest.skip("chromium finns inte (installera med apt-get install chromium)")


class Webblasare:
    """A minimal CDP client over ``--remote-debugging-pipe``."""

    def __init__(self, profil: Path):
        in_r, in_w = os.pipe()    # we write commands -> chromium reads fd 3
        ut_r, ut_w = os.pipe()    # chromium writes fd 4 -> we read
        def barn():  # noqa: E306 - runs in the child between fork and exec
            hog_r, hog_w = os.dup2(in_r, 200), os.dup2(ut_w, 201)  # out of the way of 3 and 4 first
            os.dup2(hog_r, 3, inheritable=True)
            os.dup2(hog_w, 4, inheritable=True)
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
             f"--user-data-dir={profil}", "--remote-debugging-pipe", "--window-size=1200,1600"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=barn, pass_fds=(3, 4))
        os.close(in_r)
        os.close(ut_w)
        self.skriv, self.las = in_w, ut_r
        self.buffert = b""
        self.nasta_id = 0
        self.handelser: list[dict] = []

    def _meddelande(self, tidsgrans: float) -> dict | None:
        slut = time.monotonic() + tidsgrans
        while b"\0" not in self.buffert:
            kvar = slut - time.monotonic()
            if kvar <= 0:
                return None
            klar, _, _ = select.select([self.las], [], [], kvar)
            if klar:
                bit = os.read(self.las, 1 << 20)
                if not bit:
                    raise RuntimeError("chromium stängde förbindelsen: "
                                       + self.proc.stderr.read().decode(errors="replace")[-2000:])
                self.buffert += bit
        rad, self.buffert = self.buffert.split(b"\0", 1)
        return json.loads(rad)

    def anropa(self, metod: str, params: dict | None = None, session: str | None = None,
               tidsgrans: float = 30) -> dict:
        self.nasta_id += 1
        mid = self.nasta_id
        msg = {"id": mid, "method": metod, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.skriv, json.dumps(msg).encode() + b"\0")
        slut = time.monotonic() + tidsgrans
        while True:
            m = self._meddelande(max(0.0, slut - time.monotonic()))
            if m is None:
                raise TimeoutError(f"inget svar på {metod}")
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError(f"{metod}: {m['error']}")
                return m.get("result", {})
            self.handelser.append(m)

    def vanta_pa(self, metod: str, tidsgrans: float = 30) -> dict:
        for i, m in enumerate(self.handelser):
            if m.get("method") == metod:
                return self.handelser.pop(i)
        slut = time.monotonic() + tidsgrans
        while True:
            m = self._meddelande(max(0.0, slut - time.monotonic()))
            if m is None:
                raise TimeoutError(f"ingen händelse {metod}")
            if m.get("method") == metod:
                return m
            self.handelser.append(m)

    def samla(self, sekunder: float) -> None:
        slut = time.monotonic() + sekunder
        while (m := self._meddelande(max(0.0, slut - time.monotonic()))) is not None:
            self.handelser.append(m)

    def stang(self) -> None:
        try:
            self.anropa("Browser.close", tidsgrans=5)
        except Exception:  # noqa: BLE001
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.skriv)
        os.close(self.las)

    def oppna(self, html_fil: Path, vanta: float) -> str:
        """A new tab with ``html_fil`` loaded (Page, Runtime, Network and Log enabled), after
        ``vanta`` more seconds of events; returns the tab's session id."""
        mal = self.anropa("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = self.anropa("Target.attachToTarget", {"targetId": mal, "flatten": True})["sessionId"]
        for doman in ("Page", "Runtime", "Network", "Log"):
            self.anropa(f"{doman}.enable", session=s)
        self.anropa("Page.navigate", {"url": html_fil.resolve().as_uri()}, session=s)
        self.vanta_pa("Page.loadEventFired", tidsgrans=60)
        self.samla(vanta)
        return s


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
    _krav_webblasare()
    from kfanalys.rapport import batch as rapport
    from kfanalys.indata.konfig import las_konfig

    rot = tmp_path_factory.mktemp("rot")
    gammal = os.environ.get("KFANALYS_ROT")
    os.environ["KFANALYS_ROT"] = str(rot)
    try:
        forsta = las_konfig(exempelmapp / "kommun.yaml").namnder[0].kortnamn
        kod = rapport.kor_batch(exempelmapp, 2025, namnder=[forsta], jobb=2, visa_framsteg=False)
    finally:
        if gammal is None:
            os.environ.pop("KFANALYS_ROT", None)
        else:
            os.environ["KFANALYS_ROT"] = gammal
    assert kod == 0
    return rot / "reports" / "2025", forsta


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
