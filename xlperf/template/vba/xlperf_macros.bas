Attribute VB_Name = "xlperf_macros"
' xlperf macros: thin entry points into the Python package (see xlperf/excel.py).
' Keep this file ASCII: the VBA editor stores code in the machine's ANSI code page. Chinese text is written
' as \uXXXX escapes and decoded by U() at run time.
Option Explicit

' The sheet buttons (captioned in Chinese by the template builder) call these three macros.
' The check and clear-marks buttons run where the settings sheet says: when its row "check server address" holds a URL, on the
' bureau's check server (xlperf serve) through xlwings' RunServerPython (module Remote), with nothing installed
' on this PC; when it is empty, in a local Python through xlwings' RunPython, as before.
' RunServerPython is called late-bound (Application.Run): VBA compiles a module when something in it is first
' used, so Office 2007, which cannot compile WebHelpers (VBA7 declarations), still runs the RunPython path.

' Runs every check and marks the findings in this workbook (Python: xlperf.excel.run_checks, or the server's
' /xlwings/check, which answers the same writes as actions).
Public Sub RunChecks()
    ' "The check could not run: "
    RunWhereConfigured "/xlwings/check", "import xlperf.excel; xlperf.excel.run_checks()", _
        U("\u6821\u9a8c\u672a\u80fd\u8fd0\u884c\uff1a")
End Sub

' Removes the marks of the last check (Python: xlperf.excel.clear_marks, or the server's /xlwings/clear).
' Never touches the user's content.
Public Sub ClearMarks()
    ' "Clearing the marks could not run: "
    RunWhereConfigured "/xlwings/clear", "import xlperf.excel; xlperf.excel.clear_marks()", _
        U("\u6e05\u9664\u6807\u8bb0\u672a\u80fd\u8fd0\u884c\uff1a")
End Sub

' Runs one button's work on the check server when the settings name one (endpoint appended to its address),
' else in the local Python (pythonCode); on failure tells the user failedText + the error + where to look.
Private Sub RunWhereConfigured(ByVal endpoint As String, ByVal pythonCode As String, ByVal failedText As String)
    Dim url As String
    On Error GoTo failed
    url = ServerUrl()
    If url = "-" Then Exit Sub
    If Len(url) > 0 Then
        CallServer url & endpoint
    Else
        RunPython pythonCode
    End If
    Exit Sub
failed:
    MsgBox failedText & Err.Description & vbCrLf & vbCrLf & SetupHint(url), vbExclamation, "xlperf"
End Sub

' Posts this workbook to the check server (xlwings' RunServerPython, late-bound: see above). The token of the
' settings row "check token", when there is one, goes in the Authorization header as "Bearer <token>"
' (RunServerPython's auth argument; xlperf serve --token-file expects exactly that).
Private Sub CallServer(ByVal endpoint As String)
    Dim token As String, auth As String
    token = SettingValue(U("\u6821\u9a8c\u4ee4\u724c")) ' layout.SERVER_TOKEN_KEY
    If Len(token) > 0 Then auth = "Bearer " & token
    Application.Run "RunServerPython", endpoint, auth
End Sub

' The settings row "check server address" without a trailing "/": "" when empty (or no such row), "-" after
' telling the user that it is not an http(s) address.
Private Function ServerUrl() As String
    Dim url As String
    url = SettingValue(U("\u6821\u9a8c\u670d\u52a1\u5668\u5730\u5740")) ' layout.SERVER_URL_KEY
    If Len(url) = 0 Then Exit Function
    If LCase$(Left$(url, 7)) <> "http://" And LCase$(Left$(url, 8)) <> "https://" Then
        ' "The check server address in the settings sheet is not a web address starting with http:// or https://: "
        MsgBox U("\u201c\u8bbe\u7f6e\u201d\u8868\u4e2d\u7684\u6821\u9a8c\u670d\u52a1\u5668\u5730\u5740" & _
            "\u4e0d\u662f\u4ee5 http:// \u6216 https:// \u5f00\u5934\u7684\u7f51\u5740\uff1a") & url, _
            vbExclamation, "xlperf"
        ServerUrl = "-"
        Exit Function
    End If
    Do While Right$(url, 1) = "/"
        url = Left$(url, Len(url) - 1)
    Loop
    ServerUrl = url
End Function

' The value (column B, trimmed) of the settings sheet's row whose key (column A) is key; "" when there is none.
Private Function SettingValue(ByVal key As String) As String
    Dim ws As Worksheet, r As Long, last As Long
    On Error GoTo done
    Set ws = ThisWorkbook.Worksheets(U("\u8bbe\u7f6e")) ' layout.SETTINGS_SHEET
    last = ws.UsedRange.Row + ws.UsedRange.Rows.Count - 1
    For r = 1 To last
        If Trim$(CStr(ws.Cells(r, 1).Value)) = key Then
            SettingValue = Trim$(CStr(ws.Cells(r, 2).Value))
            Exit Function
        End If
    Next r
done:
End Function

