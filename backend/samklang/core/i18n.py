"""Server-side texts (email, validation messages) in bokmål, nynorsk and English."""

from __future__ import annotations

from typing import Any

SUPPORTED = ("nb", "nn", "en")
DEFAULT = "nb"

MESSAGES: dict[str, dict[str, str]] = {
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
            "Fremtidas kulturskule.\n\nOpprett kontoen din her (lenkja verkar éin gong og til "
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
