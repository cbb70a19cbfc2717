"""`--help` in the user's language: Click's help, its own words included, through `t()`.

Click builds help from docstrings and `help=` strings in the source, in English, and writes its
own words ("Usage:", "Options", "Show this message and exit.") through gettext. kravtui's
commands are `HelpCommand`s and `HelpGroup`s instead, which write every word from the messages
(`kravtui/i18n/messages_cli.py`) when help is shown: a command's description is
`cli.help.<path>`, an option's `cli.help.<path>.<name>` or `cli.option.<name>`, placeholder words
`cli.metavar.<word>`. A command whose message is missing shows its own English text (its
docstring, an option's `help=`) rather than a key; `HelpCommand.missing_messages` names what is
missing, and a test requires it to be empty for every command.

`choose_language(args)` sets the language from `--lang` anywhere on the command line (else
KRAVTUI_LANG, else the settings file) before Click parses anything, because `--help` is answered
during parsing, before any command's own `--lang` has been read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import click

from kravtui.cli.common import command_language
from kravtui.config import SettingsError
from kravtui.i18n import UnknownLanguageError, set_language, t

_PLACEHOLDER = re.compile(r"\b[A-Z][A-Z_]+\b")
_TYPED_CHOICE = re.compile(r"\A'(.*)' is not")
_EXTRA = re.compile(r"(?:^|  )\[([^\]]*)\]$")  # alone when the option has no help=


def choose_language(args: Sequence[str]) -> str | None:
    """Set the language for help and messages from `--lang X` / `--lang=X` in `args` (the
    last one), else the environment and settings; returns the `--lang` value found. A bad
    value is left for the command to report in full."""
    explicit = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            explicit = args[index + 1]
        elif arg.startswith("--lang="):
            explicit = arg.removeprefix("--lang=")
    try:
        set_language(command_language(explicit))
    except (UnknownLanguageError, SettingsError):
        return None
    return explicit


def short_help(text: str, limit: int) -> str:
    """The first sentence of `text`, cut with `...` to at most `limit` characters."""
    sentence = text.split("\n")[0].split(". ")[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[: max(limit - 3, 1)].rsplit(" ", 1)[0] + "..."


def _has(key: str) -> bool:
    return t(key) != key


def _first_message(keys: Sequence[str], fallback: str) -> str:
    """The first of `keys` there is a message for, else `fallback` (the source's own text)."""
    return next((t(key) for key in keys if _has(key)), fallback)


def _metavar_key(word: str) -> str:
    return f"cli.metavar.{word.lower()}"


def _placeholders(text: str) -> str:
    """Placeholder words (TEXT, FILE, UID, OPTIONS ...) in the current language."""

    def word(match: re.Match[str]) -> str:
        return _first_message([_metavar_key(match.group(0))], match.group(0))

    return _PLACEHOLDER.sub(word, text)


def help_path(ctx: click.Context, name: str | None = None) -> str:
    """`cli.help.` and the command's names below the top (`selection.add`), or `main`."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    path = ".".join([*reversed(names), *([name] if name else [])])
    return f"cli.help.{path or 'main'}"


def _option_keys(ctx: click.Context, param: click.Parameter) -> tuple[str, ...]:
    """The messages an option's help may come from, the command's own first."""
    if set(param.opts) & set(ctx.help_option_names):
        return ("cli.option.help",)
    return (f"{help_path(ctx)}.{param.name}", f"cli.option.{param.name}")


def _own_text(item: click.Command | click.Parameter) -> str:
    """The English a command (its docstring) or an option (`help=`) has in the source."""
    return getattr(item, "help", None) or ""


def _extra(text: str) -> str:
    """Click's `[default: x; required]` after an option's help, in the current language."""
    match = _EXTRA.search(text)
    if not match:
        return ""
    parts = []
    for part in match.group(1).split("; "):
        if part == "required":
            part = t("cli.click.required")
        elif part.startswith("default: "):
            part = f"{t('cli.click.default')}: {part.removeprefix('default: ')}"
        parts.append(part)
    return f"  [{'; '.join(parts)}]"


def _hint(error: click.MissingParameter | click.BadParameter) -> str:
    """The parameter an error is about, as the user typed it (`--lang`, `NAVN`)."""
    if error.param is None:
        return ""
    hint = error.param.get_error_hint(error.ctx) if error.ctx else str(error.param.name)
    return _placeholders(hint)


def usage_message(error: click.UsageError) -> str:
    """Click's usage error in the current language, where kravtui knows its kind; otherwise
    Click's own (English) message."""
    if isinstance(error, click.NoSuchOption):
        message = t("cli.click.no_such_option", name=error.option_name)
        if error.possibilities:
            message += t("cli.click.did_you_mean", names=", ".join(sorted(error.possibilities)))
        return message
    if isinstance(error, click.MissingParameter):
        return t("cli.click.missing", name=_hint(error))
    if isinstance(error, click.BadOptionUsage) and "requires an argument" in error.message:
        return t("cli.click.needs_value", name=error.option_name)
    if isinstance(error, click.BadParameter) and error.param is not None:
        choices = getattr(error.param.type, "choices", None)
        if choices:
            listed = ", ".join(map(str, choices))
            typed = _TYPED_CHOICE.match(error.message)  # Click's "'odt' is not one of ..."
            if typed:
                return t("cli.click.choose_not", name=_hint(error), choices=listed, value=typed[1])
            return t("cli.click.choose", name=_hint(error), choices=listed)
    return error.format_message()


class HelpCommand(click.Command):
    """A command whose help is written in the current language (see the module)."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_placeholders(piece) for piece in super().collect_usage_pieces(ctx)]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), f"{t('cli.click.usage')} ")

    def missing_messages(self, ctx: click.Context) -> list[str]:
        """The message keys this command's help lacks in the current language (it shows the
        source's English, or the placeholder word itself, there instead)."""
        wanted: list[tuple[str, ...]] = [(help_path(ctx),)]
        words = " ".join(super().collect_usage_pieces(ctx))
        for param, names, _text in self._option_records(ctx):
            wanted.append(_option_keys(ctx, param))
            words += f" {names}"
        wanted += [(_metavar_key(word),) for word in _PLACEHOLDER.findall(words)]
        missing = [keys[0] for keys in wanted if not any(_has(key) for key in keys)]
        return list(dict.fromkeys(missing))

    def _option_records(self, ctx: click.Context) -> list[tuple[click.Parameter, str, str]]:
        """Each option shown in the help, with Click's own (English) names and text."""
        records = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None and not isinstance(param, click.Argument):
                records.append((param, *record))
        return records

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(_first_message([help_path(ctx)], _own_text(self)))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param, names, text in self._option_records(ctx):
            help_text = _first_message(_option_keys(ctx, param), _own_text(param))
            rows.append((_placeholders(names), help_text + _extra(text)))
        if rows:
            with formatter.section(t("cli.click.options")):
                formatter.write_dl(rows)


class HelpGroup(HelpCommand, click.Group):
    """A group whose help, and its list of commands, are in the current language."""

    command_class = HelpCommand

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            ctx.fail(t("cli.click.no_such_command", name=name))
        return super().resolve_command(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = {name: self.get_command(ctx, name) for name in self.list_commands(ctx)}
        shown = {name: command for name, command in commands.items() if command is not None}
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name in shown)
        rows = [
            (name, short_help(_first_message([help_path(ctx, name)], _own_text(command)), limit))
            for name, command in shown.items()
        ]
        with formatter.section(t("cli.click.commands")):
            formatter.write_dl(rows)


HelpGroup.group_class = HelpGroup


def group(**attrs: Any) -> Callable[[Callable[..., Any]], HelpGroup]:
    """`click.group` making a `HelpGroup`."""
    return click.group(cls=HelpGroup, **attrs)


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], HelpCommand]:
    """`click.command` making a `HelpCommand`."""
    return click.command(name, cls=HelpCommand, **attrs)
