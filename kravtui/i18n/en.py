"""English messages."""

MESSAGES: dict[str, str] = {
    "importance.absolute": "Minimum",
    "importance.high": "Important",
    "importance.normal": "Normal",
    "importance.optional": "Optional",
}
