"""The command line: ``kfanalys exempel | ny | validera | berakna | rapporter | underlag``.

Every error a user can cause is printed in Swedish without a traceback, and the command
exits non-zero (2 for bad input, 1 for a batch where some nämnd failed, 130 for Ctrl-C). A
reader that stops reading (``kfanalys validera | head -1``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kfanalys import __version__
from kfanalys.grund.fel import KfanalysFel
from kfanalys.grund.sokvagar import exempel_mapp


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kfanalys", description="Kompetensförsörjningsanalys per nämnd och cykel.")
    p.add_argument("--version", action="version", version=f"kfanalys {__version__}")
    sub = p.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO")

    e = sub.add_parser("exempel", help="skapa den syntetiska Exempelkommunen")
    e.add_argument("mapp", nargs="?", type=Path, default=None, help="mål (standard data/raw/exempelkommun)")
    e.add_argument("--seed", type=int, default=2025, help="slumpfrö (samma frö ger samma data)")

    n = sub.add_parser("ny", help="skriv ett första utkast till kommun.yaml från kommunens egna filer")
    n.add_argument("mapp", type=Path, help="datamapp med anstallningar och befolkningsprognos (skrivs aldrig över)")

    v = sub.add_parser("validera", help="kontrollera en datamapp och lista alla fel")
    v.add_argument("mapp", nargs="?", type=Path, default=None, help="datamapp (standard: Exempelkommunen)")

    b = sub.add_parser("berakna", help="beräkna alla tabeller för en cykel till data/processed/<cykel>/")
    b.add_argument("--cykel", type=int, required=True)
    b.add_argument("--data", type=Path, default=None, help="datamapp (standard: Exempelkommunen)")
    b.add_argument("--scenario", default=None, help="scenario ur kommun.yaml (standard: bas)")

    r = sub.add_parser("rapporter", help="skriv rapporterna per nämnd (HTML, PDF, Word, Excel), kommunrapport och index")
    r.add_argument("--cykel", type=int, required=True)
    r.add_argument("--data", type=Path, default=None)
    r.add_argument("--namnd", action="append", default=None, help="kortnamn; kan upprepas (standard: alla)")
    r.add_argument("--jobb", type=int, default=None, help="antal parallella arbetare (standard: antal kärnor)")
    r.add_argument("--scenario", default=None)
    r.add_argument("--timeout", type=int, default=600, help="max sekunder per notebookcell")
    r.add_argument("--utan-dokument", action="store_true",
                   help="skriv ingen PDF och inget Word-utkast (bara HTML och Excel; snabbare)")

    u = sub.add_parser("underlag", help="skriv workshopunderlag (.xlsx) per nämnd")
    u.add_argument("--cykel", type=int, required=True)
    u.add_argument("--data", type=Path, default=None)
    u.add_argument("--namnd", action="append", default=None)
    return p


def _kor(args: argparse.Namespace) -> int:
    data = getattr(args, "data", None) or getattr(args, "mapp", None) or exempel_mapp()
    if args.kommando == "exempel":
        from kfanalys.exempel import kommun as exempel

        mapp = args.mapp or exempel_mapp()
        exempel.skriv_exempelkommun(mapp, seed=args.seed)
        print(f"Exempelkommunen skapad i {mapp}")
        return 0
    if args.kommando == "ny":
        from kfanalys.underlag.konfigutkast import skriv_konfigutkast

        sokvag = skriv_konfigutkast(args.mapp)
        print(f"Skrev {sokvag}. Gå igenom allt som är markerat \"gissning: kontrollera\" och kör sedan: "
              f"kfanalys validera {args.mapp}")
        return 0
    if args.kommando == "validera":
        return _validera(data)
    if args.kommando == "berakna":
        from kfanalys.berakning import orkestrering
        from kfanalys.rapport.batch import anmarkningar

        mapp = orkestrering.berakna_och_spara(data, args.cykel, args.scenario)
        print(f"Klart: tabellerna för {args.cykel} finns i {mapp}")
        for text in anmarkningar(mapp):
            print(f"Anmärkning: {text}")
        return 0
    if args.kommando == "rapporter":
        from kfanalys.rapport import batch as rapport

        return rapport.kor_batch(data, args.cykel, namnder=args.namnd, jobb=args.jobb,
                                 scenario=args.scenario, timeout=args.timeout,
                                 dokument=False if args.utan_dokument else None)
    if args.kommando == "underlag":
        from kfanalys.underlag import arbetsbok as underlag

        for sokvag in underlag.skriv_underlag_for_cykel(data, args.cykel, namnder=args.namnd):
            print(f"Skrev {sokvag}")
        return 0
    raise AssertionError(args.kommando)


def _ta_bort(sokvag: Path) -> None:
    try:
        sokvag.unlink(missing_ok=True)
    except OSError:
        pass


def _validera(data: Path) -> int:
    """``kfanalys validera``: OK and a summary, or every problem (grouped when there are many)."""
    from kfanalys.grund.fel import Indatafel
    from kfanalys.grund.talformat import fmt_tal
    from kfanalys.indata import register as datamodul
    from kfanalys.indata import valideringsfel

    gammal = valideringsfel.valideringsfel_fil()
    try:
        indata = datamodul.las_indata(data)
    except Indatafel as e:
        if len(e.problem) <= valideringsfel.GRANS:
            _ta_bort(gammal)  # last run's full list would no longer be true
            raise
        rader = valideringsfel.grupperade_rader(e)
        ut = [f"{e.rubrik}: {fmt_tal(valideringsfel.antal_rader(e))} problem av {len(rader)} slag:"]
        ut += [f"  - {r}" for r in rader[:valideringsfel.MAX_GRUPPER]]
        if len(rader) > valideringsfel.MAX_GRUPPER:
            ut.append(f"  ... och {len(rader) - valideringsfel.MAX_GRUPPER} slag till")
        try:
            sokvag = valideringsfel.skriv_valideringsfel(e)
            ut.append(f"Hela listan (en rad per fel) finns i {sokvag}")
        except OSError as fel:
            ut.append(f"Hela listan kunde inte skrivas till {valideringsfel.valideringsfel_fil()} ({fel})")
        print("\n".join(ut), file=sys.stderr)
        return 2
    _ta_bort(gammal)
    print("OK")
    print(datamodul.sammanfattning(indata))
    return 0


def _utdata_stangd() -> int:
    """The reader of stdout went away (``| head -1``): send the rest to the null device, end quietly.

    Without this the interpreter's last flush of stdout would print a BrokenPipeError at exit.
    """
    try:
        noll = os.open(os.devnull, os.O_WRONLY)
        os.dup2(noll, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced by an object without a file
        pass
    return 141  # 128 + SIGPIPE, as a command killed by a broken pipe


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        kod = _kor(args)
        sys.stdout.flush()  # a broken pipe shows here, not at interpreter exit
        return kod
    except BrokenPipeError:
        return _utdata_stangd()
    except KfanalysFel as e:
        print(str(e), file=sys.stderr)
        return 2
    except KeyboardInterrupt as e:
        print(str(e) or "Avbrutet (Ctrl-C).", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the user never sees a traceback
        print(f"Oväntat fel ({type(e).__name__}): {e}\n"
              "Det här är troligen ett fel i kfanalys; kör med miljövariabeln KFANALYS_DEBUG=1 för detaljer.",
              file=sys.stderr)
        if os.environ.get("KFANALYS_DEBUG"):
            raise
        return 3


if __name__ == "__main__":
    sys.exit(main())
