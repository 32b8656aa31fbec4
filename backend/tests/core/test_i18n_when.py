"""One way to write a moment in the server's texts, in the reader's language."""

from datetime import UTC, datetime

from samklang.core.i18n import when

MOMENT = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)  # 18:00 in Oslo


def test_norwegian_says_kl() -> None:
    assert when(MOMENT, "nb") == "07.12.2026 kl. 18:00"
    assert when(MOMENT, "nn") == "07.12.2026 kl. 18:00"


def test_english_does_not_say_kl() -> None:
    assert when(MOMENT, "en") == "7 December 2026 at 18:00"


def test_summer_time_is_oslo_time() -> None:
    assert when(datetime(2026, 6, 1, 6, 30, tzinfo=UTC), "nb") == "01.06.2026 kl. 08:30"
