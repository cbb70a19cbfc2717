"""Words Textual itself would show in English (the command palette, its system commands, a
drop-down's footer), and placeholders of kravtui's own inputs, in English and Danish.

`en.py` and `da.py` merge these into their `MESSAGES`.
"""

EN: dict[str, str] = {
    "tui.palette.placeholder": "Search for commands…",
    "tui.palette.themes": "Search for themes…",
    "tui.palette.no_matches": "No matches found",
    "tui.cmd.keys": "Keys",
    "tui.cmd.keys.show": "Show help for the focused part and a summary of its keys",
    "tui.cmd.keys.hide": "Hide the keys and help panel",
    "tui.cmd.maximize": "Maximise",
    "tui.cmd.maximize.help": "Fill the screen with the focused part",
    "tui.cmd.minimize": "Restore",
    "tui.cmd.minimize.help": "Give the maximised part its normal size again",
    "tui.cmd.screenshot": "Screenshot",
    "tui.cmd.screenshot.help": "Save an SVG picture of the screen",
    "tui.cmd.quit": "Quit",
    "tui.cmd.quit.help": "Quit kravtui",
    "tui.select.dismiss": "Close list",
    "tui.date_placeholder": "YYYY-MM-DD",
}

DA: dict[str, str] = {
    "tui.palette.placeholder": "Søg efter kommandoer…",
    "tui.palette.themes": "Søg efter farvetemaer…",
    "tui.palette.no_matches": "Ingen kommandoer passer",
    "tui.cmd.keys": "Taster",
    "tui.cmd.keys.show": "Vis hjælp til den aktive del og dens taster",
    "tui.cmd.keys.hide": "Skjul panelet med taster og hjælp",
    "tui.cmd.maximize": "Maksimér",
    "tui.cmd.maximize.help": "Lad den aktive del fylde hele skærmen",
    "tui.cmd.minimize": "Normal størrelse",
    "tui.cmd.minimize.help": "Giv den maksimerede del sin normale størrelse igen",
    "tui.cmd.screenshot": "Skærmbillede",
    "tui.cmd.screenshot.help": "Gem et SVG-billede af skærmen",
    "tui.cmd.quit": "Afslut",
    "tui.cmd.quit.help": "Afslut kravtui",
    "tui.select.dismiss": "Luk listen",
    "tui.date_placeholder": "ÅÅÅÅ-MM-DD",
}
