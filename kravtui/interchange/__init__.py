"""Moving data in and out: the TOML format, the DOCX document, semantic diffs."""
