"""Build a ``vbaProject.bin`` from VBA source text (see :mod:`xlperf.template.vba.project`)."""
from .project import Module, build_vba_project, read_module_sources, source_from_bas

__all__ = ["Module", "build_vba_project", "read_module_sources", "source_from_bas"]
