"""The form: model, layout, taxonomy, findings, marks and errors. Imports nothing above it."""
from .. import text  # noqa: F401 — the regex store is seeded before any module here compiles a pattern
