"""The form: model, layout, taxonomy, findings, marks and errors. Imports nothing above it."""
