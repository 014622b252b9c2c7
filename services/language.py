"""Which language to speak to a person before they chose one (no Telegram types)."""

from __future__ import annotations

# Telegram language codes that most likely read Russian better than Kyrgyz.
_RUSSIAN_READERS = {"ru", "uk", "be", "kk", "uz", "tg", "az", "hy", "ka", "en"}


def guess_language(language_code: str | None, default: str = "ky") -> str:
    """First guess of the user's language from Telegram's ``language_code``."""
    if not language_code:
        return default
    code = language_code.split("-")[0].lower()
    if code == "ky":
        return "ky"
    if code in _RUSSIAN_READERS:
        return "ru"
    return default
