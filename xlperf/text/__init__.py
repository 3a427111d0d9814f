"""Pure text and number functions: normalisation, values, money, progress, claims in prose."""
from . import regex_store

# Before any module compiles a pattern: the patterns compiled at installation, put into re's cache
# (regex_store explains why; a missing or foreign store changes nothing but the time).
regex_store.seed()
