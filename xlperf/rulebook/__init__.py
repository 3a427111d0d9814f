"""The rule machinery: registry, engine, settings and the catalogue's documentation."""
