"""The section "Definitioner och antaganden" of both reports (part of :mod:`kfanalys.rapport.avsnitt`):
the definitions and assumptions in Swedish, the disclosure rules, the cycle's notes (a nämnd's
report only its own workshop errors) and what the report is built from."""

from __future__ import annotations

from kfanalys import __version__
from kfanalys.grund.rojandekontroll import beskrivning
from kfanalys.grund.talformat import fmt_procent, fmt_tal
from kfanalys.grund.text import Html, kod, markering, punkter, punktlista, rubrik
from kfanalys.modell import personer
from kfanalys.rapport.avsnitt_delar import block
from kfanalys.rapport.data import DEFINITION_OMSATTNING, Rapportdata
from kfanalys.rapport.sammanfattning import mal_procent

#: The Swedish names of the definitions in antaganden.json.
DEFINITIONSNAMN = {"huvudanstallning": "Huvudanställning", "personer": "Antal anställda",
                   "arsarbetare": "Årsarbetare", "floden": "Rekryteringar och avgångar",
                   "harledda_floden": "Rekryteringar och avgångar ur ögonblicksbilderna",
                   "omsattning": "Personalomsättning", "pension": "Pensionsavgångar",
                   "framskrivning": "Personalframskrivning", "gap": "Kvantitativt gap",
                   "bedomning": "Bedömning av behovet", "rekrytering": "Rekryteringsbehov", "risk": "Risk"}


def _procentlista(profil: dict) -> str:
    return ", ".join(f"{a} år {fmt_procent(p, 0)}" for a, p in sorted(profil.items(), key=lambda x: int(x[0])))


#: The assumptions of antaganden.json in Swedish: label and how the value is written.
ANTAGANDEN = {
    "pensionsprofil": ("Pensionsprofil (sannolikhet att gå i pension vid varje ålder)", _procentlista),
    "horisonter": ("Prognoshorisonter", lambda v: " och ".join(str(h) for h in v) + " år"),
    "topp_n": ("Antal största yrkeskategorier som analyseras", fmt_tal),
    "minsta_antal": ("Minsta antal personer som redovisas", fmt_tal),
    "mal_heltid": ("Mål för andelen heltidsanställda", mal_procent),
    "medarbetare_per_chef": ("Riktmärke för antal medarbetare per chef", fmt_tal),
    "tillvaxt": ("Annan tillväxt av behovet per år", lambda v: fmt_procent(v, 1)),
    "pension_inom_ar": ("Andel som går i pension räknas inom", lambda v: f"{fmt_tal(v)} år"),
    "cykel_intervall": ("År mellan cyklerna", fmt_tal),
}


def antaganden_text(antaganden: dict) -> dict:
    """The assumptions of antaganden.json as Swedish label -> value (unknown keys as they are)."""
    ut = {}
    for k, v in (antaganden or {}).items():
        namn, fmt = ANTAGANDEN.get(k, (k, None))
        try:
            ut[namn] = fmt(v) if fmt is not None and v is not None else v
        except (TypeError, ValueError, AttributeError):
            ut[namn] = v
    return ut


def definitionslista(definitioner_: dict) -> Html:
    """The definitions of antaganden.json as bullets, each led by its Swedish name in bold (a text that
    already begins with that name is not given it twice).

    >>> print(definitionslista({"gap": "Kvantitativt gap = antal minus behov.", "risk": "Förslaget <b>."}))
    <ul>
    <li><strong>Kvantitativt gap</strong> = antal minus behov.</li>
    <li><strong>Risk</strong>: Förslaget &lt;b&gt;.</li>
    </ul>
    """
    rader = []
    for k, text in definitioner_.items():
        namn, text = DEFINITIONSNAMN.get(k, str(k)), str(text)
        if text.startswith(namn) and text[len(namn):len(namn) + 2] in (" =", ": "):
            rader.append(markering("**{namn}**{rest}", namn=namn, rest=text[len(namn):]))
        else:
            rader.append(markering("**{namn}**: {text}", namn=namn, text=text))
    return punkter(rader)


#: How persons are counted: stated in every report, also for results saved before antaganden.json had them.
PERSONDEFINITIONER = {"huvudanstallning": personer.DEFINITION_HUVUDANSTALLNING, "personer": personer.DEFINITION_PERSONER,
                      "arsarbetare": personer.DEFINITION_ARSARBETARE, "floden": personer.DEFINITION_FLODEN}


def alla_definitioner(sparade: dict | None) -> dict:
    """The definitions to print: how persons are counted (:data:`PERSONDEFINITIONER`) first, then the
    saved ones (antaganden.json; personalomsättning when there are none); a saved text wins.

    >>> list(alla_definitioner({"gap": "Gap."}))
    ['huvudanstallning', 'personer', 'arsarbetare', 'floden', 'gap']
    """
    sparade = dict(sparade or {"omsattning": DEFINITION_OMSATTNING})
    return {**{k: sparade.pop(k, v) for k, v in PERSONDEFINITIONER.items()}, **sparade}


def definitioner(r: Rapportdata) -> Html:
    """Definitions, assumptions, the disclosure rules, the cycle's notes and what the report is built from."""
    delar = [rubrik("Definitioner", 3), definitionslista(alla_definitioner(r.meta.get("definitioner")))]
    if r.meta.get("antaganden"):
        delar += [rubrik("Antaganden", 3), punktlista(antaganden_text(r.meta["antaganden"]))]
    delar += [rubrik("Skydd av personuppgifter", 3), punkter(beskrivning(r.minsta))]
    if r.anmarkningar:
        delar += [rubrik("Anmärkningar", 3), punktlista(r.anmarkningar)]
    delar += [rubrik("Om rapporten", 3), punktlista({
        "Kommun": r.konfig.kommun, "Cykel": r.cykel, "Basdatum": r.basdatum, "Scenario": r.scenario,
        "Minsta antal personer som redovisas": r.minsta,
        "Indata (kontrollsumma sha256)": kod(r.meta.get("indata_hash", "okänd")),
        "Beräknad": str(r.meta.get("skapad", "okänt"))[:19], "kfanalys version": __version__})]
    return block(*delar)
