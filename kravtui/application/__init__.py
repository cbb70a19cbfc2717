"""The use cases both faces share: the CLI (`kravtui.cli`) and the TUI (`kravtui.tui`) collect
input, call one function here or in the domain packages below, and show the result.

Nothing here imports Textual or Click (import-linter checks it). What lives here is what joins
the domain packages for a face: an open catalogue with its worker connection and caches
(`catalogue_session`), the current selection (`current_selection`), every export format in one
table (`export`), and the classification administration rules (`classifications`).
"""
