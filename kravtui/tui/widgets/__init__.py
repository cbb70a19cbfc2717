"""The TUI's widgets, one module each; none holds a business rule."""
