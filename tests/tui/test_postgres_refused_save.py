"""An editor's save the PostgreSQL server refuses for another reason than the officer's role
(the owner took a right back while the TUI was open): one clear line, without the conninfo.

The app knows an officer's role at opening and refuses editing before any form opens
(`test_postgres_officer`); an editor's rights can still be taken back mid-session. The save
then met the server's refusal, and the notification read ``Could not save: postgresql://anna@
/roles_3?host=...: the database role anna may not make this change; a role with an editor's
rights can (...)``: a conninfo in the middle of the line (the user works in the catalogue they
opened; it named the host's socket folder and the database and wrapped the notice over several
lines), and advice that is wrong for an editor. Now it says what the server refused whom, in its
words, in one line: the form stays open, nothing is written.
"""

from __future__ import annotations

import pytest

from kravtui.config import Settings
from kravtui.i18n import set_language
from kravtui.tui.app import create_app
from tests.test_postgres_roles import EDITOR, OWNER, Team, run_in_psql
from tests.test_postgres_roles import team as team  # the fixture
from tests.tui.editing_helpers import save_title
from tests.tui.helpers import notifications, settle

SAID = {
    "en": (
        "Could not save: the server refused the database role anna this change "
        "(permission denied for table requirement); nothing was changed"
    ),
    "da": (
        "Kunne ikke gemme: serveren nægtede databaserollen anna denne ændring "
        "(permission denied for table requirement); intet er ændret"
    ),
}


@pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])
@pytest.mark.parametrize("language", ["en", "da"])
async def test_a_right_taken_back_mid_session_is_one_line_without_the_conninfo(
    team: Team, language: str, size: tuple[int, int]
) -> None:
    set_language(language)
    app = create_app(team.location(EDITOR), settings=Settings())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        run_in_psql(
            team.cluster,
            team.location(OWNER).conninfo,
            "REVOKE UPDATE ON requirement FROM kravtui_editor;",
        )
        before = team.rows()
        form = await save_title(pilot, "SIK-1", "Kryptering af alt")
        assert app.screen is form  # refused: the editor keeps what they typed
        said = [line for line in notifications(app) if "anna" in line]
        assert said == [SAID[language]]
        assert team.rows() == before
        for text in said:
            assert "postgresql://" not in text and "host=" not in text and "\n" not in text
            assert team.dbname not in text
