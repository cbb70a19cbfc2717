"""The Textual terminal UI; the only package that imports Textual.

`kravtui.tui.app.run` is the entry point; `create_app` builds the same app for tests.
"""
