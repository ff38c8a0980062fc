package dev.onyx.deploy.archive;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The scripts of a bundle: {@code load} (check every file against {@code SHA256SUMS}, then
 * {@code docker load}) and {@code deploy} (load, make {@code .env} and generated secrets when
 * missing, then {@code docker compose up -d --wait}), for POSIX sh (LF line endings) and for
 * Windows PowerShell 5.1 / PowerShell 7 (CRLF line endings, ASCII only, so that 5.1 reads them
 * without a byte order mark).
 */
final class Scripts {
  private Scripts() {
  }

  static byte[] lf(String text) {
    return text.replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  static String loadSh(String stack) {
    return """
        #!/bin/sh
        # Loads the images of the onyx-deploy bundle '%1$s' into the local Docker engine,
        # after checking every file of the bundle against SHA256SUMS.
        # Usage: sh scripts/load.sh
        set -eu
        ROOT=$(cd "$(dirname "$0")/.." && pwd)
        cd "$ROOT"

        fail() { echo "error: $*" >&2; exit 1; }

        command -v docker >/dev/null 2>&1 \\
          || fail "the 'docker' command is not installed. Install Docker Engine 20.10 or newer (or Docker Desktop) and retry."
        docker info >/dev/null 2>&1 \\
          || fail "Docker is not running (or you may not use it): 'docker info' failed. Start Docker (Docker Desktop, or 'sudo systemctl start docker'), check that 'docker info' works, and retry."

        echo "Checking the bundle's files against SHA256SUMS ..."
        if command -v sha256sum >/dev/null 2>&1; then
          out=$(sha256sum -c SHA256SUMS 2>&1) || {
            printf '%%s\\n' "$out" | grep -v ': OK$' >&2
            fail "some files of the bundle are damaged or missing (see above). Get a fresh copy of the bundle."
          }
        elif command -v shasum >/dev/null 2>&1; then
          out=$(shasum -a 256 -c SHA256SUMS 2>&1) || {
            printf '%%s\\n' "$out" | grep -v ': OK$' >&2
            fail "some files of the bundle are damaged or missing (see above). Get a fresh copy of the bundle."
          }
        else
          echo "warning: neither sha256sum nor shasum is installed: the files were NOT checked" >&2
        fi

        echo "Loading the images (this can take a few minutes) ..."
        docker load -i images/images.tar || fail "'docker load' failed (is there enough disk space for the images?)"
        echo "Images of '%1$s' loaded."
        """.formatted(stack);
  }

  static String deploySh(String stack, List<BundleManifest.SecretEntry> secrets) {
    StringBuilder gen = new StringBuilder();
    for (BundleManifest.SecretEntry s : secrets) {
      gen.append(shSecret(s));
    }
    return """
        #!/bin/sh
        # Deploys the onyx-deploy bundle '%1$s' on this machine: loads its images (scripts/load.sh),
        # creates compose/.env and the generated secrets when they are missing (existing values are
        # kept), then starts the stack with 'docker compose up -d --wait'.
        # Usage: sh scripts/deploy.sh [PROJECT_NAME]    (default: %1$s)
        #        SKIP_LOAD=1 sh scripts/deploy.sh       (images already loaded)
        set -eu
        ROOT=$(cd "$(dirname "$0")/.." && pwd)
        PROJECT=${1:-%1$s}

        fail() { echo "error: $*" >&2; exit 1; }

        if [ "${SKIP_LOAD:-0}" != "1" ]; then
          sh "$ROOT/scripts/load.sh"
        else
          docker info >/dev/null 2>&1 \\
            || fail "Docker is not running: 'docker info' failed. Start Docker and retry."
        fi
        docker compose version >/dev/null 2>&1 \\
          || fail "Docker Compose v2 ('docker compose') is not installed. Install Docker Compose 2.1 or newer and retry."

        cd "$ROOT/compose"
        umask 077
        gen() { LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c "$1"; }
        envget() { [ -f .env ] && sed -n "s/^$1=//p" .env | tail -n 1 || true; }
        envset() {
          { grep -v "^$1=" .env || true; printf '%%s=%%s\\n' "$1" "$2"; } > .env.tmp && mv .env.tmp .env
        }
        if [ ! -f .env ]; then
          if [ -f .env.example ]; then cp .env.example .env; else : > .env; fi
          chmod 600 .env
          echo "Created compose/.env"
        fi
        mkdir -p secrets
        %2$s
        echo "Starting '$PROJECT' (docker compose up -d --wait) ..."
        docker compose -p "$PROJECT" up -d --wait \\
          || fail "the stack did not start: see 'docker compose -p $PROJECT ps' and 'docker compose -p $PROJECT logs'."
        docker compose -p "$PROJECT" ps
        echo "'$PROJECT' is up. Stop it with: cd \\"$ROOT/compose\\" && docker compose -p $PROJECT down"
        """.formatted(stack, gen.toString().strip());
  }

  private static String shSecret(BundleManifest.SecretEntry s) {
    StringBuilder b = new StringBuilder();
    String file = s.file().orElse(null);
    String var = s.variable().orElse(null);
    b.append("# secret '").append(s.name()).append("' (").append(s.source()).append(")\n");
    b.append("v=''\n");
    if (file != null) {
      b.append("[ -s ").append(file).append(" ] && v=$(cat ").append(file).append(")\n");
    }
    if (var != null) {
      b.append("[ -n \"$v\" ] || v=$(envget ").append(var).append(")\n");
    }
    if (s.generated()) {
      b.append("[ -n \"$v\" ] || { v=$(gen ").append(s.length()).append("); echo \"Generated secret '")
          .append(s.name()).append("'\"; }\n");
    } else {
      String where = file != null ? "compose/" + file : "the variable " + var + " in compose/.env";
      b.append("[ -n \"$v\" ] || fail \"secret '").append(s.name()).append("' is not in the bundle (secret values never are): put its value in ")
          .append(where).append(" and retry.\"\n");
    }
    if (file != null) {
      b.append("[ -s ").append(file).append(" ] || { printf '%s' \"$v\" > ").append(file)
          .append("; chmod 600 ").append(file).append("; }\n");
    }
    if (var != null) {
      b.append("[ -n \"$(envget ").append(var).append(")\" ] || envset ").append(var).append(" \"$v\"\n");
    }
    return b.toString();
  }

  private static final String PS_COMMON = """
      $ErrorActionPreference = 'Continue'
      $Root = Split-Path -Parent $PSScriptRoot
      function Fail([string]$Message) {
        Write-Host "error: $Message" -ForegroundColor Red
        exit 1
      }
      function Test-Docker {
        if (-not (Get-Command docker -ErrorAction SilentlyContinue)) {
          Fail "the 'docker' command is not installed. Install Docker Desktop (or Docker Engine 20.10 or newer) and retry."
        }
        $null = & docker info 2>$null
        if ($LASTEXITCODE -ne 0) {
          Fail "Docker is not running: 'docker info' failed. Start Docker Desktop, wait until it says 'Engine running', and retry."
        }
      }
      """;

  static String loadPs1(String stack) {
    return """
        # Loads the images of the onyx-deploy bundle '%1$s' into Docker (Docker Desktop on Windows),
        # after checking every file of the bundle against SHA256SUMS.
        # Works with Windows PowerShell 5.1 and PowerShell 7.
        # Usage: powershell -ExecutionPolicy Bypass -File scripts\\load.ps1
        %2$s
        Test-Docker

        Write-Host "Checking the bundle's files against SHA256SUMS ..."
        $sums = Join-Path $Root 'SHA256SUMS'
        if (-not (Test-Path -LiteralPath $sums)) { Fail "SHA256SUMS is missing: extract the whole bundle and retry." }
        $bad = 0
        foreach ($line in [System.IO.File]::ReadAllLines($sums)) {
          if ($line -match '^([0-9a-f]{64}) [ *](.+)$') {
            $expected = $Matches[1]
            $rel = $Matches[2]
            $file = Join-Path $Root $rel
            if (-not (Test-Path -LiteralPath $file)) {
              Write-Host "missing: $rel" -ForegroundColor Red
              $bad++
              continue
            }
            $actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash.ToLowerInvariant()
            if ($actual -ne $expected) {
              Write-Host "damaged: $rel" -ForegroundColor Red
              $bad++
            }
          }
        }
        if ($bad -gt 0) { Fail "$bad file(s) of the bundle are damaged or missing (see above). Get a fresh copy of the bundle." }

        Write-Host "Loading the images (this can take a few minutes) ..."
        & docker load -i (Join-Path $Root 'images/images.tar')
        if ($LASTEXITCODE -ne 0) { Fail "'docker load' failed (is there enough disk space for the images?)" }
        Write-Host "Images of '%1$s' loaded."
        """.formatted(stack, PS_COMMON.strip());
  }

  static String deployPs1(String stack, List<BundleManifest.SecretEntry> secrets) {
    StringBuilder gen = new StringBuilder();
    for (BundleManifest.SecretEntry s : secrets) {
      gen.append(psSecret(s));
    }
    return """
        # Deploys the onyx-deploy bundle '%1$s' with Docker Desktop: loads its images (scripts\\load.ps1),
        # creates compose\\.env and the generated secrets when they are missing (existing values are
        # kept), then starts the stack with 'docker compose up -d --wait'.
        # Works with Windows PowerShell 5.1 and PowerShell 7.
        # Usage: powershell -ExecutionPolicy Bypass -File scripts\\deploy.ps1 [-Project NAME] [-SkipLoad]
        param([string]$Project = '%1$s', [switch]$SkipLoad)
        %2$s

        if ($SkipLoad) {
          Test-Docker
        } else {
          & (Join-Path $PSScriptRoot 'load.ps1')
          if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        }
        $null = & docker compose version 2>$null
        if ($LASTEXITCODE -ne 0) { Fail "Docker Compose v2 ('docker compose') is not available. Update Docker Desktop (Compose 2.1 or newer) and retry." }

        $Compose = Join-Path $Root 'compose'
        $EnvFile = Join-Path $Compose '.env'
        $Utf8 = New-Object System.Text.UTF8Encoding($false)
        function New-Secret([int]$Length) {
          $chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
          $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
          $one = New-Object byte[] 1
          $sb = New-Object System.Text.StringBuilder
          while ($sb.Length -lt $Length) {
            $rng.GetBytes($one)
            if ($one[0] -lt 248) { [void]$sb.Append($chars[$one[0] %% 62]) }
          }
          $rng.Dispose()
          return $sb.ToString()
        }
        function Get-EnvValue([string]$Name) {
          if (-not (Test-Path -LiteralPath $EnvFile)) { return '' }
          $value = ''
          foreach ($l in [System.IO.File]::ReadAllLines($EnvFile)) {
            if ($l.StartsWith("$Name=")) { $value = $l.Substring($Name.Length + 1) }
          }
          return $value
        }
        function Set-EnvValue([string]$Name, [string]$Value) {
          $lines = New-Object System.Collections.Generic.List[string]
          $found = $false
          foreach ($l in [System.IO.File]::ReadAllLines($EnvFile)) {
            if ($l.StartsWith("$Name=")) { $lines.Add("$Name=$Value"); $found = $true } else { $lines.Add($l) }
          }
          if (-not $found) { $lines.Add("$Name=$Value") }
          [System.IO.File]::WriteAllText($EnvFile, ($lines -join "`n") + "`n", $Utf8)
        }
        function Get-SecretFile([string]$Rel) {
          $p = Join-Path $Compose $Rel
          if (Test-Path -LiteralPath $p) { return [System.IO.File]::ReadAllText($p).TrimEnd("`r`n".ToCharArray()) }
          return ''
        }
        function Set-SecretFile([string]$Rel, [string]$Value) {
          $p = Join-Path $Compose $Rel
          if ((Test-Path -LiteralPath $p) -and ((Get-Item -LiteralPath $p).Length -gt 0)) { return }
          $dir = Split-Path -Parent $p
          if (-not (Test-Path -LiteralPath $dir)) { $null = New-Item -ItemType Directory -Path $dir }
          [System.IO.File]::WriteAllText($p, $Value, $Utf8)
        }

        if (-not (Test-Path -LiteralPath $EnvFile)) {
          $example = Join-Path $Compose '.env.example'
          if (Test-Path -LiteralPath $example) {
            Copy-Item -LiteralPath $example -Destination $EnvFile
          } else {
            [System.IO.File]::WriteAllText($EnvFile, '', $Utf8)
          }
          Write-Host "Created compose\\.env"
        }
        %3$s

        Write-Host "Starting '$Project' (docker compose up -d --wait) ..."
        Push-Location $Compose
        try {
          & docker compose -p $Project up -d --wait
          $code = $LASTEXITCODE
          if ($code -eq 0) { & docker compose -p $Project ps }
        } finally {
          Pop-Location
        }
        if ($code -ne 0) { Fail "the stack did not start: see 'docker compose -p $Project ps' and 'docker compose -p $Project logs' (in $Compose)." }
        Write-Host "'$Project' is up. Stop it with: cd `"$Compose`"; docker compose -p $Project down"
        """.formatted(stack, PS_COMMON.strip(), gen.toString().strip());
  }

  private static String psSecret(BundleManifest.SecretEntry s) {
    StringBuilder b = new StringBuilder();
    String file = s.file().orElse(null);
    String var = s.variable().orElse(null);
    b.append("# secret '").append(s.name()).append("' (").append(s.source()).append(")\n");
    b.append("$v = ''\n");
    if (file != null) {
      b.append("$v = Get-SecretFile '").append(file).append("'\n");
    }
    if (var != null) {
      b.append("if (-not $v) { $v = Get-EnvValue '").append(var).append("' }\n");
    }
    if (s.generated()) {
      b.append("if (-not $v) { $v = New-Secret ").append(s.length()).append("; Write-Host \"Generated secret '")
          .append(s.name()).append("'\" }\n");
    } else {
      String where = file != null ? "compose\\" + file.replace('/', '\\') : "the variable " + var + " in compose\\.env";
      b.append("if (-not $v) { Fail \"secret '").append(s.name())
          .append("' is not in the bundle (secret values never are): put its value in ").append(where)
          .append(" and retry.\" }\n");
    }
    if (file != null) {
      b.append("Set-SecretFile '").append(file).append("' $v\n");
    }
    if (var != null) {
      b.append("if (-not (Get-EnvValue '").append(var).append("')) { Set-EnvValue '").append(var).append("' $v }\n");
    }
    return b.toString();
  }
}
