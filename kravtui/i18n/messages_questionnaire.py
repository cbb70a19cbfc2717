"""Messages about re-applying the questionnaire over requirements the officer unticked by hand,
in English and Danish (for the CLI and the TUI alike).

`en.py` and `da.py` merge these into their `MESSAGES`. Keys ending in `.one` / `.other` (and
`.none`) are picked by `kravtui.i18n.t_count`.
"""

EN: dict[str, str] = {
    "list.and_more": " … and {count} more",
    "selection.retick_not_held": "{uids}: not among the proposed requirements you unticked by hand; nothing was changed",
    "selection.applied_new.none": "Nothing new to tick",
    "selection.applied_new.one": "Ticked 1 new requirement: {uids}",
    "selection.applied_new.other": "Ticked {count} new requirements: {uids}",
    "selection.held_back.one": "1 requirement you unticked by hand is proposed again and stays unticked: {uids}",
    "selection.held_back.other": "{count} requirements you unticked by hand are proposed again and stay unticked: {uids}",
    "selection.retick_hint": "Tick them again with --retick UID,… or --retick-all",
    "selection.unticked_by_hand": "Unticked by hand (the questionnaire leaves them unticked): {uids}",
    "tui.q.applied": "Ticked: {ticked} of the {count} proposed, {new}; why each was proposed is on the selection screen (v)",
    "tui.q.new.none": "none of them new",
    "tui.q.new.one": "1 of them new: {uids}",
    "tui.q.new.other": "{count} of them new: {uids}",
    "tui.retick.title.one": "1 requirement you unticked by hand is proposed again",
    "tui.retick.title.other": "{count} requirements you unticked by hand are proposed again",
    "tui.retick.help": "Check those to tick again (Space); the rest stay unticked. a ticks the proposed.",
    "tui.retick.cancelled": "Nothing was ticked; the questionnaire was not applied",
    "tui.key.retick_apply": "Tick the proposed",
    "tui.key.retick_cancel": "Cancel",
    "tui.help.group.retick": "Questionnaire: proposed again",
}

DA: dict[str, str] = {
    "list.and_more": " …og {count} flere",
    "selection.retick_not_held": "{uids}: ikke blandt de foreslåede krav, du selv har fravalgt; intet er ændret",
    "selection.applied_new.none": "Ingen nye krav at vælge",
    "selection.applied_new.one": "Valgte 1 nyt krav: {uids}",
    "selection.applied_new.other": "Valgte {count} nye krav: {uids}",
    "selection.held_back.one": "1 krav, du selv har fravalgt, er foreslået igen og forbliver fravalgt: {uids}",
    "selection.held_back.other": "{count} krav, du selv har fravalgt, er foreslået igen og forbliver fravalgt: {uids}",
    "selection.retick_hint": "Vælg dem igen med --retick KRAVNUMMER,… eller --retick-all",
    "selection.unticked_by_hand": "Fravalgt i hånden (spørgeskemaet vælger dem ikke igen): {uids}",
    "tui.q.applied": "Valgt: {ticked} af de {count} foreslåede krav, {new}; hvorfor hvert blev foreslået står i kravspecifikationen (v)",
    "tui.q.new.none": "ingen nye",
    "tui.q.new.one": "heraf 1 nyt: {uids}",
    "tui.q.new.other": "heraf {count} nye: {uids}",
    "tui.retick.title.one": "1 krav, du selv har fravalgt, er foreslået igen",
    "tui.retick.title.other": "{count} krav, du selv har fravalgt, er foreslået igen",
    "tui.retick.help": "Sæt kryds ved dem, der skal vælges igen (mellemrum); resten forbliver fravalgt. a vælger de foreslåede.",
    "tui.retick.cancelled": "Intet blev valgt; spørgeskemaet blev ikke anvendt",
    "tui.key.retick_apply": "Vælg de foreslåede",
    "tui.key.retick_cancel": "Annullér",
    "tui.help.group.retick": "Spørgeskema: foreslået igen",
}
