"""The section "Definitioner och antaganden" of both reports (part of :mod:`kfanalys.rapport.avsnitt`):
the definitions and assumptions in Swedish, the disclosure rules, the cycle's notes (a nämnd's
report only its own workshop errors) and what the report is built from."""

from __future__ import annotations

from kfanalys import __version__
from kfanalys.grund.rojandekontroll import beskrivning
from kfanalys.grund.talformat import fmt_procent, fmt_tal
from kfanalys.grund.text import Html, kod, markering, punkter, punktlista, rubrik
from kfanalys.modell import personer
from kfanalys.rapport.avsnitt_delar import block, uppraknat
from kfanalys.rapport.data import DEFINITION_OMSATTNING, Rapportdata
from kfanalys.rapport.sammanfattning import mal_procent

#: The Swedish names of the definitions in antaganden.json.
DEFINITIONSNAMN = {"huvudanstallning": "Huvudanställning", "personer": "Antal anställda",
                   "arsarbetare": "Årsarbetare", "floden": "Rekryteringar och avgångar",
                   "harledda_floden": "Rekryteringar och avgångar ur ögonblicksbilderna",
                   "omsattning": "Personalomsättning", "pension": "Pensionsavgångar",
                   "framskrivning": "Personalframskrivning", "gap": "Kvantitativt gap",
                   "bedomning": "Bedömning av behovet", "rekrytering": "Rekryteringsbehov", "risk": "Risk"}


def _procent(p: float) -> str:
    """A probability in per cent with the decimals it needs (0.03 -> "3 %", 0.025 -> "2,5 %")."""
    v = float(p) * 100
    return fmt_procent(float(p), 0 if abs(v - round(v)) < 1e-9 else 1)


def pensionsprofil_text(profil: dict) -> str:
    """The pension profile as a sentence (the rule of :mod:`kfanalys.modell.pension`: ages below the
    first key retire with probability 0, above the last with 1).

    >>> pensionsprofil_text({"61": 0.03, "62": 0.05, "66": 1.0}).replace("\xa0", " ")
    'Pensionsprofil: 3 % går i pension vid 61 år, 5 % vid 62 år och alla som fyller 66 år eller mer.'
    """
    steg = sorted(((int(a), float(p)) for a, p in profil.items()), key=lambda x: x[0])
    if not steg:
        return "Pensionsprofil: ingen går i pension."
    delar = []
    for i, (a, p) in enumerate(steg):
        if p >= 1:  # from here on everyone retires
            delar.append(f"alla som fyller {a} år eller mer")
            break
        delar.append(f"{_procent(p)} går i pension vid {a} år" if i == 0 else f"{_procent(p)} vid {a} år")
    else:
        delar.append(f"alla som är äldre än {steg[-1][0]} år")
    text = ", ".join(delar[:-1]) + " och " + delar[-1] if len(delar) > 1 else delar[0]
    return f"Pensionsprofil: {text}."


def _intervall(n) -> str:
    n = int(n)
    return {1: "varje år", 2: "vartannat år"}.get(n, f"med {n} års mellanrum")


#: The assumptions of antaganden.json, each as a Swedish sentence (value -> text).
ANTAGANDEN = {
    "pensionsprofil": lambda v: (pensionsprofil_text(v) + " Andelen gäller dem som är kvar i tjänst det år de "
                                 "fyller åldern."),
    "horisonter": lambda v: f"Prognoserna gäller {uppraknat([str(h) for h in v])} år framåt.",
    "topp_n": lambda v: (f"Framskrivning, gap, rekryteringsbehov och risk redovisas för nämndens {fmt_tal(v)} största "
                         "yrkeskategorier, chefskategorierna och de yrkeskategorier kommunen har valt."),
    "minsta_antal": lambda v: f"Grupper med färre än {fmt_tal(v)} personer redovisas inte.",
    "mal_heltid": lambda v: f"Målet för andelen heltidsanställda är {mal_procent(v)}.",
    "medarbetare_per_chef": lambda v: f"Riktmärket är högst {fmt_tal(v)} medarbetare per chef.",
    "tillvaxt": lambda v: (f"Utöver befolkningsutvecklingen antas behovet av personal växa med {fmt_procent(v, 1)} "
                           "per år."),
    "pension_inom_ar": lambda v: f"Andelen som väntas gå i pension redovisas för de närmaste {fmt_tal(v)} åren.",
    "cykel_intervall": lambda v: f"Analysen görs {_intervall(v)}.",
}


