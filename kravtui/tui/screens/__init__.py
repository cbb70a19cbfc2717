"""The TUI's screens: main (browse and filter), detail (modal) and help."""
