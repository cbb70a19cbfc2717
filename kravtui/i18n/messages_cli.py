"""The command line's help (`kravtui ... --help`), in English and Danish.

`cli.help.<command path>` is a command's description (the first sentence is its line in its
group's list of commands), `cli.help.<command path>.<parameter>` one option's help, and
`cli.option.<parameter>` the help of an option every command shares (Click's own --help and
--version included). `cli.metavar.<word>` replaces a placeholder word in the usage line and the
option list (TEXT, FILE, UID ...), and `cli.click.*` Click's own words. `en.py` and `da.py`
merge these into their `MESSAGES`.
"""

EN: dict[str, str] = {
    "cli.click.usage": "Usage:",
    "cli.click.options": "Options",
    "cli.click.commands": "Commands",
    "cli.click.default": "default",
    "cli.click.required": "required",
    "cli.click.no_such_option": "no such option {name}",
    "cli.click.did_you_mean": " (did you mean {names}?)",
    "cli.click.no_such_command": "no such command {name!r}",
    "cli.click.missing": "{name} is missing",
    "cli.click.needs_value": "{name} needs a value",
    "cli.click.choose": "{name} must be one of {choices}",
    "cli.click.choose_not": "{name} must be one of {choices}, not '{value}'",
    "cli.option.help": "Show this message and exit.",
    "cli.option.version": "Show the version and exit.",
    "cli.option.db": "Catalogue: a file, or a postgresql:// address (else $KRAVTUI_DB).",
    "cli.option.lang": "Language of messages and help.",
    "cli.option.as_json": "Print JSON.",
    "cli.metavar.options": "OPTIONS",
    "cli.metavar.command": "COMMAND",
    "cli.metavar.args": "ARGS",
    "cli.metavar.text": "TEXT",
    "cli.metavar.file": "FILE",
    "cli.metavar.catalogue": "CATALOGUE",
    "cli.metavar.path": "PATH",
    "cli.metavar.uid": "UID",
    "cli.metavar.uids": "UIDS",
    "cli.metavar.name": "NAME",
    "cli.metavar.title": "TITLE",
    "cli.metavar.answers": "ANSWERS",
    "cli.metavar.old": "OLD",
    "cli.metavar.new": "NEW",
    "cli.help.main": "kravtui: browse, edit and select requirements from a local catalogue. "
    "Without a command it opens the terminal UI.",
    "cli.help.main.read_only": "Open the catalogue so that nothing can change.",
    "cli.help.main.no_mouse": "Leave the terminal's own text selection alone.",
    "cli.help.init": "Create a new catalogue (from the bundled sample unless --empty): a file, "
    "or in an empty PostgreSQL database with --db postgresql://....",
    "cli.help.init.empty": "Create an empty catalogue instead of the sample.",
    "cli.help.list": "List requirements, optionally filtered.",
    "cli.help.list.as_jsonl": "Print one JSON object per line (JSON Lines).",
    "cli.help.list.text": "Words to find (substring, any case).",
    "cli.help.list.categories": "Category prefix or name.",
    "cli.help.list.priorities": "absolute|high|normal|optional.",
    "cli.help.list.domains": "Domain name.",
    "cli.help.list.tags": "Tag name.",
    "cli.help.list.deleted": "List deleted requirements instead.",
    "cli.help.show": "Show one requirement in full.",
    "cli.help.history": "Every revision of a requirement: who, when, what, and which fields "
    "changed.",
    "cli.help.import": "Import a TOML file or a spreadsheet (XLSX, XLS, ODS), all or nothing: "
    "a catalogue (adds and updates requirements by uid; an OS2kravmotor number is kept and "
    "maps to the same requirement every time) or a selection (recreated as a new selection).",
    "cli.help.import.mapping": "Spreadsheets: which column holds which field, as "
    'HEADER=FIELD pairs ("Krav=title,Beskrivelse=description,Område=category"); fields: '
    "uid, title, description, rationale, help_text, notes, stakeholders, category, subcategory, "
    "importance, domains, tags, principles, source (the OS2kravmotor number), the flags, or - "
    "to leave a column alone [default: the columns kravtui and OS2kravmotor write].",
    "cli.help.import.sheet": "Spreadsheets: the sheet to read [default: the first visible "
    "sheet with a Navn column].",
    "cli.help.import.category": "Spreadsheets: the category (name or prefix) of rows that "
    "name none.",
    "cli.help.import.selection_title": "Spreadsheets: import the rows as a new selection with "
    "this title (OS2kravmotor's krav.xls), not into the catalogue.",
    "cli.metavar.header": "HEADER",
    "cli.metavar.field": "FIELD",
    "cli.help.import.add_categories": "Spreadsheets: a category name the catalogue lacks "
    "becomes a new category (its prefix made from the name) instead of refusing the row.",
    "cli.sheet_new_category": "New category {name} ({prefix}).",
    "cli.sheet_options_only": "--map, --sheet, --category, --selection and --new-categories are for spreadsheets "
    "(.xlsx, .xls, .ods), not {path}",
    "cli.sheet_references": "Kept {count} OS2kravmotor numbers.",
    "cli.sheet_ignored": "Columns of {sheet} left alone: {columns}",
    "cli.help.export": "Export the catalogue or a selection.",
    "cli.help.export.catalogue": "Write the whole catalogue as TOML or as a spreadsheet.",
    "cli.help.export.catalogue.output": "Output file.",
    "cli.help.export.catalogue.format_name": "Output format (xlsx: a spreadsheet in "
    'OS2kravmotor\'s "Download kravbank" order, Danish headers unless --lang en) [default: '
    "the one FILE ends in, else toml; a FILE that ends in another format's suffix is refused].",
    "cli.help.export.selection": "Write a selection (by id or title) as a requirement "
    "specification.",
    "cli.help.export.selection.format_name": "Output format (xlsx: the requirements as a "
    "spreadsheet in the selection's language; answer-sheet: the XLSX sheet vendors fill in) "
    "[default: the one FILE ends in, else docx; a FILE that ends in another format's suffix "
    "is refused].",
    "cli.help.export.selection.output": "Output file [default: <exports folder>/<selection "
    "title>.<format> (.xlsx for xlsx and the answer sheet); the exports folder is `exports_folder` in config.toml, else `kravtui` in "
    "your documents folder; spaces and characters unsafe in a file name become `-`].",
    "cli.help.export.selection.template": "DOCX template [default: `template` in config.toml, "
    "else the bundled one].",
    "cli.help.export.selection.no_answer_fields": "Leave out the vendor's answer fields.",
    "cli.help.export.selection.no_rationale": "Leave out the rationales.",
    "cli.help.export.selection.no_interpretation": "Leave out the interpretations.",
    "cli.help.export.selection.page_numbers": "DOCX: have LibreOffice lay the document out "
    "once, so the contents carry their page numbers in Word too (takes seconds; on by default "
    "when LibreOffice is installed and the document has at most 1,000 requirements: a longer "
    "one takes LibreOffice minutes).",
    "cli.help.diff": "Compare two TOML exports of one kind (catalogue or selection): OLD NEW.\n\n"
    "Exit status 0 when equal, 1 when different, 2 on error.",
    "cli.help.diff.stat": "Counts only.",
    "cli.help.diff.color": "Terminal styles; without them changed words are marked [-…-]{+…+}.",
    "cli.help.diff.git_mode": "Take git's 7 external-diff arguments.",
    "cli.help.diff.textconv": "Print one FILE field by field (git textconv).",
    "cli.help.config": "The settings file.",
    "cli.help.config.path": "Print where the settings file is (it may not exist yet).",
    "cli.help.selection": "Selections (requirement specifications) for one purchase.",
    "cli.help.selection.list": "List the selections, most recently changed first.",
    "cli.help.selection.new": "Create a draft selection.",
    "cli.help.selection.new.domains": "A domain of the purchase.",
    "cli.help.selection.new.organisation": "The buying organisation.",
    "cli.help.selection.new.contact": "Contact person.",
    "cli.help.selection.new.deadline": "Response deadline: YYYY-MM-DD, or DD-MM-YYYY / DD.MM.YYYY "
    "(stored as YYYY-MM-DD).",
    "cli.help.selection.new.no_priority": "Leave priorities out of the document.",
    "cli.help.selection.new.no_prices": "Ask vendors for no prices (no price field in the document or answer sheet).",
    "cli.help.selection.new.document_language": "Language of the exported document.",
    "cli.help.selection.show": "Show a selection: metadata and items with priority, why and "
    "drift marks.",
    "cli.help.selection.add": "Tick requirements in a selection: by uid, - for uids on standard "
    "input (one per line, or kravtui list's lines), or every requirement the filters show.",
    "cli.help.selection.remove": "Untick requirements (by uid, - for standard input, or what the "
    "filters show); an edited item keeps its edit for a later re-tick (unless --discard-edits).",
    "cli.help.selection.answer": "Answer the questionnaire (TAG=yes|no|unknown ...) and tick "
    "what it proposes.\n\nA requirement you unticked by hand stays unticked: the command lists "
    "those proposed again and ticks them only when named with --retick (or all with "
    "--retick-all).",
    "cli.help.selection.answer.retick": "Tick these again although you unticked them by hand "
    "(only ones the answers propose).",
    "cli.help.selection.answer.retick_all": "Tick again every proposed requirement you unticked "
    "by hand.",
    "cli.help.selection.finalise": "Mark a selection final: from then on it cannot change. A "
    "response deadline before today is refused unless --allow-past-deadline.",
    "cli.metavar.selection": "SELECTION",
    "cli.metavar.priority": "PRIORITY",
    "cli.help.list.ticked_in": "Only the requirements ticked in this selection (id or title).",
    "cli.help.list.unticked_in": "Only the requirements not ticked in this selection (id or "
    "title).",
    "cli.help.selection.remove.discard_edits": "Drop the items' edits too (a free-text requirement "
    "is deleted), as d does in the TUI.",
    "cli.help.selection.finalise.allow_past_deadline": "Finalise although the response deadline is "
    "before today.",
    "cli.help.selection.edit": "Change a draft selection's details; options not given keep their "
    "value.",
    "cli.help.selection.edit.title": "New title.",
    "cli.help.selection.edit.description": "New description.",
    "cli.help.selection.edit.organisation": "The buying organisation.",
    "cli.help.selection.edit.contact": "Contact person.",
    "cli.help.selection.edit.deadline": "Response deadline: YYYY-MM-DD, or DD-MM-YYYY / "
    "DD.MM.YYYY; '' for none.",
    "cli.help.selection.edit.domains": "A domain of the purchase (replaces the domains).",
    "cli.help.selection.edit.no_domains": "Remove every domain.",
    "cli.help.selection.edit.priority": "Show or leave out priorities in the document.",
    "cli.help.selection.edit.prices": "Ask vendors for prices, or not (the price field in the document and answer sheet).",
    "cli.help.selection.edit.document_language": "Language of the exported document.",
    "cli.help.selection.duplicate": "Copy a selection (a final one too) into a new draft: details, "
    "answers and items.",
    "cli.help.selection.duplicate.title": "The copy's title [default: 'Copy of <title>'].",
    "cli.help.selection.delete": "Delete a selection and its items; the catalogue is untouched.",
    "cli.help.selection.delete.yes": "Delete without asking (required: it cannot be undone).",
    "cli.help.selection.use": "Make a selection your current one: the TUI opens on it and Space "
    "ticks into it.",
    "cli.help.selection.questions": "The questionnaire: each tag with its question, and with NAME "
    "the selection's answer.",
    "cli.help.selection.priority": "Change one requirement's priority in the selection; the "
    "catalogue is not touched.\n\nPRIORITY is absolute, high, normal or optional, or its label "
    'in Danish or English (Mindstekrav, "Vigtigt krav", Krav, Option; Minimum, Important, '
    "Normal, Optional).",
    "cli.help.selection.free-text": "Add a requirement of your own (not from the catalogue) to the "
    "selection; its uid is FRI-001, FRI-002, ...",
    "cli.help.selection.free-text.title": "The requirement's title (one line).",
    "cli.help.selection.free-text.description": "The requirement text.",
    "cli.help.selection.free-text.rationale": "Why it matters.",
    "cli.help.selection.free-text.help_text": "How to read and answer it.",
    "cli.help.selection.free-text.category": "Category prefix [default: the first category].",
    "cli.help.selection.free-text.subcategory": "Subcategory of that category.",
    "cli.help.selection.free-text.priority": "Priority, or its label in Danish or English "
    "[default: normal].",
    "cli.help.selection.edit-item": "Edit one requirement's text in the selection (its snapshot); "
    "the catalogue is not touched. Options not given keep their value.",
    "cli.help.selection.edit-item.title": "New title (one line).",
    "cli.help.selection.edit-item.description": "New requirement text.",
    "cli.help.selection.edit-item.rationale": "New rationale.",
    "cli.help.selection.edit-item.help_text": "New interpretation help.",
    "cli.help.selection.edit-item.category": "Another category prefix.",
    "cli.help.selection.edit-item.subcategory": "Another subcategory ('' for none).",
    "cli.help.selection.edit-item.priority": "Another priority, or its label in Danish or English.",
    "cli.help.selection.changes": "List the requirements that changed in the catalogue after they "
    "were ticked, and which fields changed (take or keep them with `selection refresh`).",
    "cli.help.selection.changes.as_json": "Print JSON: each field, then and now.",
    "cli.help.selection.refresh": "Take the catalogue's current text for requirements that changed "
    "there since they were ticked (the selection's edits of them are dropped), or with --keep keep "
    "the selection's.",
    "cli.help.selection.refresh.every": "Every requirement changed in the catalogue.",
    "cli.help.selection.refresh.keep": "Keep the selection's text and stop marking it as changed "
    "(instead of taking the catalogue's text).",
    "cli.help.answers": "Vendors' answers to a selection (the market dialogue): import a returned "
    "document or answer sheet, compare the vendors, assess their answers, choose the winner.",
    "cli.help.answers.import": "Import a vendor's returned requirement specification (.docx, its "
    "answer fields filled in) or answer sheet (.xlsx) for a selection, all "
    "or nothing, and report what it holds: answered N of M, unanswered and ambiguous answers, "
    "missing elaborations and prices, requirement text the vendor changed. A corrected file "
    "imported later keeps the earlier answers as history.",
    "cli.help.answers.list": "Compare the vendors that answered a selection: answers by priority and "
    "choice, the sum of prices, and the minimum requirements each one fails.",
    "cli.help.answers.show": "Show a vendor's answers to a selection, or with UID one answer in full "
    "with the history of its assessments.",
    "cli.help.answers.assess": "Assess a vendor's answers to the requirements UIDS: STATUS is none, "
    "accepted, accepted_with_comment, rejected or elaboration_needed (or its Danish or English "
    "label).",
    "cli.help.answers.assess.comment": "The question or comment to the vendor (needed for "
    'accepted_with_comment). Without it each answer keeps its current comment; --comment "" '
    "clears it.",
    "cli.help.answers.winner": "Show the selection's chosen vendor, choose VENDOR, or clear the choice.",
    "cli.help.answers.winner.clear": "No vendor is chosen any more.",
    "cli.help.answers.sample": "Copy the sample's two example answered files (a DOCX from "
    "Leverandør A, an XLSX answer sheet from Leverandør B) into FOLDER, to import into the example selection "
    "'Eksempel ESDH' that a new catalogue starts with. An existing file that holds something "
    "else is not replaced.",
    "cli.help.answers.sample.force": "Replace existing files of the same names.",
    "cli.metavar.folder": "FOLDER",
    "cli.metavar.vendor": "VENDOR",
    "cli.metavar.status": "STATUS",
}

