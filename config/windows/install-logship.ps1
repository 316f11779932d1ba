#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
  Installs logship as a Windows service (WinSW v2.12.0) under the virtual account NT SERVICE\logship,
  installs it again over an earlier installation, or with -Uninstall removes the service.

.DESCRIPTION
  Run in an elevated Windows PowerShell 5.1 (or PowerShell 7) from the folder that holds logship.jar,
  config\, routes\ and WinSW-x64.exe (WinSW v2.12.0; unblock a downloaded zip with Unblock-File before
  extracting it). The script stops at the first failure, a native command's included, and can be run
  again: it stops and removes the service it finds, then installs it anew. It
    1. checks the JDK given by -Java (25, or 17 without the AOT cache), the files, and WinSW-x64.exe's SHA-256;
    2. stops and removes an earlier logship service (its files are locked while it runs);
    3. locks the installation folder down: no inherited entries (C:\ lets every user add files), SYSTEM
       and Administrators full control, Users read, so that no one else can add route, configuration or
       DLL files the service would load; logs\ and data\ (quarantined and archived transaction logs, the
       ledger) for SYSTEM, Administrators and the service account alone;
    4. writes logship-service.exe and logship-service.xml with the JDK it checked and the account (for a JDK
       before 25 without the options only Java 25 knows, those of the AOT cache);
    5. the NAS password file (-PasswordFile): created empty, readable by SYSTEM, Administrators and the
       service account alone, then written (UTF-8 without a byte-order mark); an existing one keeps its
       content and gets that ACL. The password comes from -NasPassword, or is asked for;
    6. installs the service and makes SCM apply the restart actions to every failure (failureflag);
    7. gives the service account modify rights on the source folder (logship deletes or archives what
       it shipped), then starts the service unless -NoStart.
  Every grant names its account by SID: S-1-5-18 SYSTEM, S-1-5-32-544 Administrators, S-1-5-32-545
  Users, and the service account's (sc.exe showsid logship), because Windows names these accounts in its
  own language (VORDEFINIERT\Administratoren on a German server).
  Before the first start, and after each upgrade of logship or Java, make the AOT cache logship.aot that the
  definition starts Java 25 with: java.exe -jar logship.jar aot-cache (the script prints the line).
  -Uninstall stops and removes the service and the service account's entry on the source folder, and
  leaves every file in place (docs/operations.md, Uninstall, says what to keep).