def scenario_text(scenario: dict | None) -> str | None:
    """What the report's scenario changes (antaganden.json ``scenarioantaganden``) as one sentence; None
    for the base scenario (nothing changed) or no record.

    >>> scenario_text({"namn": "Lägre", "omsattningsfaktor": 0.8, "pensionsforskjutning": 1}).replace("\xa0", " ")
    'Scenariot Lägre: alla går i pension 1 år senare än i grundantagandet och personalomsättningen (utom \
pensionsavgångar) är 20 % lägre.'
    """
    if not scenario:
        return None
    delar = []
    if (k := int(scenario.get("pensionsforskjutning") or 0)):
        delar.append(f"alla går i pension {abs(k)} år {'senare' if k > 0 else 'tidigare'} än i grundantagandet")
    if scenario.get("pensionsprofil"):
        delar.append("en egen pensionsprofil (ovan)")
    f = float(scenario.get("omsattningsfaktor", 1.0) if scenario.get("omsattningsfaktor") is not None else 1.0)
    if abs(f - 1) > 1e-12:
        delar.append(f"personalomsättningen (utom pensionsavgångar) är {_procent(abs(f - 1))} "
                     f"{'lägre' if f < 1 else 'högre'}")
    if scenario.get("tillvaxt") is not None:
        delar.append(f"behovet växer utöver befolkningsutvecklingen med {fmt_procent(scenario['tillvaxt'], 1)} per år")
    if (d := float(scenario.get("deltid_okning") or 0)):
        delar.append(f"deltidsanställda ökar sin sysselsättningsgrad med {fmt_tal(d, 0 if d.is_integer() else 1)} "
                     "procentenheter (högst till heltid)")
    if scenario.get("befolkningsfil"):
        delar.append(f"befolkningen följer den alternativa befolkningsprognosen i filen {scenario['befolkningsfil']}")
    if not delar:
        return None
    return f"Scenariot {scenario.get('namn', '')}: {uppraknat(delar)}."


def antaganden_text(antaganden: dict, scenario: dict | None = None) -> list[str]:
    """The assumptions of antaganden.json as Swedish sentences, in :data:`ANTAGANDEN` order, then what the
    scenario changes (:func:`scenario_text`); an unknown key as "key: value" (never left out)."""
    antaganden = dict(antaganden or {})
    ut = []
    for k, fmt in ANTAGANDEN.items():
        if antaganden.get(k) is None:
            continue
        v = antaganden.pop(k)
        try:
            ut.append(fmt(v))
        except (TypeError, ValueError, AttributeError):  # a value of an unexpected type: shown as it is
            ut.append(f"{k}: {v}")
    ut += [f"{k}: {v}" for k, v in antaganden.items() if v is not None]
    if (s := scenario_text(scenario)) is not None:
        ut.append(s)
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
        delar += [rubrik("Antaganden", 3), punkter(antaganden_text(r.meta["antaganden"],
                                                                   r.meta.get("scenarioantaganden")))]
    delar += [rubrik("Skydd av personuppgifter", 3), punkter(beskrivning(r.minsta))]
    if r.anmarkningar:
        delar += [rubrik("Anmärkningar", 3), punktlista(r.anmarkningar)]
    delar += [rubrik("Om rapporten", 3), punktlista({
        "Kommun": r.konfig.kommun, "Cykel": r.cykel, "Basdatum": r.basdatum, "Scenario": r.scenario,
        "Minsta antal personer som redovisas": r.minsta,
        "Indata (kontrollsumma sha256)": kod(r.meta.get("indata_hash", "okänd")),
        "Beräknad": str(r.meta.get("skapad", "okänt"))[:19], "kfanalys version": __version__})]
    return block(*delar)
