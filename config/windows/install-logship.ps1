<#
.SYNOPSIS
  Installs logship as a Windows service (WinSW 2.x) under the virtual account NT SERVICE\logship.

.DESCRIPTION
  Run in an elevated PowerShell from the folder that holds logship.jar, config\, routes\ and
  WinSW-x64.exe (https://github.com/winsw/winsw/releases, v2.x). It
    1. checks the JDK given by -Java (17 or later) and writes its path into the service definition;
    2. creates the folders logship writes (logs\, data\quarantine, data\ledger, data\archive) and
       gives the service account modify rights on them, read rights on the jar, config\ and routes\;
    3. puts the NAS password into config\nas-password.txt readable by the service account alone
       (inheritance removed; logship refuses a password file other accounts may read);
    4. installs the service, sets its account and makes SCM apply the restart actions to every
       failure (failureflag), then starts it unless -NoStart.
  The source folder (logship.source.dir, the ERP's log folder) must exist; the service account gets
  modify rights on it (logship deletes or archives what it shipped).

.EXAMPLE
  .\config\windows\install-logship.ps1 -Java "C:\Program Files\Eclipse Adoptium\jdk-17.0.15.6-hotspot\bin\java.exe" `
      -SourceDir "D:\ERP\TransactionLogs"
#>
param(
    [Parameter(Mandatory = $true)] [string] $Java,
    [Parameter(Mandatory = $true)] [string] $SourceDir,
    [string] $Base = (Get-Location).Path,
    [string] $Account = "NT SERVICE\logship",
    [switch] $NoStart
)
$ErrorActionPreference = "Stop"

# 1. an explicit JDK 17+
if (-not (Test-Path $Java -PathType Leaf)) { throw "logship: -Java $Java is not a file: give the full path of java.exe" }
# java prints its settings on stderr; Windows PowerShell 5.1 turns redirected stderr lines into errors under "Stop"
$ErrorActionPreference = "Continue"
$spec = & $Java -XshowSettings:properties -version 2>&1 | ForEach-Object { "$_" } | Select-String "java.specification.version = (\d+)"
$ErrorActionPreference = "Stop"
if (-not $spec -or [int]$spec.Matches[0].Groups[1].Value -lt 17) { throw "logship: $Java is not Java 17 or later" }
foreach ($f in "logship.jar", "WinSW-x64.exe", "config\application.properties", "config\windows\logship-service.xml") {
    if (-not (Test-Path (Join-Path $Base $f))) { throw "logship: $Base\$f is missing" }
}
if (-not (Test-Path $SourceDir -PathType Container)) { throw "logship: -SourceDir $SourceDir is not a folder" }
Copy-Item (Join-Path $Base "WinSW-x64.exe") (Join-Path $Base "logship-service.exe") -Force
$xml = Get-Content (Join-Path $Base "config\windows\logship-service.xml") -Raw -Encoding UTF8
$xml = $xml -replace '<executable>[^<]*</executable>', "<executable>$Java</executable>"
Set-Content (Join-Path $Base "logship-service.xml") $xml -Encoding UTF8

# 2. folders and rights (the virtual account exists once the service is installed: install first)
& (Join-Path $Base "logship-service.exe") install
if ($LASTEXITCODE -ne 0) { throw "logship: WinSW install failed ($LASTEXITCODE)" }
sc.exe config logship obj= "$Account" | Out-Null
# SCM's restart actions for every non-zero exit; a configuration error exits 0 and stays stopped
sc.exe failureflag logship 1 | Out-Null
foreach ($d in "logs", "data\quarantine", "data\ledger", "data\archive") {
    $p = Join-Path $Base $d
    New-Item -ItemType Directory -Force -Path $p | Out-Null
    icacls $p /grant:r "${Account}:(OI)(CI)M" | Out-Null
}
icacls $SourceDir /grant "${Account}:(OI)(CI)M" | Out-Null
foreach ($r in "logship.jar", "config", "routes") {
    icacls (Join-Path $Base $r) /grant:r "${Account}:(OI)(CI)RX" | Out-Null
}

# 3. the password file: the service account (and SYSTEM, Administrators) alone
$pwFile = Join-Path $Base "config\nas-password.txt"
if (-not (Test-Path $pwFile)) {
    $secure = Read-Host "NAS password for logship" -AsSecureString
    $plain = [Runtime.InteropServices.Marshal]::PtrToStringBSTR([Runtime.InteropServices.Marshal]::SecureStringToBSTR($secure))
    [IO.File]::WriteAllText($pwFile, $plain, (New-Object Text.UTF8Encoding $false))
}
icacls $pwFile /inheritance:r /grant:r "${Account}:R" "SYSTEM:F" "Administrators:F" | Out-Null
Write-Host "logship: set logship.nas.passwordFile = config/nas-password.txt in config\application.properties,"
Write-Host "         then run: & '$Java' -jar logship.jar validate --login ; & '$Java' -jar logship.jar seal"

if (-not $NoStart) {
    & (Join-Path $Base "logship-service.exe") start
    Write-Host "logship: started; check with: & '$Java' -jar logship.jar check"
}
