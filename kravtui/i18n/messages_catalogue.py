"""Messages about opening, creating and upgrading a catalogue file, in English and Danish.

`en.py` and `da.py` merge these into their `MESSAGES`. Every message is one line; `{path}` is
filled in with the path's control characters escaped.
"""

EN: dict[str, str] = {
    "catalogue.missing": "{path}: no such catalogue",
    "catalogue.empty": (
        "{path}: the file is empty, not a kravtui catalogue (kravtui init creates a new one)"
    ),
    "catalogue.foreign": "{path}: not a kravtui catalogue; left as it was",
    "catalogue.unreadable": "{path}: cannot read the catalogue ({detail})",
    "catalogue.newer": (
        "{path}: schema version {version} is newer than this kravtui understands "
        "({supported}); upgrade kravtui"
    ),
    "catalogue.too_old_to_read": (
        "{path}: schema version {version} is too old to read without upgrading it (this kravtui "
        "reads {oldest} to {supported}); open it once where it can be written"
    ),
    "catalogue.upgrade_failed": (
        "{path}: upgrading from schema version {version} failed ({detail}); "
        "the catalogue is unchanged"
    ),
    "catalogue.exists": "{path}: already exists; not overwriting it",
    "catalogue.cannot_create": "{path}: cannot create a catalogue here ({detail})",
    "catalogue.unwritable.folder": "its folder is not writable",
    "catalogue.unwritable.file": "the file is not writable",
    "catalogue.opened_read_only": "{path}: opened read-only ({reason})",
    "catalogue.cannot_change": "{path}: cannot be changed ({reason}); nothing was changed",
}

DA: dict[str, str] = {
    "catalogue.missing": "{path}: der er intet katalog her",
    "catalogue.empty": (
        "{path}: filen er tom og ikke et kravtui-katalog (kravtui init opretter et nyt)"
    ),
    "catalogue.foreign": "{path}: ikke et kravtui-katalog; filen er ikke rørt",
    "catalogue.unreadable": "{path}: kataloget kan ikke læses ({detail})",
    "catalogue.newer": (
        "{path}: skemaversion {version} er nyere end denne kravtui forstår ({supported}); "
        "opgradér kravtui"
    ),
    "catalogue.too_old_to_read": (
        "{path}: skemaversion {version} er for gammel til at læses uden at blive opgraderet "
        "(denne kravtui læser {oldest} til {supported}); åbn det én gang, hvor det kan skrives"
    ),
    "catalogue.upgrade_failed": (
        "{path}: opgraderingen fra skemaversion {version} mislykkedes ({detail}); "
        "kataloget er uændret"
    ),
    "catalogue.exists": "{path}: findes allerede; overskriver den ikke",
    "catalogue.cannot_create": "{path}: kan ikke oprette et katalog her ({detail})",
    "catalogue.unwritable.folder": "mappen kan ikke skrives i",
    "catalogue.unwritable.file": "filen kan ikke skrives",
    "catalogue.opened_read_only": "{path}: åbnet skrivebeskyttet ({reason})",
    "catalogue.cannot_change": "{path}: kan ikke ændres ({reason}); intet er ændret",
}
