"""English messages."""

MESSAGES: dict[str, str] = {
    "importance.absolute": "Minimum",
    "importance.high": "Important",
    "importance.normal": "Normal",
    "importance.optional": "Optional",
    "cli.error": "error",
    "cli.no_catalogue": "no catalogue at {path}",
    "cli.created_from_sample": "Created a new catalogue at {path} from the bundled sample.",
    "cli.initialised": "Created catalogue {path}",
    "cli.bad_priority": "unknown priority {value!r}; use absolute, high, normal or optional",
    "cli.unknown_category": "unknown category {name!r}",
    "cli.unknown_uid": "no requirement {uid}",
    "cli.count": "{count} requirements",
    "cli.exported": "Exported {count} requirements to {path}",
    "cli.imported": "Imported: {created} new, {updated} changed, {unchanged} unchanged",
    "cli.read_only": "the catalogue is open read-only",
    "field.uid": "Number",
    "field.title": "Title",
    "field.category": "Category",
    "field.subcategory": "Subcategory",
    "field.importance": "Priority",
    "field.domains": "Domains",
    "field.tags": "Tags",
    "field.principles": "Principles",
    "field.changed": "Last changed",
    "field.status": "Status",
    "field.description": "Description",
    "field.rationale": "Rationale",
    "field.help_text": "Interpretation",
    "field.notes": "Notes",
    "field.stakeholders": "Stakeholders",
    "value.all_domains": "All domains",
    "value.deleted": "Deleted",
    "why.favourite": "favourite: always proposed",
    "why.all_domains": "applies to all domains",
    "why.domain": "domain {name}",
    "why.all_tags": "applies to every tag answered yes",
    "why.tag": "{name} answered {answer}",
    "why.manual": "ticked by hand",
    "answer.yes": "yes",
    "answer.no": "no",
    "answer.unknown": "don't know",
    "selection.title_required": "a selection needs a title",
    "selection.bad_language": "unknown document language {language!r}; use da or en",
    "selection.unknown_domain": "unknown domain {name!r}",
    "selection.unknown_tag": "unknown tag {name!r}",
    "selection.unknown": "no selection {name!r}",
    "selection.ambiguous": "several selections are called {name!r} (ids {ids}); use the id",
    "selection.is_final": "{title!r} is final and cannot be changed; duplicate it into a new draft",
    "selection.copy_of": "Copy of {title}",
    "selection.no_item": "the selection has no requirement {uid}",
    "selection.unknown_category": "unknown category {name!r}",
    "selection.unknown_subcategory": "unknown subcategory {name!r}",
    "selection.item_title_required": "a requirement needs a title",
    "selection.priority_off": "priority is switched off for this selection",
    "selection.free_text_no_catalogue": "{uid} is a free-text requirement with no catalogue entry",
    # interchange (TOML import/export)
    "interchange.not_found": "no such file",
    "interchange.read_failed": "cannot read the file: {error}",
    "interchange.write_failed": "cannot write the file: {error}",
    "interchange.not_utf8": "not UTF-8 text (byte {offset} cannot be decoded)",
    "interchange.syntax": "TOML syntax error: {detail} (column {column})",
    "interchange.syntax_at_end": "TOML syntax error: {detail} (at the end of the file)",
    "interchange.format_missing": 'no format key; expected format = "{expected}"',
    "interchange.format_unknown": (
        'unknown format version "{found}"; this kravtui reads "{expected}"'
    ),
    "interchange.kind_wrong": 'kind = "{found}" is not a {expected} file',
    "interchange.wrong_type": "expected {expected}, found {found}",
    "interchange.type.string": "a string",
    "interchange.type.boolean": "true or false",
    "interchange.type.integer": "an integer",
    "interchange.type.float": "a decimal number",
    "interchange.type.array": "an array",
    "interchange.type.table": "a table",
    "interchange.type.date": "a date or time",
    "interchange.type.strings": "an array of strings",
    "interchange.type.tables": "an array of tables",
    "interchange.unknown_field": 'unknown field "{name}"',
    "interchange.missing_field": 'missing field "{name}"',
    "interchange.empty_value": '"{name}" must not be empty',
    "interchange.missing_title": "missing title: every requirement needs one",
    "interchange.empty_title": "the title is empty",
    "interchange.unknown_importance": (
        'unknown importance "{found}"; use absolute, high, normal or optional'
    ),
    "interchange.malformed_uid": (
        'malformed uid "{uid}"; expected an upper-case prefix, a dash and a number, e.g. SIK-014'
    ),
    "interchange.malformed_prefix": (
        'malformed prefix "{prefix}"; expected 1-10 upper-case letters or digits, '
        "starting with a letter"
    ),
    "interchange.duplicate_uid": "duplicate uid {uid}: the file defines it twice",
    "interchange.duplicate_table": "the table [{table}] is declared twice",
    "interchange.duplicate_name": 'duplicate {kind} "{name}"',
    "interchange.duplicate_reference": '"{name}" is listed twice',
    "interchange.unknown_reference": (
        'unknown {kind} "{name}"; it is neither in the file nor in the catalogue'
    ),
    "interchange.unknown_subcategory": ('unknown subcategory "{name}" in category {category}'),
    "interchange.no_domains": ("no domains: list at least one domain or set all_domains = true"),
    "interchange.category_name_taken": (
        'category name "{name}" already belongs to category {other} in the catalogue'
    ),
    "interchange.import_refused": "import refused, nothing was changed: {error}",
    "interchange.kind.category": "category",
    "interchange.kind.prefix": "category prefix",
    "interchange.kind.subcategory": "subcategory",
    "interchange.kind.domain": "domain",
    "interchange.kind.tag": "tag",
    "interchange.kind.principle": "principle",
    "status.draft": "draft",
    "status.final": "final",
    "selection.n_ticked": "{count} ticked",
    "selection.created": "Created selection {id}: {title}",
    "selection.added": "Ticked {count}",
    "selection.removed": "Unticked {count}",
    "selection.restored_edits": "Brought back your earlier edits of {uids}",
    "selection.kept_edits": "Kept your edits of {uids}; ticking them again brings the edits back",
    "selection.not_ticked": "not ticked (unknown or deleted): {uids}",
    "selection.bad_answer": "{text!r}: write TAG=yes, TAG=no or TAG=unknown",
    "selection.proposed": "{count} of {total} proposed",
    "selection.finalised": "{title} is final",
    "classification.in_use": "{name} is used by {requirements} requirements and {selections} selections; it cannot be deleted",
    "classification.name_required": "a name is required",
    "classification.unknown": "no classification {name!r}",
    "classification.exists": "{name!r} already exists",
    "classification.bad_prefix": "{prefix!r} is not a valid prefix: capital letters and digits, starting with a letter",
    "edit.error.uid_format": "write the number as PREFIX-123, e.g. SIK-014",
    "edit.error.uid_taken": "that number is already used",
    "edit.error.title_required": "a title is required",
    "edit.error.category_required": "choose a category",
    "edit.error.subcategory_mismatch": "the subcategory does not belong to the category",
    "edit.error.domains_required": "choose at least one domain, or all domains",
    "edit.error.control_characters": "the text contains control characters",
    "history.action.create": "created",
    "history.action.edit": "edited",
    "history.action.delete": "deleted",
    "history.action.restore": "restored",
    "history.action.import": "imported",
    "field.info_requirement": "Vendor must elaborate",
    "field.favourite": "Favourite",
    "field.all_domains": "All domains",
    "field.all_tags": "All tags",
    "field.relevant_saas": "Relevant for SaaS",
    "field.relevant_on_premise": "Relevant on premise",
    "field.deleted": "Deleted",
    # TUI (main screen, help, command palette)
    "tui.filter.placeholder": "/ Filter: type words, e.g. krypt",
    "tui.filter.text": "text",
    "tui.status.shown": "{shown} shown of {total}",
    "tui.status.read_only": "read-only",
    "tui.status.searching": "searching…",
    "tui.facet.title": "Facets",
    "tui.facet.categories": "Categories",
    "tui.field.flags": "Flags",
    "tui.list.empty": "No requirements match the filters (Esc takes the newest one off)",
    "tui.detail.empty": "No requirement selected",
    "tui.keys.unknown": "Unknown binding ids in [keys] of the config file: {ids}",
    "tui.key.quit": "Quit",
    "tui.key.help": "Help",
    "tui.key.palette": "Commands",
    "tui.key.filter": "Filter",
    "tui.key.clear": "Clear",
    "tui.key.facets": "Facets",
    "tui.key.next_pane": "Next pane",
    "tui.key.previous_pane": "Previous pane",
    "tui.key.open": "Open",
    "tui.key.down": "Down",
    "tui.key.up": "Up",
    "tui.key.first": "First requirement",
    "tui.key.last": "Last requirement",
    "tui.key.page_down": "Page down",
    "tui.key.page_up": "Page up",
    "tui.key.toggle_facet": "Set/unset facet",
    "tui.key.expand": "Expand",
    "tui.key.collapse": "Collapse",
    "tui.key.back": "Back to the list",
    "tui.key.close": "Close",
    "tui.help.title": "Keys",
    "tui.help.group.app": "Everywhere",
    "tui.help.group.main": "Main screen",
    "tui.help.group.list": "Requirement list",
    "tui.help.group.facets": "Facet panel",
    "tui.help.group.detail": "Detail pane",
    "tui.help.group.modal": "Help and detail windows",
    "tui.help.remap": (
        'Change a key in {path}: under [keys], write binding id = "key", e.g. facets = "ctrl+f". '
        "`kravtui config path` prints where the file is."
    ),
    "tui.cmd.key": "Key: {keys}",
    "tui.cmd.clear_all": "Clear all filters",
    "tui.cmd.clear_all.help": "Take every filter and facet off",
    "tui.cmd.theme": "Theme",
    "tui.cmd.theme.help": "Change the colours (remembered for next time)",
    # DOCX requirement specification (the vendor's document, in the selection's language)
    "docx.document_kind": "Requirement specification",
    "docx.organisation": "Organisation",
    "docx.contact": "Contact",
    "docx.deadline": "Response deadline",
    "docx.date": "Date",
    "docx.status": "Status",
    "docx.status.draft": "Draft",
    "docx.status.final": "Final",
    "docx.status_version": "{status}, version {version}",
    "docx.toc": "Contents",
    "docx.guide": "Reading guide",
    "docx.guide.intro": (
        "This requirement specification holds {count} requirements in {chapters} chapters, "
        "one chapter for each category."
    ),
    "docx.guide.numbering": (
        "Each requirement is numbered by chapter, section and position (e.g. 1.2.3) and also "
        "has a fixed requirement ID (e.g. SIK-014). Please quote the requirement ID whenever you "
        "refer to a requirement."
    ),
    "docx.guide.fields": "Each requirement consists of a title and the requirement text.",
    "docx.guide.fields.rationale": (
        "Each requirement consists of a title, the requirement text and a rationale explaining "
        "why it matters."
    ),
    "docx.guide.fields.interpretation": (
        "Each requirement consists of a title, the requirement text and an interpretation "
        "explaining how it is to be understood and answered."
    ),
    "docx.guide.fields.rationale.interpretation": (
        "Each requirement consists of a title, the requirement text, a rationale explaining why "
        "it matters and an interpretation explaining how it is to be understood and answered."
    ),
    "docx.priorities": "Priorities",
    "docx.priorities.intro": (
        "Each requirement has one of four priorities, which says how binding it is and how it "
        "counts in the evaluation:"
    ),
    "docx.priorities.off": (
        "The requirements are not prioritised: all of them count with the same weight."
    ),
    "docx.meaning": "Meaning",
    "docx.priority": "Priority",
    "docx.priority.absolute.meaning": (
        "Must be met. A tender that does not meet a minimum requirement cannot be accepted."
    ),
    "docx.priority.high.meaning": (
        "Weighs heavily in the evaluation. Not meeting it, or meeting it only in part, counts "
        "significantly against the tender."
    ),
    "docx.priority.normal.meaning": "Counts in the evaluation with normal weight.",
    "docx.priority.optional.meaning": (
        "Wanted as an option that the contracting authority may choose to buy. Counts with low "
        "weight."
    ),
    "docx.answering": "How to answer",
    "docx.answering.intro": (
        "Answer each requirement in the answer fields below it: tick exactly one answer, explain "
        "it under Elaboration and state any price. The answers mean:"
    ),
    "docx.answering.no_fields": (
        "Answer the requirements in a separate response annex, quoting the requirement ID "
        "(e.g. SIK-014) for each answer."
    ),
    "docx.answering.price": "Prices are stated in Danish kroner (DKK) excluding VAT.",
    "docx.answering.deadline": "The response must be received no later than {deadline}.",
    "docx.answering.contact": "Questions about this specification go to {contact}.",
    "docx.choice.yes": "Yes",
    "docx.choice.yes_extra": "Yes, at extra cost",
    "docx.choice.partly": "Yes, partly",
    "docx.choice.no": "No",
    "docx.choice.not_relevant": "Not relevant",
    "docx.choice.yes.meaning": "The offered solution meets the requirement as standard.",
    "docx.choice.yes_extra.meaning": (
        "The requirement can be met at extra cost. State the price under Price."
    ),
    "docx.choice.partly.meaning": (
        "The requirement is met in part. Describe under Elaboration what is not met."
    ),
    "docx.choice.no.meaning": "The requirement is not met.",
    "docx.choice.not_relevant.meaning": (
        "The requirement does not apply to the offered solution. Explain why under Elaboration."
    ),
    "docx.answer": "Answer",
    "docx.elaboration": "Elaboration",
    "docx.price": "Price (DKK excl. VAT)",
    "docx.rationale": "Rationale",
    "docx.interpretation": "Interpretation",
    "docx.general_section": "General",
    "docx.empty": "This requirement specification holds no requirements yet.",
    "docx.appendix.criteria": "Appendix A. Selection criteria",
    "docx.criteria.intro": (
        "The requirements were chosen from the requirement bank by the following business areas "
        "(domains) and answers to the questionnaire, and then adjusted by hand."
    ),
    "docx.domains": "Domains",
    "docx.no_domains": "No domains were chosen.",
    "docx.questionnaire": "Questionnaire",
    "docx.tag": "Topic",
    "docx.question": "Question",
    "docx.questionnaire.yes": "Yes",
    "docx.questionnaire.no": "No",
    "docx.questionnaire.unknown": "Don't know",
    "docx.no_answers": "The questionnaire was not answered.",
    "docx.appendix.summary": "Appendix B. Summary of requirements",
    "docx.summary.intro": "All {count} requirements of the specification, in document order.",
    "docx.number": "No.",
    "docx.uid": "Req. ID",
    "docx.title": "Title",
    "docx.date_long": "{day} {month} {year}",
    "docx.month.1": "January",
    "docx.month.2": "February",
    "docx.month.3": "March",
    "docx.month.4": "April",
    "docx.month.5": "May",
    "docx.month.6": "June",
    "docx.month.7": "July",
    "docx.month.8": "August",
    "docx.month.9": "September",
    "docx.month.10": "October",
    "docx.month.11": "November",
    "docx.month.12": "December",
    "docx.cancelled": "export cancelled; nothing was written",
    "docx.write_failed": "cannot write {path}: {reason}",
    "docx.bad_template": "cannot use the template: {reason}",
    "docx.exported": "Wrote {path}: {count} requirements",
    "docx.bad_format": "unsupported format {format!r}; use docx",
    "tui.search.failed": "The search failed: {error}",
}
