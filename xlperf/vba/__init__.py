"""Build a ``vbaProject.bin`` from VBA source text (see :mod:`xlperf.vba.project`)."""
from xlperf.vba.project import Module, build_vba_project, read_module_sources, source_from_bas

__all__ = ["Module", "build_vba_project", "read_module_sources", "source_from_bas"]
