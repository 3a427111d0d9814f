Attribute VB_Name = "xlperf_macros"
' xlperf macros: thin entry points into the Python package (see xlperf/excel.py).
' Keep this file ASCII: the VBA editor stores code in the machine's ANSI code page.
Option Explicit

' Returns a fixed string so that a headless client can prove this module was parsed and loaded.
Public Function XlperfProbe() As String
    XlperfProbe = "xlperf-vba-ok"
End Function
