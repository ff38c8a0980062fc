package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.SecretRules;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scripts of a bundle: {@code load} (check every file against {@code SHA256SUMS}; for an
 * incremental bundle check that the images it was made on are loaded; then {@code docker load}) and
 * {@code deploy} (load, check the Docker Compose version the project needs, make {@code .env} and the
 * generated secrets when missing, then {@code docker compose up -d --wait}), for POSIX sh (LF line
 * endings) and for Windows PowerShell 5.1 / PowerShell 7 (CRLF line endings, ASCII only, so that
 * 5.1 reads them without a byte order mark).
 *
 * <p>The two languages are kept parallel: each script is a sequence of steps, each opened by a
 * {@code # step: NAME} comment, the same steps in the same order in the {@code .sh} and the
 * {@code .ps1} (a test compares them), each failing with the same advice.
 */
final class Scripts {
  private Scripts() {
  }

  /**
   * What the scripts need to know of the bundle.
   *
   * @param stack the stack (default project) name
   * @param composeVersion the oldest Docker Compose the project runs with
   * @param composeReasons the features of the compose file that need it
   * @param base what an incremental bundle was made on
   * @param images the bundle's images (their base images are checked before loading)
   * @param secrets the secrets to make or check
   */
  record Info(String stack, String composeVersion, List<String> composeReasons, Optional<BundleManifest.Base> base,
      List<BundleManifest.Image> images, List<BundleManifest.SecretEntry> secrets) {
    /** @return base image id to the first image reference that needs it, in bundle order */
    Map<String, String> baseImages() {
      Map<String, String> out = new LinkedHashMap<>();
      for (BundleManifest.Image i : images) {
        i.baseImage().ifPresent(b -> out.putIfAbsent(b, i.reference()));
      }
      return out;
    }

    /** @return the advice when the base is missing */
    String loadFirst() {
      BundleManifest.Base b = base.orElseThrow();
      return b.kind().equals("bundle")
          ? "load the bundle " + b.name() + " first (its scripts/load), then run this again"
          : "load the images that inventory was taken of first (the bundle that brought them), then run this again";
    }
  }

  static byte[] lf(String text) {
    return text.replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  // ------------------------------------------------------------------------------------------ sh

  static String loadSh(Info info) {
    StringBuilder base = new StringBuilder();
    info.base().ifPresent(b -> {
      base.append("# step: base\n")
          .append("echo \"This bundle is an upgrade: it carries only what ").append(sh(b.describe()))
          .append(" does not. Checking that it is loaded ...\"\n")
          .append("missing=0\n")
          .append("need_image() {\n")
          .append("  docker image inspect \"$1\" >/dev/null 2>&1 \\\n")
          .append("    || { echo \"missing: image $1 (what $2 is built on)\" >&2; missing=$((missing + 1)); }\n")
          .append("}\n");
      info.baseImages().forEach((id, ref) -> base.append("need_image ").append(id).append(" '").append(ref).append("'\n"));
      base.append("[ \"$missing\" = 0 ] \\\n  || fail \"this engine lacks $missing image(s) the bundle is made on (see above): ")
          .append(sh(info.loadFirst())).append(".\"\n\n");
    });
    return """
        #!/bin/sh
        # Loads the images of the onyx-deploy bundle '%1$s' into the local Docker engine,
        # after checking every file of the bundle against SHA256SUMS.
        # Usage: sh scripts/load.sh
        set -eu
        ROOT=$(cd "$(dirname "$0")/.." && pwd)
        cd "$ROOT"

        fail() { echo "error: $*" >&2; exit 1; }

        # step: docker
        command -v docker >/dev/null 2>&1 \\
          || fail "the 'docker' command is not installed. Install Docker Engine 20.10 or newer (or Docker Desktop) and retry."
        docker info >/dev/null 2>&1 \\
          || fail "Docker is not running (or you may not use it): 'docker info' failed. Start Docker (Docker Desktop, or 'sudo systemctl start docker'), check that 'docker info' works, and retry."

        # step: checksums
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

        %2$s# step: load
        echo "Loading the images (this can take a few minutes) ..."
        docker load -i images/images.tar || fail "'docker load' failed (is there enough disk space for the images?)"
        echo "Images of '%1$s' loaded."
        """.formatted(info.stack(), base);
  }

  static String deploySh(Info info) {
    StringBuilder gen = new StringBuilder();
    for (BundleManifest.SecretEntry s : info.secrets()) {
      gen.append(shSecret(s));
    }
    return """
        #!/bin/sh
        # Deploys the onyx-deploy bundle '%1$s' on this machine: loads its images (scripts/load.sh),
        # checks the Docker Compose version, creates compose/.env and the generated secrets when they
        # are missing (existing values are kept), then starts the stack with 'docker compose up -d --wait'.
        # Usage: sh scripts/deploy.sh [PROJECT_NAME]    (default: %1$s)
        #        SKIP_LOAD=1 sh scripts/deploy.sh       (images already loaded)
        set -eu
        ROOT=$(cd "$(dirname "$0")/.." && pwd)
        PROJECT=${1:-%1$s}

        fail() { echo "error: $*" >&2; exit 1; }

        # step: load
        if [ "${SKIP_LOAD:-0}" != "1" ]; then
          sh "$ROOT/scripts/load.sh"
        else
          docker info >/dev/null 2>&1 \\
            || fail "Docker is not running: 'docker info' failed. Start Docker and retry."
        fi

        # step: compose
        version_at_least() {
          have=$1
          need=$2
          for i in 1 2 3; do
            h=$(printf '%%s' "$have" | cut -d. -f"$i" | sed 's/[^0-9].*//')
            n=$(printf '%%s' "$need" | cut -d. -f"$i")
            h=${h:-0}
            if [ "$h" -gt "$n" ]; then return 0; fi
            if [ "$h" -lt "$n" ]; then return 1; fi
          done
          return 0
        }
        docker compose version >/dev/null 2>&1 \\
          || fail "Docker Compose v2 ('docker compose') is not installed. Install Docker Compose %2$s or newer and retry."
        have=$(docker compose version --short 2>/dev/null | sed 's/^v//')
        version_at_least "$have" %2$s \\
          || fail "this stack needs Docker Compose %2$s or newer%3$s, but 'docker compose' is $have. Update Docker Compose (or Docker Desktop) and retry."

        # step: env
        cd "$ROOT/compose"
        umask 077
        envget() {
          if [ -f .env ]; then sed -n "s/^$1=//p" .env | tail -n 1; fi
        }
        envset() {
          { grep -v "^$1=" .env || true; printf '%%s=%%s\\n' "$1" "$2"; } > .env.tmp && mv .env.tmp .env
        }
        if [ ! -f .env ]; then
          if [ -f .env.example ]; then cp .env.example .env; else : > .env; fi
          chmod 600 .env
          echo "Created compose/.env"
        fi
        mkdir -p secrets

        # step: secrets
        # gen LENGTH ALPHABET FIRST [REQUIRED...]: a random value of ALPHABET (tr sets), its first
        # character from FIRST, holding at least one character of each REQUIRED set
        gen() {
          n=$1
          alphabet=$2
          first=$3
          shift 3
          while :; do
            v=$(LC_ALL=C tr -dc "$first" </dev/urandom | head -c 1)$(LC_ALL=C tr -dc "$alphabet" </dev/urandom | head -c $((n - 1)))
            ok=1
            for set in "$@"; do
              printf '%%s' "$v" | LC_ALL=C tr -dc "$set" | grep -q . || ok=0
            done
            if [ "$ok" = 1 ]; then printf '%%s' "$v"; return 0; fi
          done
        }
        %4$s

        # step: up
        echo "Starting '$PROJECT' (docker compose up -d --wait) ..."
        docker compose -p "$PROJECT" up -d --wait \\
          || fail "the stack did not start: see 'docker compose -p $PROJECT ps' and 'docker compose -p $PROJECT logs'."
        docker compose -p "$PROJECT" ps
        echo "'$PROJECT' is up. Stop it with: cd \\"$ROOT/compose\\" && docker compose -p $PROJECT down"
        """.formatted(info.stack(), info.composeVersion(), sh(because(info)), gen.toString().strip());
  }

  private static String shSecret(BundleManifest.SecretEntry s) {
    StringBuilder b = new StringBuilder();
    String file = s.file().orElse(null);
    String var = s.variable().orElse(null);
    b.append("# secret '").append(s.name()).append("' (").append(s.source()).append(")\n");
    b.append("v=''\n");
    if (file != null) {
      b.append("if [ -s ").append(file).append(" ]; then v=$(cat ").append(file).append("); fi\n");
    }
    if (var != null) {
      b.append("[ -n \"$v\" ] || v=$(envget ").append(var).append(")\n");
    }
    if (s.generated()) {
      SecretRules r = s.rules();
      b.append("if [ -z \"$v\" ]; then v=$(gen ").append(r.length()).append(" '").append(trSet(r.alphabet()))
          .append("' '").append(trSet(r.first())).append('\'');
      for (String req : r.required()) {
        b.append(" '").append(trSet(req)).append('\'');
      }
      b.append("); echo \"Generated secret '").append(s.name()).append("'\"; fi\n");
    } else {
      b.append("[ -n \"$v\" ] || fail \"secret '").append(s.name()).append("' is not in the bundle (secret values never are): put its value in ")
          .append(where(s, "/")).append(" and retry.\"\n");
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

  /** @return the characters as a {@code tr} set: runs of letters and digits as ranges, {@code -} last */
  static String trSet(String chars) {
    String s = chars.replace(SecretRules.UPPER, "A-Z").replace(SecretRules.LOWER, "a-z")
        .replace(SecretRules.DIGITS, "0-9");
    StringBuilder plain = new StringBuilder();
    boolean dash = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean range = c == '-' && i > 0 && i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i - 1))
          && Character.isLetterOrDigit(s.charAt(i + 1));
      if (c == '-' && !range) {
        dash = true;
      } else {
        plain.append(c);
      }
    }
    return plain + (dash ? "-" : "");
  }

  private static String where(BundleManifest.SecretEntry s, String sep) {
    return s.file().map(f -> "compose" + sep + f.replace("/", sep))
        .orElse("the variable " + s.variable().orElse("?") + " in compose" + sep + ".env");
  }

  /** @return {@code " (it uses FEATURE (VERSION), ...)"}, or nothing when only {@code up --wait} counts */
  private static String because(Info info) {
    return info.composeReasons().isEmpty() ? "" : " (it uses " + String.join(", ", info.composeReasons()) + ")";
  }

  /** Makes a text safe inside a double-quoted sh string. */
  private static String sh(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
  }

  // ------------------------------------------------------------------------------------ PowerShell

  private static final String PS_COMMON = """
      $ErrorActionPreference = 'Continue'
      $Root = Split-Path -Parent $PSScriptRoot
      function Fail([string]$Message) {
        Write-Host "error: $Message" -ForegroundColor Red
        exit 1
      }
      """;

  static String loadPs1(Info info) {
    StringBuilder base = new StringBuilder();
    info.base().ifPresent(b -> {
      base.append("# step: base\n")
          .append("Write-Host \"This bundle is an upgrade: it carries only what ").append(ps(b.describe()))
          .append(" does not. Checking that it is loaded ...\"\n")
          .append("$script:missing = 0\n")
          .append("function Test-Image([string]$Id, [string]$Ref) {\n")
          .append("  $null = & docker image inspect $Id 2>$null\n")
          .append("  if ($LASTEXITCODE -ne 0) { Write-Host \"missing: image $Id (what $Ref is built on)\" -ForegroundColor Red; $script:missing++ }\n")
          .append("}\n");
      info.baseImages().forEach((id, ref) -> base.append("Test-Image '").append(id).append("' '").append(ref).append("'\n"));
      base.append("if ($script:missing -ne 0) { Fail \"this engine lacks $($script:missing) image(s) the bundle is made on (see above): ")
          .append(ps(info.loadFirst())).append(".\" }\n\n");
    });
    return """
        # Loads the images of the onyx-deploy bundle '%1$s' into Docker (Docker Desktop on Windows),
        # after checking every file of the bundle against SHA256SUMS.
        # Works with Windows PowerShell 5.1 and PowerShell 7.
        # Usage: powershell -ExecutionPolicy Bypass -File scripts\\load.ps1
        %2$s

        # step: docker
        if (-not (Get-Command docker -ErrorAction SilentlyContinue)) {
          Fail "the 'docker' command is not installed. Install Docker Desktop (or Docker Engine 20.10 or newer) and retry."
        }
        $null = & docker info 2>$null
        if ($LASTEXITCODE -ne 0) {
          Fail "Docker is not running: 'docker info' failed. Start Docker Desktop, wait until it says 'Engine running', and retry."
        }

        # step: checksums
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
        if ($bad -gt 0) { Fail "some files of the bundle are damaged or missing (see above). Get a fresh copy of the bundle." }

        %3$s# step: load
        Write-Host "Loading the images (this can take a few minutes) ..."
        & docker load -i (Join-Path $Root 'images/images.tar')
        if ($LASTEXITCODE -ne 0) { Fail "'docker load' failed (is there enough disk space for the images?)" }
        Write-Host "Images of '%1$s' loaded."
        """.formatted(info.stack(), PS_COMMON.strip(), base);
  }

  static String deployPs1(Info info) {
    StringBuilder gen = new StringBuilder();
    for (BundleManifest.SecretEntry s : info.secrets()) {
      gen.append(psSecret(s));
    }
    return """
        # Deploys the onyx-deploy bundle '%1$s' with Docker Desktop: loads its images (scripts\\load.ps1),
        # checks the Docker Compose version, creates compose\\.env and the generated secrets when they
        # are missing (existing values are kept), then starts the stack with 'docker compose up -d --wait'.
        # Works with Windows PowerShell 5.1 and PowerShell 7.
        # Usage: powershell -ExecutionPolicy Bypass -File scripts\\deploy.ps1 [-Project NAME] [-SkipLoad]
        param([string]$Project = '%1$s', [switch]$SkipLoad)
        %2$s

        # step: load
        if (-not $SkipLoad) {
          & (Join-Path $PSScriptRoot 'load.ps1')
          if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        } else {
          $null = & docker info 2>$null
          if ($LASTEXITCODE -ne 0) { Fail "Docker is not running: 'docker info' failed. Start Docker and retry." }
        }

        # step: compose
        function Test-VersionAtLeast([string]$Have, [string]$Need) {
          $h = ($Have.Trim().TrimStart('v') -replace '[^0-9.].*$', '').Split('.')
          $n = $Need.Split('.')
          for ($i = 0; $i -lt 3; $i++) {
            $x = 0
            if ($i -lt $h.Length -and $h[$i] -ne '') { $x = [int]$h[$i] }
            $y = [int]$n[$i]
            if ($x -gt $y) { return $true }
            if ($x -lt $y) { return $false }
          }
          return $true
        }
        $null = & docker compose version 2>$null
        if ($LASTEXITCODE -ne 0) { Fail "Docker Compose v2 ('docker compose') is not installed. Install Docker Compose %3$s or newer and retry." }
        $have = "$(& docker compose version --short 2>$null)".Trim().TrimStart('v')
        if (-not (Test-VersionAtLeast $have '%3$s')) { Fail "this stack needs Docker Compose %3$s or newer%4$s, but 'docker compose' is $have. Update Docker Compose (or Docker Desktop) and retry." }

        # step: env
        $Compose = Join-Path $Root 'compose'
        $EnvFile = Join-Path $Compose '.env'
        $Utf8 = New-Object System.Text.UTF8Encoding($false)
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
        if (-not (Test-Path -LiteralPath $EnvFile)) {
          $example = Join-Path $Compose '.env.example'
          if (Test-Path -LiteralPath $example) {
            Copy-Item -LiteralPath $example -Destination $EnvFile
          } else {
            [System.IO.File]::WriteAllText($EnvFile, '', $Utf8)
          }
          Write-Host "Created compose\\.env"
        }
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $Compose 'secrets')

        # step: secrets
        # New-Secret LENGTH ALPHABET FIRST REQUIRED: a random value of ALPHABET, its first character
        # from FIRST, holding at least one character of each REQUIRED set
        function Get-RandomChar($Rng, [string]$Chars) {
          $one = New-Object byte[] 1
          $limit = 256 - (256 %% $Chars.Length)
          do { $Rng.GetBytes($one) } while ($one[0] -ge $limit)
          return $Chars[$one[0] %% $Chars.Length]
        }
        function New-Secret([int]$Length, [string]$Alphabet, [string]$First, [string[]]$Required) {
          $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
          try {
            while ($true) {
              $sb = New-Object System.Text.StringBuilder
              [void]$sb.Append((Get-RandomChar $rng $First))
              while ($sb.Length -lt $Length) { [void]$sb.Append((Get-RandomChar $rng $Alphabet)) }
              $value = $sb.ToString()
              $ok = $true
              foreach ($set in $Required) { if ($value.IndexOfAny($set.ToCharArray()) -lt 0) { $ok = $false } }
              if ($ok) { return $value }
            }
          } finally {
            $rng.Dispose()
          }
        }
        function Get-SecretFile([string]$Rel) {
          $p = Join-Path $Compose $Rel
          if (Test-Path -LiteralPath $p) { return [System.IO.File]::ReadAllText($p).TrimEnd("`r`n".ToCharArray()) }
          return ''
        }
        function Set-SecretFile([string]$Rel, [string]$Value) {
          $p = Join-Path $Compose $Rel
          if ((Test-Path -LiteralPath $p) -and ((Get-Item -LiteralPath $p).Length -gt 0)) { return }
          [System.IO.File]::WriteAllText($p, $Value, $Utf8)
        }
        %5$s

        # step: up
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
        """.formatted(info.stack(), PS_COMMON.strip(), info.composeVersion(), ps(because(info)), gen.toString().strip());
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
      SecretRules r = s.rules();
      b.append("if (-not $v) { $v = New-Secret ").append(r.length()).append(" '").append(r.alphabet()).append("' '")
          .append(r.first()).append("' @(");
      for (int i = 0; i < r.required().size(); i++) {
        b.append(i == 0 ? "" : ", ").append('\'').append(r.required().get(i)).append('\'');
      }
      b.append("); Write-Host \"Generated secret '").append(s.name()).append("'\" }\n");
    } else {
      b.append("if (-not $v) { Fail \"secret '").append(s.name())
          .append("' is not in the bundle (secret values never are): put its value in ").append(where(s, "\\"))
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

  /** Makes a text safe inside a double-quoted PowerShell string. */
  private static String ps(String text) {
    return text.replace("`", "``").replace("\"", "`\"").replace("$", "`$");
  }
}
