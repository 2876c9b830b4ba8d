"""The headless browser the browser tests share: Debian's chromium driven over the Chrome DevTools
protocol on a pipe (``--remote-debugging-pipe``: NUL-separated JSON on file descriptors 3 and 4),
with the standard library only (:class:`Webblasare`), and the rule that a browser test is skipped
only when chromium is absent and ``KFANALYS_KRAV_WEBBLASARE`` is not set (:func:`krav_webblasare`).
Used by ``tests/test_webblasare.py`` and ``tests/test_wcag.py``.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def krav_webblasare():
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


def bygg_rapporter(exempelmapp: Path, rot: Path, namnder: list[str] | None = None) -> Path:
    """The Exempelkommun's reports (``namnder``: kortnamn, default all) built by the batch in the
    project root ``rot`` (``KFANALYS_ROT``, restored afterwards); returns ``rot/reports/2025``."""
    from kfanalys.rapport import batch as rapport

    gammal = os.environ.get("KFANALYS_ROT")
    os.environ["KFANALYS_ROT"] = str(rot)
    try:
        kod = rapport.kor_batch(exempelmapp, 2025, namnder=namnder, jobb=2, visa_framsteg=False, dokument=False)
    finally:
        if gammal is None:
            os.environ.pop("KFANALYS_ROT", None)
        else:
            os.environ["KFANALYS_ROT"] = gammal
    assert kod == 0
    return rot / "reports" / "2025"
