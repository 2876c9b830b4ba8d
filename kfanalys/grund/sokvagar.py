"""Paths, resolved from one place (the kernel runs in the caller's working directory).

The project root is the nearest folder upward from the working directory that holds
``pyproject.toml`` with kfanalys, else the working directory. ``KFANALYS_ROT`` overrides.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


#: Temporary files of :func:`skriv_atomiskt` are named ``.<target name>.<random>.tmp``.
TMP_SLUT = ".tmp"


def ar_temporar(sokvag: Path) -> bool:
    """True for a name :func:`skriv_atomiskt` gives its temporary files.

    >>> ar_temporar(Path(".index.html.k3j_x9ab.tmp")), ar_temporar(Path("index.html")), ar_temporar(Path("a.tmp"))
    (True, False, False)
    """
    return sokvag.name.startswith(".") and sokvag.name.endswith(TMP_SLUT) and len(sokvag.name) > len(TMP_SLUT) + 2


def sopa_temporara(mapp: str | Path) -> list[Path]:
    """Remove the temporary files an interrupted :func:`skriv_atomiskt` left in ``mapp``; returns them.

    Only the folder itself (not subfolders). Two batches must not write the same folder at once:
    one would sweep the other's temporary files.

    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / ".a.html.x1y2z3.tmp").write_text("halv"), (d / "a.html").write_text("hel")
    >>> [p.name for p in sopa_temporara(d)], sorted(p.name for p in d.iterdir())
    (['.a.html.x1y2z3.tmp'], ['a.html'])
    """
    mapp = Path(mapp)
    if not mapp.is_dir():
        return []
    borttagna = []
    for p in sorted(mapp.iterdir()):
        if ar_temporar(p) and p.is_file():
            try:
                p.unlink()
            except OSError:  # in use or already gone: leave it
                continue
            borttagna.append(p)
    return borttagna


def skriv_atomiskt(sokvag: str | Path, innehall: str | bytes | Callable[[str], object]) -> Path:
    """Write a file via a temporary name in the same folder and :func:`os.replace`.

    ``innehall`` is the text (UTF-8), the bytes, or a function that writes the temporary path
    it is given (``df.to_csv``, ``wb.save`` ...). A reader never sees a half-written file, and a
    failure leaves no file behind. The file gets mode 0644 (outputs are meant to be shared).

    >>> d = Path(tempfile.mkdtemp())
    >>> skriv_atomiskt(d / "a.html", "<p>hej</p>").read_text(encoding="utf-8")
    '<p>hej</p>'
    >>> sorted(p.name for p in d.iterdir())
    ['a.html']
    """
    sokvag = Path(sokvag)
    sokvag.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{sokvag.name}.", suffix=TMP_SLUT, dir=sokvag.parent)
    try:
        if callable(innehall):
            os.close(fd)
            innehall(tmp)
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(innehall.encode("utf-8") if isinstance(innehall, str) else innehall)
        os.chmod(tmp, 0o644)
        os.replace(tmp, sokvag)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sokvag


def projektrot(start: Path | None = None) -> Path:
    if os.environ.get("KFANALYS_ROT"):
        return Path(os.environ["KFANALYS_ROT"]).resolve()
    p = (start or Path.cwd()).resolve()
    for kandidat in (p, *p.parents):
        py = kandidat / "pyproject.toml"
        if py.exists() and 'name = "kfanalys"' in py.read_text(encoding="utf-8", errors="ignore"):
            return kandidat
    return p


def raw_mapp(rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "data" / "raw"


def exempel_mapp(rot: Path | None = None) -> Path:
    return raw_mapp(rot) / "exempelkommun"


def processed_mapp(cykel: int, scenario: str = "bas", rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "data" / "processed" / str(cykel) / scenario


def underlag_ut_mapp(cykel: int, rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "data" / "processed" / str(cykel) / "underlag"


def rapport_mapp(cykel: int, rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "reports" / str(cykel)


def notebook_mapp(rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "notebooks"
