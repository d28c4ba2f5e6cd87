; Inno Setup 6 script for Songda 送达 on Windows 10/11 x64. Needs Inno Setup 6.3 or later
; (x64compatible, UTF-8 scripts); this file is UTF-8 with a BOM so older 6.x read it too.
; Not buildable on Linux. On Windows, from the repository root:
;   py -3.11 -m venv build\package-venv
;   build\package-venv\Scripts\pip install .[package]
;   build\package-venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\songda.spec
;   dist\songda\songda-cli.exe --db %TEMP%\smoke.db gui --smoke      (must exit 0)
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\songda.iss
; Output: dist\songda-setup-<version>.exe. Paths below are relative to this file.
; The installer installs the PyInstaller one-folder app (dist\songda\) into Program Files,
; adds Start-menu shortcuts (app, command prompt help, uninstall) and an optional desktop
; icon, and registers an uninstaller. The operator's database and backups live in
; %LOCALAPPDATA%\Songda\Songda (platformdirs) and are NOT removed on uninstall.

#define AppName "Songda 送达"
#define AppVersion "0.1.0"
#define AppPublisher "Songda"
#define AppExe "songda.exe"
#define Dist "..\..\dist\songda"

[Setup]
; AppId identifies the app for upgrades and uninstall: never change it between versions.
AppId={{6B0E2D4C-5B1F-4E0A-9C7D-2F3A8E1B5D90}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\Songda
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=songda-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\songda.ico
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; 64-bit Python/Qt build: install into "Program Files", not "Program Files (x86)".
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Program Files needs administrator rights; an operator without them can choose
; "install for me only" in the dialog (then {autopf} is %LOCALAPPDATA%\Programs).
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
MinVersion=10.0
CloseApplications=yes

[Languages]
; Chinese first so a Chinese Windows picks it; Inno Setup ships ChineseSimplified.isl only in
; recent releases (older ones: copy it from the official translations page into Languages\).
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder app: songda.exe (windowed), songda-cli.exe (console) and _internal\
; (Python, Qt, fonts, gazetteer, templates, translations, demo data).
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName} 演示数据 (demo)"; Filename: "{app}\{#AppExe}"; Parameters: "gui --demo"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; files the app may create next to itself (none expected; user data stays in %LOCALAPPDATA%)
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
