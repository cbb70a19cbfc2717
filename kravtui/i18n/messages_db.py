"""Messages of ``kravtui db`` (copying a whole catalogue between a file and a PostgreSQL
database), in English and Danish.

`en.py` and `da.py` merge these into their `MESSAGES`.
"""

EN: dict[str, str] = {
    "cli.help.db": "Whole catalogues: copy one between a file and a PostgreSQL database.",
    "cli.help.db.copy": "Copy the catalogue SRC (a file or a PostgreSQL database, only read) to "
    "DST: a file that does not exist yet, or an empty PostgreSQL database (postgresql://... or "
    "a libpq keyword string such as service=kravtui). Every requirement, its history, the "
    "selections and the vendors' answers come along with their ids. DST is made at the same "
    "schema version and filled in one transaction: a copy that fails leaves nothing there.",
    "cli.metavar.src": "SRC",
    "cli.metavar.dst": "DST",
    "cli.db_copied": "Copied {source} to {target}: requirements {requirements}, selections "
    "{selections}, rows in all {rows}",
    "cli.db_copy_progress": "copying {table}: {done}/{total}",
    "db.copy.same": "{source}: that is the catalogue being copied; name another place for the copy",
    "db.copy.older": "{source}: the catalogue is at schema version {version} and this kravtui "
    "writes {current}; open it once with kravtui (which upgrades it), then copy it",
    "db.copy.failed": "{target}: the copy failed ({detail}); nothing was left there",
    "db.copy.not_empty": "{target}: the database already holds tables, and a copy goes only "
    "into an empty one; nothing was changed",
    "db.copy.columns_differ": "the table {table} has other columns in the copy than in the "
    "catalogue; nothing was copied",
}

DA: dict[str, str] = {
    "cli.help.db": "Hele kataloger: kopiér et mellem en fil og en PostgreSQL-database.",
    "cli.help.db.copy": "Kopiér kataloget KILDE (en fil eller en PostgreSQL-database, som kun "
    "læses) til MÅL: en fil, der ikke findes endnu, eller en tom PostgreSQL-database "
    "(postgresql://... eller en libpq-nøgleordstekst som service=kravtui). Alle krav, deres "
    "historik, kravspecifikationerne og leverandørernes svar kommer med, med deres id'er. MÅL "
    "oprettes med samme skemaversion og fyldes i én transaktion: en kopiering, der slår fejl, "
    "efterlader intet.",
    "cli.metavar.src": "KILDE",
    "cli.metavar.dst": "MÅL",
    "cli.db_copied": "Kopierede {source} til {target}: krav {requirements}, "
    "kravspecifikationer {selections}, rækker i alt {rows}",
    "cli.db_copy_progress": "kopierer {table}: {done}/{total}",
    "db.copy.same": "{source}: det er kataloget, der kopieres; angiv et andet sted til kopien",
    "db.copy.older": "{source}: kataloget har skemaversion {version}, og denne kravtui skriver "
    "{current}; åbn det én gang med kravtui (som opgraderer det), og kopiér det så",
    "db.copy.failed": "{target}: kopieringen slog fejl ({detail}); intet er efterladt der",
    "db.copy.not_empty": "{target}: databasen rummer allerede tabeller, og en kopi kan kun "
    "lægges i en tom database; intet er ændret",
    "db.copy.columns_differ": "tabellen {table} har andre kolonner i kopien end i kataloget; "
    "intet er kopieret",
}
