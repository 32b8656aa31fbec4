"""Server-side texts (email, validation messages, calendar, PDFs) in bokmål, nynorsk and
English: the one catalogue of the backend's texts, and the one way to write a moment in
them (`when`). A domain adds its messages here rather than keeping a dictionary of its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

SUPPORTED = ("nb", "nn", "en")
DEFAULT = "nb"
# Moments in texts are Norwegian local time, whatever the reader's language.
OSLO = ZoneInfo("Europe/Oslo")

MESSAGES: dict[str, dict[str, str]] = {
    "when": {
        "nb": "{day:%d.%m.%Y} kl. {day:%H:%M}",
        "nn": "{day:%d.%m.%Y} kl. {day:%H:%M}",
        "en": "{day.day} {day:%B %Y} at {day:%H:%M}",
    },
    "user.former_member": {
        "nb": "Tidligere medlem",
        "nn": "Tidlegare medlem",
        "en": "Former member",
    },
    "audit.former_member": {
        "nb": "tidligere medlem",
        "nn": "tidlegare medlem",
        "en": "former member",
    },
    "unavailable.title": {
        "nb": "Tjenesten er midlertidig utilgjengelig",
        "nn": "Tenesta er mellombels utilgjengeleg",
        "en": "The service is temporarily unavailable",
    },
    "unavailable.detail": {
        "nb": "Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.",
        "nn": "Tenesta er mellombels utilgjengeleg. Prøv igjen om litt.",
        "en": "The service is temporarily unavailable. Try again in a moment.",
    },
    "privacy.wrong_password": {
        "nb": "Passordet er feil.",
        "nn": "Passordet er feil.",
        "en": "The password is wrong.",
    },
    "privacy.export_readme": {
        "nb": (
            "Dette er alt Samklang har om deg: profile.json (profil, medlemskap, "
            "innlogginger) og én JSON-fil per slag innhold du har skrevet eller gjort. "
            "Filene du har lastet opp ligger i mappen files/.\n"
        ),
        "nn": (
            "Dette er alt Samklang har om deg: profile.json (profil, medlemskap, "
            "innloggingar) og éi JSON-fil per slag innhald du har skrive eller gjort. "
            "Filene du har lasta opp ligg i mappa files/.\n"
        ),
        "en": (
            "This is everything Samklang holds about you: profile.json (profile, "
            "memberships, sign-ins) and one JSON file per kind of content you wrote or did. "
            "The files you uploaded are in the folder files/.\n"
        ),
    },
    "validation.missing": {
        "nb": "Feltet må fylles ut.",
        "nn": "Feltet må fyllast ut.",
        "en": "This field is required.",
    },
    "validation.too_short": {
        "nb": "Må være minst {min_length} tegn.",
        "nn": "Må vere minst {min_length} teikn.",
        "en": "Must be at least {min_length} characters.",
    },
    "validation.too_long": {
        "nb": "Kan være høyst {max_length} tegn.",
        "nn": "Kan vere høgst {max_length} teikn.",
        "en": "Must be at most {max_length} characters.",
    },
    "validation.email": {
        "nb": "Skriv en gyldig e-postadresse.",
        "nn": "Skriv ei gyldig e-postadresse.",
        "en": "Enter a valid email address.",
    },
    "validation.choice": {
        "nb": "Velg en av de gyldige verdiene.",
        "nn": "Vel ein av dei gyldige verdiane.",
        "en": "Choose one of the allowed values.",
    },
    "validation.invalid": {
        "nb": "Ugyldig verdi.",
        "nn": "Ugyldig verdi.",
        "en": "Invalid value.",
    },
    "validation.title": {
        "nb": "Noen felt må rettes.",
        "nn": "Nokre felt må rettast.",
        "en": "Some fields need correcting.",
    },
    "email.invitation.subject": {
        "nb": "Du er invitert til Samklang",
        "nn": "Du er invitert til Samklang",
        "en": "You are invited to Samklang",
    },
    "email.invitation.body": {
        "nb": (
            "Hei {name},\n\n{inviter} har invitert deg til Samklang, læringsnettverket for "
            "Fremtidens kulturskole.\n\nOpprett kontoen din her (lenken virker én gang og til "
            "{expires}):\n{link}\n\nHilsen Samklang\n"
        ),
        "nn": (
            "Hei {name},\n\n{inviter} har invitert deg til Samklang, læringsnettverket for "
            "Fremtidens kulturskole.\n\nOpprett kontoen din her (lenkja verkar éin gong og til "
            "{expires}):\n{link}\n\nHelsing Samklang\n"
        ),
        "en": (
            "Hello {name},\n\n{inviter} has invited you to Samklang, the learning network of "
            "Fremtidens kulturskole.\n\nCreate your account here (the link works once, until "
            "{expires}):\n{link}\n\nSamklang\n"
        ),
    },
    "email.reset.subject": {
        "nb": "Nytt passord i Samklang",
        "nn": "Nytt passord i Samklang",
        "en": "Reset your Samklang password",
    },
    "email.reset.body": {
        "nb": (
            "Hei {name},\n\nNoen ba om å sette nytt passord for kontoen din i Samklang. "
            "Velg nytt passord her (lenken virker én gang og til {expires}):\n{link}\n\n"
            "Ba du ikke om dette, kan du se bort fra e-posten.\n\nHilsen Samklang\n"
        ),
        "nn": (
            "Hei {name},\n\nNokon bad om å setje nytt passord for kontoen din i Samklang. "
            "Vel nytt passord her (lenkja verkar éin gong og til {expires}):\n{link}\n\n"
            "Bad du ikkje om dette, kan du sjå bort frå e-posten.\n\nHelsing Samklang\n"
        ),
        "en": (
            "Hello {name},\n\nSomeone asked to reset the password of your Samklang account. "
            "Choose a new password here (the link works once, until {expires}):\n{link}\n\n"
            "If you did not ask for this, you can ignore this email.\n\nSamklang\n"
        ),
    },
    "email.decision.pilot.subject": {
        "nb": "Dere er valgt som pilot i Fremtidens kulturskole",
        "nn": "De er valde som pilot i Fremtidens kulturskole",
        "en": "You have been chosen as a pilot in Fremtidens kulturskole",
    },
    "email.decision.pilot.body": {
        "nb": (
            "Hei {name},\n\nSøknaden fra {municipalities} er innvilget: dere blir "
            "pilotkommune.\n\n{message}\n\nArbeidsrommet deres er klart i Samklang:\n{link}\n\n"
            "Hilsen prosjektteamet\n"
        ),
        "nn": (
            "Hei {name},\n\nSøknaden frå {municipalities} er innvilga: de blir "
            "pilotkommune.\n\n{message}\n\nArbeidsrommet dykkar er klart i Samklang:\n{link}\n\n"
            "Helsing prosjektteamet\n"
        ),
        "en": (
            "Hello {name},\n\nThe application from {municipalities} has been accepted: you "
            "will be a pilot.\n\n{message}\n\nYour workspace is ready in Samklang:\n{link}\n\n"
            "The project team\n"
        ),
    },
    "email.decision.observer.subject": {
        "nb": "Dere blir med som observatør i Fremtidens kulturskole",
        "nn": "De blir med som observatør i Fremtidens kulturskole",
        "en": "You will join Fremtidens kulturskole as an observer",
    },
    "email.decision.observer.body": {
        "nb": (
            "Hei {name},\n\n{municipalities} ble ikke valgt som pilot denne gangen, men blir med "
            "som observatør og kan følge pilotene.\n\n{message}\n\n{link}\n\n"
            "Hilsen prosjektteamet\n"
        ),
        "nn": (
            "Hei {name},\n\n{municipalities} vart ikkje vald som pilot denne gongen, men blir "
            "med som observatør og kan følgje pilotane.\n\n{message}\n\n{link}\n\n"
            "Helsing prosjektteamet\n"
        ),
        "en": (
            "Hello {name},\n\n{municipalities} was not chosen as a pilot this time, but joins "
            "as an observer and can follow the pilots.\n\n{message}\n\n{link}\n\n"
            "The project team\n"
        ),
    },
    "email.decision.declined.subject": {
        "nb": "Svar på søknaden til Fremtidens kulturskole",
        "nn": "Svar på søknaden til Fremtidens kulturskole",
        "en": "About your application to Fremtidens kulturskole",
    },
    "email.decision.declined.body": {
        "nb": (
            "Hei {name},\n\nSøknaden fra {municipalities} ble dessverre ikke innvilget."
            "\n\n{message}\n\n{link}\n\nHilsen prosjektteamet\n"
        ),
        "nn": (
            "Hei {name},\n\nSøknaden frå {municipalities} vart diverre ikkje innvilga."
            "\n\n{message}\n\n{link}\n\nHelsing prosjektteamet\n"
        ),
        "en": (
            "Hello {name},\n\nUnfortunately the application from {municipalities} was not "
            "accepted.\n\n{message}\n\n{link}\n\nThe project team\n"
        ),
    },
}


def negotiate(accept_language: str | None) -> str:
    """The best supported locale for an Accept-Language header ('no' counts as bokmål)."""
    if not accept_language:
        return DEFAULT
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        primary = tag.split("-")[0]
        if primary in ("nb", "no"):
            return "nb"
        if primary in SUPPORTED:
            return primary
    return DEFAULT


def t(key: str, locale: str, **params: Any) -> str:
    texts = MESSAGES[key]
    text = texts.get(locale) or texts[DEFAULT]
    return text.format(**params) if params else text


def when(moment: datetime, locale: str) -> str:
    """A moment as the texts write it, in Oslo time: "07.12.2026 kl. 18:00" in Norwegian,
    "7 December 2026 at 18:00" in English."""
    return t("when", locale, day=moment.astimezone(OSLO))
