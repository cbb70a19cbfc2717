"""Messages about opening, creating and upgrading a catalogue (a file, or a database on a
PostgreSQL server), in English and Danish.

`en.py` and `da.py` merge these into their `MESSAGES`. Every message is one line; `{path}` is
the file's path and `{where}` the PostgreSQL conninfo with its password masked.
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
    "catalogue.postgres.server_reads_only": "the server lets this session only read",
    "catalogue.postgres.role_reads_only": "your database role may only read this catalogue",
    "catalogue.postgres.role_reads_requirements": "Your database role may not change requirements or classifications; that takes an editor's role",
    "catalogue.cannot_change": "{path}: cannot be changed ({reason}); nothing was changed",
    "catalogue.postgres.no_driver": (
        "{where}: a catalogue on PostgreSQL needs psycopg "
        "(python3 -m pip install 'kravtui[postgres]')"
    ),
    "catalogue.postgres.cannot_connect": "{where}: cannot use the PostgreSQL database ({detail})",
    "catalogue.postgres.too_old": (
        "{where}: the server runs PostgreSQL {version}; kravtui needs {minimum} or newer"
    ),
    "catalogue.postgres.no_trigram": (
        "{where}: the server lacks the pg_trgm extension that kravtui's search needs "
        "(Debian: postgresql-contrib)"
    ),
    "catalogue.postgres.trigram_not_installed": (
        "{where}: pg_trgm is not installed in this database; its owner can add it with "
        "CREATE EXTENSION pg_trgm"
    ),
    "catalogue.postgres.trigram_not_allowed": (
        "{where}: the database role {role} may not add the pg_trgm extension kravtui's search "
        "needs; the database's owner or a superuser can, with CREATE EXTENSION pg_trgm"
    ),
    "catalogue.postgres.empty": (
        "{where}: the database holds no kravtui catalogue (kravtui init creates one)"
    ),
    "catalogue.postgres.foreign": "{where}: the database is not a kravtui catalogue; left as it was",
    "catalogue.postgres.not_empty": (
        "{where}: the database already holds tables; kravtui init creates a catalogue only in an "
        "empty one"
    ),
    "catalogue.postgres.cannot_create": (
        "{where}: cannot create a catalogue in the PostgreSQL database ({detail}); "
        "the database was left as it was"
    ),
    "catalogue.postgres.not_utf8": (
        "{where}: the database's encoding is {encoding}; a kravtui catalogue needs a database "
        "created with ENCODING 'UTF8'"
    ),
    "catalogue.postgres.bad_fold": (
        "{where}: the catalogue's function kravtui_fold does not turn ÆØÅ into æøå on this "
        "server, so searches would miss requirements; the database's owner must create it again"
    ),
    "catalogue.postgres.no_collation": (
        "{where}: the server has none of the collations kravtui's search folds letters with "
        "({names})"
    ),
    "catalogue.postgres.not_allowed": (
        "{where}: the database role {role} may not make this change; a role with an editor's "
        "rights can ({detail})"
    ),
    "catalogue.postgres.read_only": "{where}: the catalogue is open read-only; nothing was changed",
    "catalogue.postgres.gone": "{where}: the catalogue's server does not answer; nothing was changed",
    "catalogue.postgres.refused": (
        "the server refused the database role {role} this change ({detail}); nothing was changed"
    ),
    "catalogue.postgres.read_only_here": "the catalogue is open read-only; nothing was changed",
    "catalogue.postgres.gone_here": "the catalogue's server does not answer; nothing was changed",
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
    "catalogue.postgres.server_reads_only": "serveren lader kun denne session læse",
    "catalogue.postgres.role_reads_only": "din databaserolle må kun læse kataloget",
    "catalogue.postgres.role_reads_requirements": "Din databaserolle må ikke ændre krav eller klassifikationer; det kræver en redaktørrolle",
    "catalogue.cannot_change": "{path}: kan ikke ændres ({reason}); intet er ændret",
    "catalogue.postgres.no_driver": (
        "{where}: et katalog på PostgreSQL kræver psycopg "
        "(python3 -m pip install 'kravtui[postgres]')"
    ),
    "catalogue.postgres.cannot_connect": "{where}: PostgreSQL-databasen kan ikke bruges ({detail})",
    "catalogue.postgres.too_old": (
        "{where}: serveren kører PostgreSQL {version}; kravtui kræver {minimum} eller nyere"
    ),
    "catalogue.postgres.no_trigram": (
        "{where}: serveren mangler udvidelsen pg_trgm, som kravtuis søgning kræver "
        "(Debian: postgresql-contrib)"
    ),
    "catalogue.postgres.trigram_not_installed": (
        "{where}: pg_trgm er ikke installeret i databasen; dens ejer kan tilføje den med "
        "CREATE EXTENSION pg_trgm"
    ),
    "catalogue.postgres.trigram_not_allowed": (
        "{where}: databaserollen {role} må ikke tilføje udvidelsen pg_trgm, som kravtuis søgning "
        "kræver; databasens ejer eller en superbruger kan, med CREATE EXTENSION pg_trgm"
    ),
    "catalogue.postgres.empty": (
        "{where}: databasen rummer intet kravtui-katalog (kravtui init opretter et)"
    ),
    "catalogue.postgres.foreign": "{where}: databasen er ikke et kravtui-katalog; den er ikke rørt",
    "catalogue.postgres.not_empty": (
        "{where}: databasen rummer allerede tabeller; kravtui init opretter kun et katalog i en "
        "tom database"
    ),
    "catalogue.postgres.cannot_create": (
        "{where}: kataloget kan ikke oprettes i PostgreSQL-databasen ({detail}); "
        "databasen er ikke rørt"
    ),
    "catalogue.postgres.not_utf8": (
        "{where}: databasens tegnsæt er {encoding}; et kravtui-katalog kræver en database "
        "oprettet med ENCODING 'UTF8'"
    ),
    "catalogue.postgres.bad_fold": (
        "{where}: katalogets funktion kravtui_fold gør ikke ÆØÅ til æøå på denne server, så "
        "søgninger ville overse krav; databasens ejer må oprette den igen"
    ),
    "catalogue.postgres.no_collation": (
        "{where}: serveren har ingen af de sorteringsregler, kravtuis søgning bruger til at "
        "ensrette store og små bogstaver ({names})"
    ),
    "catalogue.postgres.not_allowed": (
        "{where}: databaserollen {role} må ikke foretage denne ændring; en rolle med en "
        "redaktørs rettigheder kan ({detail})"
    ),
    "catalogue.postgres.read_only": "{where}: kataloget er åbnet skrivebeskyttet; intet er ændret",
    "catalogue.postgres.gone": "{where}: katalogets server svarer ikke; intet er ændret",
    "catalogue.postgres.refused": (
        "serveren nægtede databaserollen {role} denne ændring ({detail}); intet er ændret"
    ),
    "catalogue.postgres.read_only_here": "kataloget er åbnet skrivebeskyttet; intet er ændret",
    "catalogue.postgres.gone_here": "katalogets server svarer ikke; intet er ændret",
}
