"""The catalogue: tables, connection and migrations, search, history and classifications.

Nothing in this package imports Textual; the hot read paths (search, export) use plain sqlite3
so that they do not pay for importing SQLModel.
"""
