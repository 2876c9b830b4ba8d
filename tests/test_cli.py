"""The command line (kfanalys.cli), issue 10: it ends quietly, in Swedish, whatever happens.

- ``berakna`` with one damaged and several misnamed workbooks: exit 0, the damaged one is that
  nämnd's workshop error, the misnamed ones are named with "menade du ...?";
- Ctrl-C during ``rapporter``: one Swedish line, exit 130, no traceback from us or a kernel,
  no kernel left running, the index says which reports were cut off;
- a reader that stops reading (``kfanalys validera | head -1``): no "Oväntat fel (BrokenPipeError)".

The Ctrl-C and broken-pipe tests run the command in a child process (a small script that stubs
the computation, which has its own tests), as a user's terminal would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from kfanalys import cli

PYTHON = sys.executable


def _kor_skript(tmp_path: Path, kropp: str) -> Path:
    skript = tmp_path / "kor.py"
    skript.write_text(textwrap.dedent(kropp), encoding="utf-8")
    return skript


# ----------------------------------------------------------------------------- berakna: damaged and misnamed workbooks

def test_berakna_med_skadad_och_felnamngiven_arbetsbok(exempelmapp, tmp_path, monkeypatch, capsys):
    data = tmp_path / "exempelkommun"
    shutil.copytree(exempelmapp, data)
    u = data / "underlag" / "2025"
    # grundskola: a zip whose first sheet is not XML (the XML parser raises ParseError or XMLSyntaxError)
    trasig = u / "grundskola.xlsx"
    hel = trasig.read_bytes()
    (tmp_path / "hel.xlsx").write_bytes(hel)
    with zipfile.ZipFile(tmp_path / "hel.xlsx") as zi, zipfile.ZipFile(trasig, "w") as zo:
        for info in zi.infolist():
            zo.writestr(info.filename, b"<<garbage" if info.filename == "xl/worksheets/sheet1.xml"
                        else zi.read(info.filename))
    shutil.copy(u / "forskola.xlsx", u / "Forskola.xlsx")
    shutil.copy(u / "forskola.xlsx", u / "~$forskola.xlsx")  # Excel's lock file: ignored silently
    (u / "forskola.xlsx").rename(u / "forskola.xls")
    monkeypatch.setenv("KFANALYS_ROT", str(tmp_path / "projekt"))

    kod = cli.main(["berakna", "--cykel", "2025", "--data", str(data)])
    ut = capsys.readouterr()
    assert kod == 0, ut.err
    assert ut.err == ""
    meta = json.loads((tmp_path / "projekt" / "data" / "processed" / "2025" / "bas" / "antaganden.json")
                      .read_text(encoding="utf-8"))
    assert list(meta["workshop_fel"]) == ["grundskola"]
    assert "grundskola.xlsx: kan inte läsas som Excel-arbetsbok (.xlsx): arbetsboken är skadad (ogiltig XML)" in \
        meta["workshop_fel"]["grundskola"]
    forvantade = [
        "Filen underlag/2025/forskola.xls är en äldre Excel-fil (.xls) och läses inte; menade du forskola.xlsx? "
        "Öppna den i Excel och spara om som .xlsx (Excel-arbetsbok) med namnet forskola.xlsx.",
        "Filen underlag/2025/Forskola.xlsx hör inte till någon nämnd och läses inte; menade du forskola.xlsx? "
        "Byt namn på filen till forskola.xlsx.",
    ]
    for text in forvantade:
        assert text in meta["anmarkningar"]
        assert f"Anmärkning: {text}\n" in ut.out
    assert "Anmärkning: Workshopunderlaget för grundskola kunde inte läsas och används inte" in ut.out
    assert "~$forskola" not in ut.out


# ----------------------------------------------------------------------------- Ctrl-C during rapporter

def _lever(pid: int) -> bool:
    """True if process ``pid`` runs (a zombie waiting for its parent to reap it counts as ended)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.joinpath("self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_under_rapporter_avslutas_tyst(tmp_path):
    rot = tmp_path / "projekt"
    (rot / "notebooks").mkdir(parents=True)
    processed = tmp_path / "processed"
    processed.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = nbformat.v4.new_code_cell('namnd = "kommunen"\ncykel = 2025\ndatamapp = ""\nscenario = "bas"\nprocessed = ""')
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell(
        "import os, time\nfrom pathlib import Path\n"
        'Path(processed, f"kor_{namnd}_{os.getpid()}").write_text("")\n'
        "time.sleep(300)\n")]
    for namn in ("rapport.ipynb", "kommunen.ipynb"):
        nbformat.write(nb, str(rot / "notebooks" / namn))
    data = tmp_path / "data"
    data.mkdir()
    (data / "kommun.yaml").write_text(
        "kommun: Testkommun\nnamnder:\n  - {namn: Nämnd a, kortnamn: a}\n  - {namn: Nämnd b, kortnamn: b}\n"
        "yrkeskategorier:\n  - {namn: Lärare, drivare: {typ: fast}}\n", encoding="utf-8")
    skript = _kor_skript(tmp_path, """
        import signal, sys
        # a shell that starts the tests in the background ignores SIGINT; a user's terminal does not
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from pathlib import Path
        import kfanalys.berakning.orkestrering
        kfanalys.berakning.orkestrering.berakna_och_spara = lambda mapp, cykel, scenario=None: Path(sys.argv[1])
        from kfanalys import cli
        sys.exit(cli.main(sys.argv[2:]))
    """)
    miljo = {**os.environ, "KFANALYS_ROT": str(rot)}
    proc = subprocess.Popen([PYTHON, str(skript), str(processed), "rapporter", "--cykel", "2025", "--data", str(data),
                             "--jobb", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=miljo)
    try:
        slut = time.monotonic() + 120
        while len(list(processed.glob("kor_*"))) < 2:  # both kernels are running a notebook
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < slut, "kärnorna startade inte"
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        ut, fel = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    index = rot / "reports" / "2025" / "index.html"
    rader = [r for r in fel.splitlines() if r.strip() and "Rapporter:" not in r]  # the tqdm bar aside
    assert proc.returncode == 130, fel
    assert rader == [f"Avbrutet (Ctrl-C): 0 av 3 rapporter hann bli klara; {index} visar vilka som inte blev klara. "
                     "Kör kommandot igen för att skapa dem."], fel
    for ord_ in ("Traceback", "ERROR", "Exception", "Oväntat fel"):
        assert ord_ not in fel
    text = index.read_text(encoding="utf-8")
    assert text.count('<span class="fel">Avbruten</span>') == 3
    assert "körningen avbröts: 0 av 2 klara, 3 rapporter blev inte klara" in text
    karnor = [int(m.name.rsplit("_", 1)[1]) for m in processed.glob("kor_*")]
    slut = time.monotonic() + 10
    while any(_lever(pid) for pid in karnor) and time.monotonic() < slut:
        time.sleep(0.2)
    assert not any(_lever(pid) for pid in karnor), "en kärna kör kvar efter Ctrl-C"


# ----------------------------------------------------------------------------- broken pipe

def test_avbruten_lasare_ger_inget_ovantat_fel(tmp_path):
    """``kfanalys validera | head -1`` with more output than the pipe holds: the write fails mid-way."""
    skript = _kor_skript(tmp_path, """
        import sys
        import kfanalys.indata.register
        kfanalys.indata.register.las_indata = lambda mapp: None
        kfanalys.indata.register.sammanfattning = lambda indata: "\\n".join(f"rad {i}" for i in range(200_000))
        from kfanalys import cli
        sys.exit(cli.main(["validera", "."]))
    """)
    proc = subprocess.Popen([PYTHON, str(skript)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    forsta = proc.stdout.readline()
    proc.stdout.close()  # as head -1 does
    fel = proc.stderr.read()
    proc.wait(timeout=60)
    assert forsta == "OK\n"
    assert fel == ""
    assert proc.returncode == 141


@pytest.mark.skipif(shutil.which("head") is None or shutil.which("bash") is None, reason="needs bash and head")
def test_validera_head_1(exempelmapp):
    kommando = Path(PYTHON).with_name("kfanalys")
    proc = subprocess.run(["bash", "-c", f'"{kommando}" validera "{exempelmapp}" | head -1'],
                          capture_output=True, text=True, timeout=120)
    assert (proc.stdout, proc.stderr) == ("OK\n", "")


def test_ny_skriver_ett_utkast_som_valideras_och_skriver_aldrig_over(tmp_path, capsys):
    """`kfanalys ny MAPP` on a kommun's own files (the Exempelkommun without its kommun.yaml) writes a draft that
    `kfanalys validera` accepts; a second `ny` refuses, with exit 2 and the file unchanged."""
    from kfanalys.cli import main
    mapp = tmp_path / "minkommun"
    assert main(["exempel", str(mapp)]) == 0
    (mapp / "kommun.yaml").unlink()
    assert main(["ny", str(mapp)]) == 0
    assert "gissning: kontrollera" in capsys.readouterr().out
    text = (mapp / "kommun.yaml").read_bytes()
    assert main(["validera", str(mapp)]) == 0
    assert capsys.readouterr().out.startswith("OK")
    assert main(["ny", str(mapp)]) == 2
    assert "kommun.yaml finns redan" in capsys.readouterr().err
    assert (mapp / "kommun.yaml").read_bytes() == text


@pytest.mark.parametrize("argv, dokument", [([], None), (["--utan-dokument"], False)])
def test_rapporter_utan_dokument_skriver_ingen_pdf_eller_word(monkeypatch, tmp_path, argv, dokument):
    """``kfanalys rapporter --utan-dokument`` asks the batch for no PDF and no Word draft; without it the batch
    decides (documents whenever the workbook is written)."""
    from kfanalys.rapport import batch

    anrop = []
    monkeypatch.setattr(batch, "kor_batch", lambda *a, **k: anrop.append(k) or 0)
    assert cli.main(["rapporter", "--cykel", "2025", "--data", str(tmp_path), *argv]) == 0
    assert anrop[0]["dokument"] is dokument
