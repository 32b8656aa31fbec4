"""Text helpers: accent-insensitive search keys and Norwegian sort order."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t"})
# Norwegian alphabet: ... x y z æ ø å
_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|", "ü": "y"})


def fold(text: str) -> str:
    """Lower case without accents: 'Osterøy' -> 'osteroy', 'Båtsfjord' -> 'batsfjord'."""
    lowered = text.casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def norwegian_key(text: str) -> str:
    """Sort key that puts æ, ø and å last, as Norwegian readers expect."""
    return unicodedata.normalize("NFC", text.casefold()).translate(_ORDER)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "workspace"
