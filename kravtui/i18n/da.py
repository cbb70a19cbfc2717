"""Danish messages (dansk)."""

MESSAGES: dict[str, str] = {
    "importance.absolute": "Mindstekrav",
    "importance.high": "Vigtigt krav",
    "importance.normal": "Krav",
    "importance.optional": "Option",
}
