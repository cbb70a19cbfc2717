"""kravtui: an offline, keyboard-first requirement catalogue for the terminal."""

__version__ = "0.1.0"
