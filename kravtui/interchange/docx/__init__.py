"""The DOCX requirement specification: the document a vendor receives.

`export.export_selection_docx` is the one service the CLI and the TUI call. Importing this package
is cheap: nothing here imports python-docx, and lxml is imported only while exporting.
"""