' Copies the last project sheet (the one with the highest N in its name) to a new sheet after it, named with
' N + 1, and empties its input cells (the unlocked ones without a formula). Needs no Python.
Public Sub AddProject()
    Dim ws As Worksheet, last As Worksheet, prefix As String, suffix As String, best As Long
    On Error GoTo failed
    prefix = U("\u9879\u76ee") ' the project sheet prefix, layout.PROJECT_SHEET_PREFIX
    best = -1
    For Each ws In ThisWorkbook.Worksheets
        If Left$(ws.Name, Len(prefix)) = prefix Then
            suffix = Mid$(ws.Name, Len(prefix) + 1)
            If Len(suffix) > 0 And suffix Like String(Len(suffix), "#") Then
                If CLng(suffix) > best Then
                    best = CLng(suffix)
                    Set last = ws
                End If
            End If
        End If
    Next ws
    If last Is Nothing Then
        ' "No project sheet found (such as 'project 1')."
        MsgBox U("\u627e\u4e0d\u5230\u9879\u76ee\u5de5\u4f5c\u8868\uff08\u5982\u201c\u9879\u76ee1\u201d\uff09\u3002"), _
            vbExclamation, "xlperf"
        Exit Sub
    End If
    last.Copy After:=last
    Set ws = ThisWorkbook.Sheets(last.Index + 1)
    ws.Name = prefix & CStr(best + 1)
    ws.Unprotect "" ' the template protects without a password
    ClearInputs ws
    ws.Cells(1, 1).Value = U("\u9879\u76ee\u7ee9\u6548\u76ee\u6807\u8868") ' the title, layout.PROJECT_TITLE
    ProtectLikeTemplate ws
    ws.Activate
    Exit Sub
failed:
    ' "Adding a project could not run: "
    MsgBox U("\u65b0\u589e\u9879\u76ee\u672a\u80fd\u8fd0\u884c\uff1a") & Err.Description, vbExclamation, "xlperf"
End Sub

Private Sub ClearInputs(ws As Worksheet)
    Dim c As Range
    For Each c In ws.UsedRange.Cells
        ' Locked first, HasFormula only for input cells: VBA's And evaluates both sides, and LibreOffice's
        ' HasFormula has no value on the first cell of an array formula (the locked XP_PROGRESS block).
        If Not c.Locked Then
            If Not c.HasFormula Then
                If c.MergeCells Then
                    If c.Address = c.MergeArea.Cells(1, 1).Address Then c.MergeArea.ClearContents
                ElseIf Not IsEmpty(c.Value) Then
                    c.ClearContents
                End If
            End If
        End If
    Next c
End Sub

' Protects a sheet as the template does (builder.PROTECT_OPTIONS). LibreOffice's VBA layer rejects the
' Allow... arguments (error 448): there the sheet is protected without them rather than left open.
Private Sub ProtectLikeTemplate(ws As Worksheet)
    On Error Resume Next
    ws.Protect Password:="", AllowFormattingCells:=True, AllowFormattingColumns:=True, _
        AllowFormattingRows:=True, AllowInsertingRows:=True, AllowDeletingRows:=True, AllowSorting:=True, _
        AllowFiltering:=True
    If Err.Number <> 0 Then
        Err.Clear
        ws.Protect Password:=""
    End If
    On Error GoTo 0
End Sub

Private Function SetupHint(ByVal url As String) As String
    If Len(url) > 0 Then
        ' "Please check that the check server address in the settings sheet is right and that this PC can reach
        ' it (open the address in a browser); or check the workbook on the bureau's upload page."
        SetupHint = U("\u8bf7\u68c0\u67e5\u201c\u8bbe\u7f6e\u201d\u8868\u4e2d\u7684\u6821\u9a8c\u670d" & _
            "\u52a1\u5668\u5730\u5740\u662f\u5426\u6b63\u786e\u3001\u672c\u673a\u80fd\u5426\u8bbf\u95ee" & _
            "\u8be5\u5730\u5740\uff08\u53ef\u5728\u6d4f\u89c8\u5668\u4e2d\u6253\u5f00\uff09\uff1b\u4e5f" & _
            "\u53ef\u5728\u8d22\u653f\u5c40\u7684\u4e0a\u4f20\u9875\u9762\u6821\u9a8c\u3002") & vbCrLf & url
        Exit Function
    End If
    ' "Please check as in the README 'Windows one-time setup': Python and xlperf installed; Interpreter_Win in
    ' the xlwings.conf sheet points to that Python; xlwings version 0.37.8."
    SetupHint = U("\u8bf7\u6309 README\u201cWindows \u4e00\u6b21\u6027\u8bbe\u7f6e\u201d\u68c0\u67e5\uff1a" & _
        "\u5df2\u5b89\u88c5 Python \u4e0e xlperf\uff1b\u201cxlwings.conf\u201d\u8868\u4e2d\u7684 Interpreter_Win " & _
        "\u6307\u5411\u8be5 Python\uff1bxlwings \u7248\u672c\u4e3a 0.37.8\u3002")
End Function

' Decodes \uXXXX escapes (four hex digits) into characters; other text is kept as it is.
Public Function U(ByVal s As String) As String
    Dim i As Long, out As String
    i = 1
    Do While i <= Len(s)
        If Mid$(s, i, 2) = "\u" And i + 5 <= Len(s) Then
            out = out & ChrW(CLng("&H" & Mid$(s, i + 2, 4)))
            i = i + 6
        Else
            out = out & Mid$(s, i, 1)
            i = i + 1
        End If
    Loop
    U = out
End Function

' Returns a fixed string so that a headless client can prove this module was parsed and loaded.
Public Function XlperfProbe() As String
    XlperfProbe = "xlperf-vba-ok"
End Function