.EXAMPLE
  .\config\windows\install-logship.ps1 -Java "C:\Program Files\Eclipse Adoptium\jdk-25.0.3.9-hotspot\bin\java.exe" `
      -SourceDir "D:\ERP\TransactionLogs"
.EXAMPLE
  # unattended: the password from the deployment tool's secret store, no prompt
  .\config\windows\install-logship.ps1 -Java $java -SourceDir D:\ERP\TransLogs -NasPassword $securePassword -NoStart
.EXAMPLE
  .\config\windows\install-logship.ps1 -Uninstall -SourceDir D:\ERP\TransLogs
#>
[CmdletBinding(DefaultParameterSetName = "Install")]
param(
    [Parameter(Mandatory = $true, ParameterSetName = "Install")] [string] $Java,
    [Parameter(Mandatory = $true)] [string] $SourceDir,
    [string] $Base = (Get-Location).Path,
    # the service's account: the virtual account, or a group managed service account (CORP\svc-logship$)
    [string] $Account = "NT SERVICE\logship",
    # as logship.nas.passwordFile names it, relative to the installation folder or absolute
    [Parameter(ParameterSetName = "Install")] [string] $PasswordFile = "config\nas-password.txt",
    [Parameter(ParameterSetName = "Install")] [SecureString] $NasPassword,
    [Parameter(ParameterSetName = "Install")] [switch] $NoStart,
    [Parameter(Mandatory = $true, ParameterSetName = "Uninstall")] [switch] $Uninstall
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version 2

# The wrapper this script and config\windows\logship-service.xml are for: 2.10 and later send Ctrl+C to java
# itself first (2.9 and older stop its console host first, so java gets none). The hash is the published
# one of the release's WinSW-x64.exe (docs/operations.md says how it was obtained and how to check it).
$WinswVersion = "2.12.0"
$WinswSha256 = "05b82d46ad331cc16bdc00de5c6332c1ef818df8ceefcd49c726553209b3a0da"
$ServiceId = "logship"
$System = "S-1-5-18"
$Administrators = "S-1-5-32-544"
$Users = "S-1-5-32-545"
# JVM options of logship-service.xml that only Java 25 and later know (a JDK 17 refuses to start with them):
# the AOT cache and its log lines
$Java25Options = @("-XX:AOTCache=", "-Xlog:aot")

# Runs a native command and throws when it fails: Windows PowerShell 5.1's $ErrorActionPreference does not
# cover native commands, so their exit codes are checked here, and their output is kept for the message.
function Invoke-Native([string] $Exe, [string[]] $Arguments) {
    if (-not (Get-Command $Exe -ErrorAction SilentlyContinue)) { throw "logship: $Exe is not a command here" }
    # java prints its settings on stderr; under "Stop" Windows PowerShell 5.1 turns redirected stderr lines into errors
    $ErrorActionPreference = "Continue"
    $output = & $Exe @Arguments 2>&1 | ForEach-Object { "$_" }
    if ($LASTEXITCODE -ne 0) {
        throw "logship: $Exe $($Arguments -join ' ') failed with exit code ${LASTEXITCODE}: $($output -join ' ')"
    }
    $output
}

# The SID of an account: a virtual account's from sc.exe (it follows from the service name), another's from Windows.
function Get-AccountSid([string] $Name) {
    if ($Name -match '^NT SERVICE\\(.+)$') {
        $sid = (Invoke-Native sc.exe @("showsid", $Matches[1])) -join " " | Select-String -Pattern 'S-1-5-80(-\d+){5}'
        if (-not $sid) { throw "logship: sc.exe showsid printed no service SID for $Name" }
        return $sid.Matches[0].Value
    }
    return (New-Object Security.Principal.NTAccount($Name)).Translate([Security.Principal.SecurityIdentifier]).Value
}

# Stops and removes the installed service; returns once SCM has deleted it.
function Remove-LogshipService {
    $service = Get-Service -Name $ServiceId -ErrorAction SilentlyContinue
    if (-not $service) { return }
    if ($service.Status -ne "Stopped") {
        # WinSW sends Ctrl+C and waits <stoptimeout> (15 s) before it kills java
        Stop-Service -Name $ServiceId
    }
    Invoke-Native sc.exe @("delete", $ServiceId) | Out-Null
    $deadline = (Get-Date).AddSeconds(30)
    while (Get-Service -Name $ServiceId -ErrorAction SilentlyContinue) {
        if ((Get-Date) -gt $deadline) {
            throw "logship: the service $ServiceId is marked for deletion but still there: close the Services console and Event Viewer, then run this script again"
        }
        Start-Sleep -Seconds 1
    }
}

$Base = (Resolve-Path -LiteralPath $Base).Path
$Winsw = Join-Path $Base "logship-service.exe"
if ($Account -notmatch '^[^\\]+\\[^\\]+$') { throw "logship: -Account $Account is not DOMAIN\name (e.g. NT SERVICE\logship)" }
$AccountSid = Get-AccountSid $Account

if ($Uninstall) {
    Remove-LogshipService
    if (Test-Path -LiteralPath $SourceDir -PathType Container) {
        # by SID: it resolves after the service is gone too
        Invoke-Native icacls @($SourceDir, "/remove", "*$AccountSid") | Out-Null
    }
    Write-Host "logship: service removed. Still in ${Base}: data\ (quarantine, ledger, archive), logs\, config\ (with the NAS password file), routes\; see docs/operations.md, Uninstall"
    exit 0
}

# 1. an explicit JDK 17+, the files, the wrapper this definition is for
if (-not (Test-Path -LiteralPath $Java -PathType Leaf)) { throw "logship: -Java $Java is not a file: give the full path of java.exe" }
$spec = Invoke-Native $Java @("-XshowSettings:properties", "-version") | Select-String "java.specification.version = (\d+)"
if (-not $spec -or [int]$spec.Matches[0].Groups[1].Value -lt 17) { throw "logship: $Java is not Java 17 or later" }
$JavaFeature = [int]$spec.Matches[0].Groups[1].Value
foreach ($f in "logship.jar", "WinSW-x64.exe", "config\application.properties", "config\windows\logship-service.xml", "routes") {
    if (-not (Test-Path -LiteralPath (Join-Path $Base $f))) { throw "logship: $Base\$f is missing" }
}
if (-not (Test-Path -LiteralPath $SourceDir -PathType Container)) { throw "logship: -SourceDir $SourceDir is not a folder" }
$hash = (Get-FileHash -LiteralPath (Join-Path $Base "WinSW-x64.exe") -Algorithm SHA256).Hash
if ($hash -ne $WinswSha256) {
    throw "logship: $Base\WinSW-x64.exe has SHA-256 $hash, not that of WinSW v$WinswVersion ($WinswSha256): download https://github.com/winsw/winsw/releases/download/v$WinswVersion/WinSW-x64.exe"
}

# 2. an earlier installation: stopped and removed, so that its files can be replaced
Remove-LogshipService

# 3. the installation folder: SYSTEM and Administrators may change it, Users and the service only read it
Invoke-Native icacls @($Base, "/inheritance:r", "/grant:r", "*${System}:(OI)(CI)F", "*${Administrators}:(OI)(CI)F",
    "*${Users}:(OI)(CI)RX", "*${AccountSid}:(OI)(CI)RX") | Out-Null
foreach ($d in "logs", "data") {
    $p = Join-Path $Base $d
    New-Item -ItemType Directory -Force -Path $p | Out-Null
    Invoke-Native icacls @($p, "/inheritance:r", "/grant:r", "*${System}:(OI)(CI)F", "*${Administrators}:(OI)(CI)F",
        "*${AccountSid}:(OI)(CI)M") | Out-Null
}
foreach ($d in "data\quarantine", "data\ledger", "data\archive") {
    New-Item -ItemType Directory -Force -Path (Join-Path $Base $d) | Out-Null
}

# 4. the wrapper and its definition: the JDK checked above (the XML DOM escapes it), the account
Copy-Item -LiteralPath (Join-Path $Base "WinSW-x64.exe") -Destination $Winsw -Force
$definition = New-Object Xml.XmlDocument
$definition.PreserveWhitespace = $true
$definition.Load((Join-Path $Base "config\windows\logship-service.xml"))
$definition.SelectSingleNode("/service/executable").InnerText = $Java
if ($JavaFeature -lt 25) {
    # JDK 17: the service as before, without an AOT cache
    $arguments = $definition.SelectSingleNode("/service/arguments")
    $kept = $arguments.InnerText.Split(" ") | Where-Object { $option = $_; -not ($Java25Options | Where-Object { $option.StartsWith($_) }) }
    $arguments.InnerText = $kept -join " "
}
$definition.SelectSingleNode("/service/serviceaccount/domain").InnerText = $Account.Split("\")[0]
$definition.SelectSingleNode("/service/serviceaccount/user").InnerText = $Account.Split("\")[1]
if ($Account -notmatch '^NT SERVICE\\') {
    # a group managed service account needs the right to log on as a service, which a virtual account has
    $logon = $definition.CreateElement("allowservicelogon")
    $logon.InnerText = "true"
    [void] $definition.SelectSingleNode("/service/serviceaccount").AppendChild($logon)
}
$definition.Save((Join-Path $Base "logship-service.xml"))

# 5. the NAS password file: created empty, its ACL set, then written, so that no one else can read it in between
$pwFile = if ([IO.Path]::IsPathRooted($PasswordFile)) { $PasswordFile } else { Join-Path $Base $PasswordFile }
$newPassword = -not (Test-Path -LiteralPath $pwFile)
if ($newPassword) {
    if (-not $NasPassword) {
        if (-not [Environment]::UserInteractive) { throw "logship: $pwFile does not exist: give -NasPassword, or create it first" }
        $NasPassword = Read-Host "NAS password for logship" -AsSecureString
    }
    New-Item -ItemType File -Path $pwFile | Out-Null
}
Invoke-Native icacls @($pwFile, "/inheritance:r", "/grant:r", "*${System}:F", "*${Administrators}:F", "*${AccountSid}:R") | Out-Null
if ($newPassword) {
    # UTF-8 without a byte-order mark, as logship reads it; the file keeps the ACL set above
    [IO.File]::WriteAllText($pwFile, [Net.NetworkCredential]::new("", $NasPassword).Password)
}

# 6. the service; SCM's restart actions for every non-zero exit (a configuration error exits 0 and stays stopped)
Invoke-Native $Winsw @("install") | Out-Null
Invoke-Native sc.exe @("failureflag", $ServiceId, "1") | Out-Null

# 7. the source folder, then start
Invoke-Native icacls @($SourceDir, "/grant", "*${AccountSid}:(OI)(CI)M") | Out-Null
$relative = if ($pwFile.StartsWith("$Base\")) { $pwFile.Substring($Base.Length + 1).Replace("\", "/") } else { $pwFile.Replace("\", "/") }
Write-Host "logship: installed as $Account ($AccountSid). In config\application.properties set"
Write-Host "         logship.nas.passwordFile = $relative and logship.service.account = $($Account.Replace('\', '\\')), then run:"
Write-Host "         & '$Java' -jar logship.jar validate --login ; & '$Java' -jar logship.jar seal"
if ($JavaFeature -ge 25) {
    Write-Host "         & '$Java' -jar logship.jar aot-cache    (the AOT cache; again after each upgrade of logship or Java)"
}
if (-not $NoStart) {
    Invoke-Native $Winsw @("start") | Out-Null
    Write-Host "logship: started; check with: & '$Java' -jar logship.jar check"
}
