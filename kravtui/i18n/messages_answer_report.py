"""Messages of the evaluation report (the DOCX and XLSX the officer writes from the vendors'
answers), of `kravtui answers report` and of the Besvarelser screen's report dialog, in English
and Danish. The Danish words are OS2kravmotor's (see `messages_answers`).

`en.py` and `da.py` merge these into their `MESSAGES`.
"""

EN: dict[str, str] = {
    "answer_report.kind": "Evaluation report",
    "answer_report.organisation": "Organisation",
    "answer_report.version": "Requirement specification",
    "answer_report.version_value": "version {version}",
    "answer_report.as_of": "As of",
    "answer_report.vendor_count": "Vendors",
    "answer_report.item_count": "Requirements",
    "answer_report.no_winner": "None chosen yet",
    "answer_report.overview": "Overview",
    "answer_report.no_vendors": "No vendor has answered the requirement specification yet.",
    "answer_report.column.answered": "Answered",
    "answer_report.column.fails": "Minimum requirements failed",
    "answer_report.column.prices": "Sum of prices",
    "answer_report.column.chosen": "Chosen",
    "answer_report.column.status": "Status",
    "answer_report.yes": "Yes",
    "answer_report.chosen_heading": "{vendor} (chosen vendor)",
    "answer_report.file": "File: {path}, imported {date}, answers version {version}",
    "answer_report.answered": "Answered: {answered} of {items}",
    "answer_report.removed": "No longer in the selection",
    "answer_report.statuses": "Assessments: {statuses}",
    "answer_report.prices": "Sum of prices: {total} (priced: {count})",
    "answer_report.unpriced": "Prices that are no number: {uids}",
    "answer_report.disqualifying": "Minimum requirements answered No or Not relevant: {count}",
    "answer_report.disqualifying_none": "No minimum requirement is answered No or Not relevant.",
    "answer_report.fails": "FAILS this minimum requirement",
    "answer_report.by_requirement": "Answers by requirement",
    "answer_report.priority": "Priority: {priority}",
    "answer_report.must_elaborate": "The vendor must elaborate (an info requirement)",
    "answer_report.not_in_file": "Not in the vendor's file",
    "answer_report.unclear": "Unclear answer: '{written}'",
    "answer_report.text_changed": "The vendor changed the requirement text in the file",
    "answer_report.cut": "… [cut: the whole text is {length} characters; see it in kravtui]",
    "answer_report.sheet.comparison": "Comparison",
    "answer_report.sheet.vendor_column": "{vendor}: {column}",
    "answer_report.format.docx": "DOCX (to read and print)",
    "answer_report.format.xlsx": "XLSX (a sheet per vendor, and a comparison)",
    "answer_report.unknown_suffix": "{path}: the file name ends in none of {suffixes}; name the "
    "format with --format ({formats})",
    "answer_report.written": "Wrote the evaluation report to {path} (vendors: {vendors}, "
    "requirements: {items})",
    "cli.help.answers.report": "Write the evaluation report of a selection's answers: per vendor "
    "the counts by priority and answer, the minimum requirements answered No or Not relevant, the "
    "sum of prices and whether it is the chosen vendor; then per requirement every vendor's "
    "answer, elaboration, price and assessment. DOCX to read, or XLSX with a sheet per vendor and "
    'a comparison sheet; Danish unless --lang en or language = "en" in the settings. Or TOML '
    "(.toml): every answer, the files they came from and every verdict, line by line for git "
    "and kravtui diff.",
    "cli.help.answers.report.format_name": "docx, xlsx or toml (by default the one FILE ends in).",
    "tui.key.answers_report": "Write the evaluation report (DOCX or XLSX)",
    "tui.key.short.answers_report": "Report",
    "tui.answer_report.title": "Evaluation report · {title}",
    "tui.answer_report.language.da": "In Danish (the settings' language; Danish when none is set)",
    "tui.answer_report.language.en": "In English (the settings' language; Danish when none is set)",
    "tui.answer_report.done": "Wrote the evaluation report to {path}",
    "tui.answer_report.cancelled": "The evaluation report was not written",
}

