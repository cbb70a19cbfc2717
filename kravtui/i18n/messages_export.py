"""Messages of the export dialog's format memory, PDF choice and draft notice, of the state
file that remembers the format, and of a file name that names another format, in English and
Danish.

`en.py` and `da.py` merge these into their `MESSAGES`.
"""

EN: dict[str, str] = {
    "state.unreadable": "{path} cannot be used, so it was ignored and left as it is: {error}",
    "state.not_ours": "not a kravtui state file",
    "state.write_failed": "cannot write {path}: {error}",
    "tui.export.pdf": "PDF (the document, laid out by LibreOffice)",
    "tui.export.name.pdf": "PDF",
    "tui.export.needs_libreoffice": "{format} (needs LibreOffice, not installed)",
    "tui.export.no_libreoffice": "LibreOffice (soffice) is not installed, so no PDF: choose DOCX",
    "tui.export.converting": "Converting with LibreOffice… (esc cancels)",
    "tui.export.draft": "Draft: the requirement specification is not marked as final",
    "tui.export.done.one": "Exported {count} requirement to {path}",
    "tui.export.done.other": "Exported {count} requirements to {path}",
    "export.other_format": (
        "the file name ends in {suffix}, but the format is {format}: change the name or the format"
    ),
}

DA: dict[str, str] = {
    "state.unreadable": "{path} kan ikke bruges, så den blev sprunget over og ikke rørt: {error}",
    "state.not_ours": "ikke en tilstandsfil fra kravtui",
    "state.write_failed": "kan ikke skrive {path}: {error}",
    "tui.export.pdf": "PDF (dokumentet, sat op af LibreOffice)",
    "tui.export.name.pdf": "PDF",
    "tui.export.needs_libreoffice": "{format} (kræver LibreOffice, som ikke er installeret)",
    "tui.export.no_libreoffice": "LibreOffice (soffice) er ikke installeret, så ingen PDF: vælg DOCX",
    "tui.export.converting": "Konverterer med LibreOffice… (esc annullerer)",
    "tui.export.draft": "Udkast: kravspecifikationen er ikke markeret som endelig",
    "tui.export.done.one": "Eksporterede {count} krav til {path}",
    "tui.export.done.other": "Eksporterede {count} krav til {path}",
    "export.other_format": (
        "filnavnet ender på {suffix}, men formatet er {format}: ret navnet eller formatet"
    ),
}
