"""Allows `python -m kravtui`."""

from kravtui.cli import main

if __name__ == "__main__":
    main()