DA: dict[str, str] = {
    "answer_report.kind": "Evalueringsrapport",
    "answer_report.organisation": "Organisation",
    "answer_report.version": "Kravspecifikation",
    "answer_report.version_value": "version {version}",
    "answer_report.as_of": "Opgjort pr.",
    "answer_report.vendor_count": "Leverandører",
    "answer_report.item_count": "Krav",
    "answer_report.no_winner": "Ingen valgt endnu",
    "answer_report.overview": "Overblik",
    "answer_report.no_vendors": "Ingen leverandør har besvaret kravspecifikationen endnu.",
    "answer_report.column.answered": "Besvaret",
    "answer_report.column.fails": "Mindstekrav ikke opfyldt",
    "answer_report.column.prices": "Sum af priser",
    "answer_report.column.chosen": "Valgt",
    "answer_report.column.status": "Status",
    "answer_report.yes": "Ja",
    "answer_report.chosen_heading": "{vendor} (valgt leverandør)",
    "answer_report.file": "Fil: {path}, importeret {date}, besvarer version {version}",
    "answer_report.answered": "Besvaret: {answered} af {items}",
    "answer_report.removed": "Ikke længere i kravspecifikationen",
    "answer_report.statuses": "Vurderinger: {statuses}",
    "answer_report.prices": "Sum af priser: {total} (med pris: {count})",
    "answer_report.unpriced": "Priser, der ikke er et tal: {uids}",
    "answer_report.disqualifying": "Mindstekrav besvaret Nej eller Ikke relevant: {count}",
    "answer_report.disqualifying_none": "Intet mindstekrav er besvaret Nej eller Ikke relevant.",
    "answer_report.fails": "OPFYLDER IKKE dette mindstekrav",
    "answer_report.by_requirement": "Svar pr. krav",
    "answer_report.priority": "Prioritet: {priority}",
    "answer_report.must_elaborate": "Leverandøren skal uddybe svaret (informationskrav)",
    "answer_report.not_in_file": "Ikke i leverandørens fil",
    "answer_report.unclear": "Uklart svar: '{written}'",
    "answer_report.text_changed": "Leverandøren har ændret kravteksten i filen",
    "answer_report.cut": "… [afkortet: hele teksten er på {length} tegn; se den i kravtui]",
    "answer_report.sheet.comparison": "Sammenligning",
    "answer_report.sheet.vendor_column": "{vendor}: {column}",
    "answer_report.format.docx": "DOCX (til at læse og udskrive)",
    "answer_report.format.xlsx": "XLSX (et ark pr. leverandør og en sammenligning)",
    "answer_report.unknown_suffix": "{path}: filnavnet slutter ikke på en af {suffixes}; angiv "
    "formatet med --format ({formats})",
    "answer_report.written": "Skrev evalueringsrapporten til {path} (leverandører: {vendors}, "
    "krav: {items})",
    "cli.help.answers.report": "Skriv evalueringsrapporten over svarene på en kravspecifikation: "
    "for hver leverandør antal svar pr. prioritet og svar, de mindstekrav, der er besvaret Nej "
    "eller Ikke relevant, summen af priser, og om den er valgt; derefter for hvert krav hver "
    "leverandørs svar, uddybning, pris og vurdering. DOCX til at læse, eller XLSX med et ark pr. "
    'leverandør og et sammenligningsark; på dansk, medmindre --lang en eller language = "en" '
    "i indstillingerne. Eller TOML (.toml): alle svar, de filer, de kom fra, og alle vurderinger, "
    "linje for linje til git og kravtui diff.",
    "cli.help.answers.report.format_name": "docx, xlsx eller toml (som standard det, FIL ender "
    "på).",
    "tui.key.answers_report": "Skriv evalueringsrapporten (DOCX eller XLSX)",
    "tui.key.short.answers_report": "Rapport",
    "tui.answer_report.title": "Evalueringsrapport · {title}",
    "tui.answer_report.language.da": "På dansk (indstillingernes sprog; dansk, når intet er valgt)",
    "tui.answer_report.language.en": "På engelsk (indstillingernes sprog; dansk, når intet er valgt)",
    "tui.answer_report.done": "Skrev evalueringsrapporten til {path}",
    "tui.answer_report.cancelled": "Evalueringsrapporten blev ikke skrevet",
}
