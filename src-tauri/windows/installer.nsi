; Daicho's Windows installer: a per-user install without administrator
; rights, Japanese pages, silent with /S. Built offline by `bash .ci/package`:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSRCDIR=<exes> -DOUTFILE=<setup.exe> installer.nsi
; SRCDIR holds daicho-app.exe (the window), daicho.exe (the CLI),
; WebView2Loader.dll, icon.ico and OFL.txt (the embedded font's licence).
;
; The database, its backups and the settings live in %LOCALAPPDATA%\Daicho
; (and the window's state in the WebView2/app folders Tauri uses), never in
; the program folder: an upgrade or an uninstall leaves them alone.
;
; Command line: /S silent, /D=<folder> install folder (last, unquoted),
; /DESKTOP also make a desktop shortcut when silent.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
; One solid LZMA stream with a dictionary larger than an exe: the fonts
; embedded in both exes are stored once.
SetCompressor /SOLID lzma
SetCompressorDictSize 64

!macro REQUIRE NAME
  !ifndef ${NAME}
    !error "usage: makensis -DVERSION=x.y.z -DSRCDIR=<folder> -DOUTFILE=<file> installer.nsi"
  !endif
!macroend
!insertmacro REQUIRE VERSION
!insertmacro REQUIRE SRCDIR
!insertmacro REQUIRE OUTFILE

!define PRODUCT "Daicho"
!define DISPLAY_NAME "運用台帳 Daicho"
!define PUBLISHER "Daicho 運用保守チーム"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Daicho"
; The window's single-instance mutex (tauri-plugin-single-instance: <identifier>-sim).
!define RUNNING_MUTEX "jp.daicho.app-sim"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

Name "${DISPLAY_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Daicho"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${DISPLAY_NAME} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

!define MUI_ICON "${SRCDIR}\icon.ico"
!define MUI_UNICON "${SRCDIR}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!define MUI_WELCOMEPAGE_TEXT "${DISPLAY_NAME} ${VERSION} をこのコンピューターのあなたのユーザーにインストールします。管理者権限は不要です。$\r$\n$\r$\n台帳のデータベース・バックアップ・設定は %LOCALAPPDATA%\Daicho に保存され、上書きインストールやアンインストールでは削除されません。$\r$\n$\r$\n続けるには [次へ] をクリックしてください。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\daicho-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "${DISPLAY_NAME} を起動する"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "${DISPLAY_NAME} のプログラムを削除します。台帳のデータベース・バックアップ・設定 (%LOCALAPPDATA%\Daicho) は残ります。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Japanese"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_JAPANESE} "ProductName" "${DISPLAY_NAME}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "FileDescription" "${DISPLAY_NAME} セットアップ"
VIAddVersionKey /LANG=${LANG_JAPANESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "LegalCopyright" "MIT License"

; Files in use cannot be replaced or removed: ask to close the window first.
; Silent runs quit with exit code 2.
!macro REFUSE_WHILE_RUNNING
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${RUNNING_MUTEX}") p .r0'
  ${If} $0 P<> 0
    System::Call 'kernel32::CloseHandle(p r0)'
    MessageBox MB_OK|MB_ICONEXCLAMATION "${DISPLAY_NAME} が起動中です。ウィンドウを閉じてから、もう一度実行してください。" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
!macroend

Function .onInit
  !insertmacro REFUSE_WHILE_RUNNING
FunctionEnd

Function un.onInit
  !insertmacro REFUSE_WHILE_RUNNING
FunctionEnd

Section "${DISPLAY_NAME} (必須)" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Overwritten on an upgrade; nothing of the user's lives here.
  File "${SRCDIR}\daicho-app.exe"
  File "${SRCDIR}\daicho.exe"
  File "${SRCDIR}\WebView2Loader.dll"
  File "${SRCDIR}\icon.ico"
  SetOutPath "$INSTDIR\licenses"
  File /oname=NotoSansJP-OFL.txt "${SRCDIR}\OFL.txt"
  SetOutPath "$INSTDIR"

  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${DISPLAY_NAME}.lnk" "$INSTDIR\daicho-app.exe" "" "$INSTDIR\icon.ico" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${DISPLAY_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section /o "デスクトップにショートカットを作る" SecDesktop
  CreateShortcut "$DESKTOP\${DISPLAY_NAME}.lnk" "$INSTDIR\daicho-app.exe" "" "$INSTDIR\icon.ico" 0
SectionEnd

; /DESKTOP on the command line also makes the desktop shortcut (for /S).
Section "-desktop from the command line"
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DESKTOP" $1
  ${IfNot} ${Errors}
  ${AndIfNot} ${SectionIsSelected} ${SecDesktop}
    CreateShortcut "$DESKTOP\${DISPLAY_NAME}.lnk" "$INSTDIR\daicho-app.exe" "" "$INSTDIR\icon.ico" 0
  ${EndIf}
SectionEnd

; Removes the program only: %LOCALAPPDATA%\Daicho (database, backups,
; settings) is not touched.
Section "Uninstall"
  Delete "$INSTDIR\daicho-app.exe"
  Delete "$INSTDIR\daicho.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\licenses\NotoSansJP-OFL.txt"
  RMDir "$INSTDIR\licenses"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${DISPLAY_NAME}.lnk"
  Delete "$DESKTOP\${DISPLAY_NAME}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
