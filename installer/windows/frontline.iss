; 一线考核 — Windows installer (Inno Setup 6.4 or newer, which ships the Simplified Chinese
; messages as compiler:Languages\ChineseSimplified.isl).
;
; Built on a Windows x64 PC from the repository root, after the one-folder program:
;   .venv\Scripts\pyinstaller --noconfirm --distpath build\dist --workpath build\pyinstaller installer\frontline.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\frontline.iss
; The result is build\frontline-setup-0.1.0.exe (README: 在内网电脑上安装).
;
; The installer asks whether to install for the current user (no administrator rights,
; under %LOCALAPPDATA%\Programs) or for everyone on the PC (Program Files). Installing a
; newer version over an older one replaces the program only. Uninstalling removes the program,
; its shortcuts and the .lrmx association, never the databases: those live in each user's
; %LOCALAPPDATA%\frontline (or wherever the clerk saved them) and the program opens them again
; after a reinstall, backing an older one up before upgrading it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "一线考核"
#define AppExe "frontline.exe"
#define AppExeWindowed "frontlinew.exe"
#define Root "..\.."

[Setup]
; The identity Windows knows the installation by: never change it, or upgrades install twice.
AppId={{4CD33F6A-ADF8-485F-8D01-B9EA2C78A4F1}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=一线考核项目组
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\Frontline
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default (a clerk without administrator rights can install); the dialog offers
; "install for all users" to someone who has them.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
SetupIconFile={#Root}\resources\icons\frontline.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#Root}\build
OutputBaseFilename=frontline-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
chinesesimplified.SelfTest=一线考核自检
chinesesimplified.LrmxType=干部任免审批表
chinesesimplified.DataKept=一线考核已卸载。%n%n您的数据库和备份没有删除：它们仍在原来的位置（默认在 %1）。重新安装后可以继续使用。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "lrmx"; Description: "用一线考核打开任免审批表（.lrmx 文件）"; GroupDescription: "文件关联："

[Files]
; The whole one-folder build: the executables, _internal\ (Python, Qt, resources, migrations).
Source: "{#Root}\build\dist\frontline\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the program's own folder wholesale, so no file of the older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeWindowed}"; Parameters: "gui"; WorkingDir: "{userdocs}"
Name: "{autoprograms}\{cm:SelfTest}"; Filename: "{cmd}"; Parameters: "/k """"{app}\{#AppExe}"" self-test"""; WorkingDir: "{userdocs}"; IconFilename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeWindowed}"; Parameters: "gui"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; .lrmx → 一线考核 (HKA: the current user's classes for a per-user install, the machine's for
; an install for everyone). Removed with the program.
Root: HKA; Subkey: "Software\Classes\.lrmx"; ValueType: string; ValueName: ""; ValueData: "Frontline.lrmx"; Flags: uninsdeletevalue; Tasks: lrmx
Root: HKA; Subkey: "Software\Classes\.lrmx\OpenWithProgids"; ValueType: string; ValueName: "Frontline.lrmx"; ValueData: ""; Flags: uninsdeletevalue; Tasks: lrmx
Root: HKA; Subkey: "Software\Classes\Frontline.lrmx"; ValueType: string; ValueName: ""; ValueData: "{cm:LrmxType}"; Flags: uninsdeletekey; Tasks: lrmx
Root: HKA; Subkey: "Software\Classes\Frontline.lrmx\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: lrmx
Root: HKA; Subkey: "Software\Classes\Frontline.lrmx\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeWindowed}"" gui ""%1"""; Tasks: lrmx

[Run]
Filename: "{app}\{#AppExeWindowed}"; Parameters: "gui"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself wrote beside its files (Python's caches); never user data.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { Say where the databases are, so nobody thinks uninstalling lost them. }
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\frontline')]), mbInformation, MB_OK);
end;