DA: dict[str, str] = {
    "cli.click.usage": "Brug:",
    "cli.click.options": "Tilvalg",
    "cli.click.commands": "Kommandoer",
    "cli.click.default": "standard",
    "cli.click.required": "skal angives",
    "cli.click.no_such_option": "ukendt tilvalg {name}",
    "cli.click.did_you_mean": " (mente du {names}?)",
    "cli.click.no_such_command": "ukendt kommando {name!r}",
    "cli.click.missing": "{name} mangler",
    "cli.click.needs_value": "{name} skal have en værdi",
    "cli.click.choose": "{name} skal være en af {choices}",
    "cli.click.choose_not": "{name} skal være en af {choices}, ikke '{value}'",
    "cli.option.help": "Vis denne hjælp og afslut.",
    "cli.option.version": "Vis versionen og afslut.",
    "cli.option.db": "Kataloget: en fil eller en postgresql://-adresse (ellers $KRAVTUI_DB).",
    "cli.option.lang": "Sprog i meddelelser og hjælp.",
    "cli.option.as_json": "Udskriv som JSON.",
    "cli.metavar.options": "TILVALG",
    "cli.metavar.command": "KOMMANDO",
    "cli.metavar.args": "ARGUMENTER",
    "cli.metavar.text": "TEKST",
    "cli.metavar.file": "FIL",
    "cli.metavar.catalogue": "KATALOG",
    "cli.metavar.path": "STI",
    "cli.metavar.uid": "KRAVNUMMER",
    "cli.metavar.uids": "KRAVNUMRE",
    "cli.metavar.name": "NAVN",
    "cli.metavar.title": "TITEL",
    "cli.metavar.answers": "SVAR",
    "cli.metavar.old": "GAMMEL",
    "cli.metavar.new": "NY",
    "cli.help.main": "kravtui: gennemse, ret og udvælg krav fra et lokalt kravkatalog. "
    "Uden en kommando åbner den brugerfladen i terminalen.",
    "cli.help.main.read_only": "Åbn kataloget skrivebeskyttet, så intet kan ændres.",
    "cli.help.main.no_mouse": "Lad terminalens egen markering af tekst være i fred.",
    "cli.help.init": "Opret et nyt katalog (ud fra eksempelkataloget, medmindre --empty er "
    "angivet): en fil, eller i en tom PostgreSQL-database med --db postgresql://....",
    "cli.help.init.empty": "Opret et tomt katalog i stedet for eksempelkataloget.",
    "cli.help.list": "Vis krav, eventuelt afgrænset.",
    "cli.help.list.as_jsonl": "Skriv ét JSON-objekt pr. linje (JSON Lines).",
    "cli.help.list.text": "Ord at søge efter (del af ord, store og små bogstaver ens).",
    "cli.help.list.categories": "Kategoriens præfiks eller navn.",
    "cli.help.list.priorities": "absolute|high|normal|optional (Mindstekrav, Vigtigt krav, "
    "Krav, Option).",
    "cli.help.list.domains": "Domænets navn.",
    "cli.help.list.tags": "Filterets navn.",
    "cli.help.list.deleted": "Vis de slettede krav i stedet.",
    "cli.help.show": "Vis ét krav i sin helhed.",
    "cli.help.history": "Alle versioner af et krav: hvem, hvornår, hvad og hvilke felter der "
    "blev ændret.",
    "cli.help.import": "Importér en TOML-fil eller et regneark (XLSX, XLS, ODS), helt eller "
    "slet ikke: et katalog (tilføjer og opdaterer krav efter kravnummer; et OS2kravmotor-nummer "
    "gemmes og peger hver gang på det samme krav) eller en kravspecifikation (oprettes som en ny).",
    "cli.help.import.mapping": "Regneark: hvilken kolonne der rummer hvilket felt, som par "
    'OVERSKRIFT=FELT ("Krav=title,Beskrivelse=description,Område=category"); felterne er: '
    "uid, title, description, rationale, help_text, notes, stakeholders, category, subcategory, "
    "importance, domains, tags, principles, source (OS2kravmotor-nummeret), markeringerne, "
    "eller - for at lade en kolonne være [standard: de kolonner, kravtui og OS2kravmotor skriver].",
    "cli.help.import.sheet": "Regneark: arket, der læses [standard: det første synlige ark med "
    "en kolonne Navn].",
    "cli.help.import.category": "Regneark: kategorien (navn eller præfiks) for rækker, der "
    "ikke angiver en.",
    "cli.help.import.selection_title": "Regneark: importér rækkerne som en ny "
    "kravspecifikation med denne titel (OS2kravmotors krav.xls) i stedet for i kataloget.",
    "cli.metavar.header": "OVERSKRIFT",
    "cli.metavar.field": "FELT",
    "cli.help.import.add_categories": "Regneark: et kategorinavn, kataloget ikke har, bliver "
    "en ny kategori (med et præfiks dannet af navnet) i stedet for at afvise rækken.",
    "cli.sheet_new_category": "Ny kategori {name} ({prefix}).",
    "cli.sheet_options_only": "--map, --sheet, --category, --selection og --new-categories gælder regneark "
    "(.xlsx, .xls, .ods), ikke {path}",
    "cli.sheet_references": "Gemte {count} OS2kravmotor-numre.",
    "cli.sheet_ignored": "Kolonner i {sheet}, der ikke blev læst: {columns}",
    "cli.help.export": "Eksportér kataloget eller en kravspecifikation.",
    "cli.help.export.catalogue": "Skriv hele kataloget som TOML eller som regneark.",
    "cli.help.export.catalogue.output": "Filen, der skrives.",
    "cli.help.export.catalogue.format_name": "Filformat (xlsx: et regneark i OS2kravmotors "
    'rækkefølge fra "Download kravbank", med danske overskrifter, medmindre --lang en) '
    "[standard: det, FIL ender på, ellers toml; en FIL, der ender på et andet formats "
    "endelse, afvises].",
    "cli.help.export.selection": "Skriv en kravspecifikation (angivet ved id eller titel) som "
    "dokument.",
    "cli.help.export.selection.format_name": "Filformat (xlsx: kravene som regneark på "
    "kravspecifikationens sprog; answer-sheet: svararket i XLSX, som leverandørerne udfylder) "
    "[standard: det, FIL ender på, ellers docx; en FIL, der ender på et andet formats "
    "endelse, afvises].",
    "cli.help.export.selection.output": "Filen, der skrives [standard: "
    "<eksportmappe>/<kravspecifikationens titel>.<format> (.xlsx for xlsx og svararket); eksportmappen er `exports_folder` i "
    "config.toml, ellers `kravtui` i din dokumentmappe; mellemrum og tegn, der ikke må stå i et "
    "filnavn, bliver til `-`].",
    "cli.help.export.selection.template": "DOCX-skabelon [standard: `template` i config.toml, "
    "ellers den medfølgende].",
    "cli.help.export.selection.no_answer_fields": "Udelad leverandørens svarfelter.",
    "cli.help.export.selection.no_rationale": "Udelad rationalerne.",
    "cli.help.export.selection.no_interpretation": "Udelad fortolkningerne.",
    "cli.help.export.selection.page_numbers": "DOCX: lad LibreOffice sætte dokumentet op "
    "én gang, så indholdsfortegnelsen også har sidetal i Word (tager sekunder; slået til som "
    "standard, når LibreOffice er installeret og dokumentet har højst 1.000 krav: et længere "
    "tager LibreOffice minutter).",
    "cli.help.diff": "Sammenlign to TOML-eksporter af samme slags (katalog eller "
    "kravspecifikation): GAMMEL NY.\n\n"
    "Afslutningskode 0 når de er ens, 1 når de er forskellige, 2 ved fejl.",
    "cli.help.diff.stat": "Kun antal.",
    "cli.help.diff.color": "Farver og typografi i terminalen; uden dem markeres ændrede ord "
    "[-…-]{+…+}.",
    "cli.help.diff.git_mode": "Tag imod gits 7 argumenter til et eksternt diff-program.",
    "cli.help.diff.textconv": "Udskriv én FIL felt for felt (git textconv).",
    "cli.help.config": "Indstillingsfilen.",
    "cli.help.config.path": "Vis, hvor indstillingsfilen ligger (den findes måske ikke endnu).",
    "cli.help.selection": "Kravspecifikationer til det enkelte indkøb.",
    "cli.help.selection.list": "Vis kravspecifikationerne, senest ændrede først.",
    "cli.help.selection.new": "Opret en kravspecifikation som kladde.",
    "cli.help.selection.new.domains": "Et domæne, indkøbet hører under.",
    "cli.help.selection.new.organisation": "Den indkøbende organisation.",
    "cli.help.selection.new.contact": "Kontaktperson.",
    "cli.help.selection.new.deadline": "Svarfrist: ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ / DD.MM.ÅÅÅÅ "
    "(gemmes som ÅÅÅÅ-MM-DD).",
    "cli.help.selection.new.no_priority": "Udelad prioriteterne i dokumentet.",
    "cli.help.selection.new.no_prices": "Bed ikke leverandørerne om priser (intet prisfelt i dokumentet eller svararket).",
    "cli.help.selection.new.document_language": "Sproget i det eksporterede dokument.",
    "cli.help.selection.show": "Vis en kravspecifikation: oplysninger og krav med prioritet, "
    "begrundelse og markering af ændringer i kataloget.",
    "cli.help.selection.add": "Vælg krav til en kravspecifikation: efter kravnummer, - for "
    "kravnumre på standard input (ét pr. linje eller linjerne fra kravtui list) eller alle de "
    "krav, filtrene viser.",
    "cli.help.selection.remove": "Fravælg krav (efter kravnummer, - for standard input eller dem, "
    "filtrene viser); en rettelse af et krav gemmes, hvis det vælges igen senere (medmindre "
    "--discard-edits er angivet).",
    "cli.help.selection.answer": "Besvar spørgeskemaet (FILTER=yes|no|unknown ...) og vælg de "
    "foreslåede krav.\n\nEt krav, du selv har fravalgt, forbliver fravalgt: kommandoen viser "
    "dem, der foreslås igen, og vælger dem kun, når de nævnes med --retick (eller alle med "
    "--retick-all).",
    "cli.help.selection.answer.retick": "Vælg disse igen, selvom du selv har fravalgt dem "
    "(kun krav, som svarene foreslår).",
    "cli.help.selection.answer.retick_all": "Vælg alle foreslåede krav igen, som du selv har "
    "fravalgt.",
    "cli.help.selection.finalise": "Gør en kravspecifikation endelig: derefter kan den ikke "
    "ændres. En overskredet svarfrist afvises, medmindre --allow-past-deadline er angivet.",
    "cli.metavar.selection": "KRAVSPECIFIKATION",
    "cli.metavar.priority": "PRIORITET",
    "cli.help.list.ticked_in": "Kun de krav, der er valgt i denne kravspecifikation (id eller "
    "titel).",
    "cli.help.list.unticked_in": "Kun de krav, der ikke er valgt i denne kravspecifikation (id "
    "eller titel).",
    "cli.help.selection.remove.discard_edits": "Kassér også rettelserne af kravene (et "
    "fritekstkrav slettes), som d gør i brugerfladen.",
    "cli.help.selection.finalise.allow_past_deadline": "Gør den endelig, selvom svarfristen er "
    "overskredet.",
    "cli.help.selection.edit": "Ret oplysningerne i en kravspecifikation, der er kladde; tilvalg, "
    "der ikke angives, beholder deres værdi.",
    "cli.help.selection.edit.title": "Ny titel.",
    "cli.help.selection.edit.description": "Ny beskrivelse.",
    "cli.help.selection.edit.organisation": "Den indkøbende organisation.",
    "cli.help.selection.edit.contact": "Kontaktperson.",
    "cli.help.selection.edit.deadline": "Svarfrist: ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ / DD.MM.ÅÅÅÅ; '' "
    "for ingen svarfrist.",
    "cli.help.selection.edit.domains": "Et domæne, indkøbet hører under (erstatter domænerne).",
    "cli.help.selection.edit.no_domains": "Fjern alle domæner.",
    "cli.help.selection.edit.priority": "Vis eller udelad prioriteterne i dokumentet.",
    "cli.help.selection.edit.prices": "Bed leverandørerne om priser eller ej (prisfeltet i dokumentet og svararket).",
    "cli.help.selection.edit.document_language": "Sproget i det eksporterede dokument.",
    "cli.help.selection.duplicate": "Kopiér en kravspecifikation (også en endelig) til en ny "
    "kladde: oplysninger, svar og krav.",
    "cli.help.selection.duplicate.title": "Kopiens titel [standard: 'Kopi af <titel>'].",
    "cli.help.selection.delete": "Slet en kravspecifikation og dens krav; kataloget røres ikke.",
    "cli.help.selection.delete.yes": "Slet uden at spørge (skal angives: det kan ikke fortrydes).",
    "cli.help.selection.use": "Gør en kravspecifikation til din aktuelle: brugerfladen åbner med "
    "den, og mellemrum vælger krav til den.",
    "cli.help.selection.questions": "Spørgeskemaet: hvert filter med sit spørgsmål og, med NAVN, "
    "kravspecifikationens svar.",
    "cli.help.selection.priority": "Skift prioritet for ét krav i kravspecifikationen; kataloget "
    "røres ikke.\n\nPRIORITET er absolute, high, normal eller optional eller betegnelsen på "
    'dansk eller engelsk (Mindstekrav, "Vigtigt krav", Krav, Option; Minimum, Important, '
    "Normal, Optional).",
    "cli.help.selection.free-text": "Tilføj et fritekstkrav (et krav, du selv skriver, ikke fra "
    "kataloget) til kravspecifikationen; det får kravnummer FRI-001, FRI-002 osv.",
    "cli.help.selection.free-text.title": "Kravets navn (én linje).",
    "cli.help.selection.free-text.description": "Kravteksten.",
    "cli.help.selection.free-text.rationale": "Hvorfor kravet stilles (rationale).",
    "cli.help.selection.free-text.help_text": "Hvordan kravet skal læses og besvares "
    "(fortolkning).",
    "cli.help.selection.free-text.category": "Kategoriens præfiks [standard: den første kategori].",
    "cli.help.selection.free-text.subcategory": "Underkategori i den kategori.",
    "cli.help.selection.free-text.priority": "Prioriteten, eller betegnelsen: Mindstekrav, Vigtigt "
    "krav, Krav eller Option [standard: Krav].",
    "cli.help.selection.edit-item": "Ret et kravs tekst i kravspecifikationen (dens kopi af "
    "kravet); kataloget røres ikke. Tilvalg, der ikke angives, beholder deres værdi.",
    "cli.help.selection.edit-item.title": "Nyt navn (én linje).",
    "cli.help.selection.edit-item.description": "Ny kravtekst.",
    "cli.help.selection.edit-item.rationale": "Nyt rationale.",
    "cli.help.selection.edit-item.help_text": "Ny fortolkning.",
    "cli.help.selection.edit-item.category": "En anden kategoris præfiks.",
    "cli.help.selection.edit-item.subcategory": "En anden underkategori ('' for ingen).",
    "cli.help.selection.edit-item.priority": "En anden prioritet, eller betegnelsen: Mindstekrav, "
    "Vigtigt krav, Krav eller Option.",
    "cli.help.selection.changes": "Vis de krav, der er ændret i kataloget, efter de blev valgt, og "
    "hvilke felter der er ændret (hent dem eller behold kopien med `selection refresh`).",
    "cli.help.selection.changes.as_json": "Udskriv som JSON: hvert felt, før og nu.",
    "cli.help.selection.refresh": "Hent katalogets nuværende tekst for krav, der er ændret dér, "
    "siden de blev valgt (kravspecifikationens rettelser af dem kasseres), eller behold med --keep "
    "kravspecifikationens egen tekst.",
    "cli.help.selection.refresh.every": "Alle krav, der er ændret i kataloget.",
    "cli.help.selection.refresh.keep": "Behold kravspecifikationens tekst, og markér den ikke "
    "længere som ændret (i stedet for at tage katalogets tekst).",
    "cli.help.answers": "Leverandørernes svar på en kravspecifikation (markedsdialogen): importér et "
    "returneret dokument eller svarark, sammenlign leverandørerne, vurdér deres svar, vælg "
    "leverandør.",
    "cli.help.answers.import": "Importér en leverandørs returnerede kravspecifikation (.docx, med "
    "svarfelterne udfyldt) eller svarark (.xlsx) til en "
    "kravspecifikation, alt eller intet, og fortæl, hvad filen rummer: N af M besvaret, ubesvarede "
    "og tvetydige svar, manglende uddybninger og priser, kravtekst som leverandøren har ændret. En "
    "rettet fil, der importeres senere, gemmer den tidligere besvarelse som historik.",
    "cli.help.answers.list": "Sammenlign leverandørerne, der har besvaret en kravspecifikation: svar "
    "efter prioritet og svarmulighed, summen af priser og de mindstekrav, hver enkelt ikke opfylder.",
    "cli.help.answers.show": "Vis en leverandørs svar på en kravspecifikation, eller med KRAVNUMMER ét "
    "svar i sin helhed med historikken for dets vurderinger.",
    "cli.help.answers.assess": "Vurdér en leverandørs svar på kravene KRAVNUMRE: STATUS er none, "
    "accepted, accepted_with_comment, rejected eller elaboration_needed (eller den danske eller "
    "engelske betegnelse, som Accepteret).",
    "cli.help.answers.assess.comment": "Spørgsmålet eller kommentaren til leverandøren (kræves for "
    'accepted_with_comment). Uden den beholder hvert svar sin nuværende kommentar; --comment "" '
    "fjerner den.",
    "cli.help.answers.winner": "Vis den valgte leverandør til kravspecifikationen, vælg LEVERANDØR, "
    "eller fjern valget.",
    "cli.help.answers.winner.clear": "Ingen leverandør er valgt længere.",
    "cli.help.answers.sample": "Kopiér eksemplets to besvarede filer (en DOCX fra Leverandør A og "
    "et XLSX-svarark fra Leverandør B) til MAPPE, så de kan importeres i eksempelkravspecifikationen "
    "'Eksempel ESDH', som et nyt katalog begynder med. En eksisterende fil, der rummer noget "
    "andet, erstattes ikke.",
    "cli.help.answers.sample.force": "Erstat eksisterende filer med samme navne.",
    "cli.metavar.folder": "MAPPE",
    "cli.metavar.vendor": "LEVERANDØR",
    "cli.metavar.status": "STATUS",
}


# `selection add` and `selection remove` share `list`'s filter options (cli/requirement_choice.py).
for _messages in (EN, DA):
    for _command in ("selection.add", "selection.remove"):
        for _option in ("text", "categories", "priorities", "domains", "tags"):
            _messages[f"cli.help.{_command}.{_option}"] = _messages[f"cli.help.list.{_option}"]
