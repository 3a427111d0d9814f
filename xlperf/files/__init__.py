"""Files: the safety gate, the readers, annotate, the interchange format, safe output."""
