package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.ParallelDeflater;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import dev.onyx.deploy.core.SecretRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@link Scripts}: line endings, syntax ({@code sh -n} and shellcheck; the PowerShell
 * grammar in {@link PowerShellGrammarTest}), the .sh and .ps1 kept step for step parallel, and what
 * the sh scripts do (secrets by their rules, the Compose version check, an incremental bundle's base
 * check) with a stand-in {@code docker} command.
 */
class ScriptsTest {
  static final List<BundleManifest.SecretEntry> SECRETS = List.of(
      new BundleManifest.SecretEntry("db_password", "generated", SecretRules.lettersAndDigits(24),
          Optional.of("secrets/db_password"), Optional.of("DB_PASSWORD")),
      new BundleManifest.SecretEntry("api_key", "generated", SecretRules.lettersAndDigits(40),
          Optional.of("secrets/api_key"), Optional.empty()),
      new BundleManifest.SecretEntry("search_admin", "generated", SecretRules.mixedClasses(32),
          Optional.empty(), Optional.of("SEARCH_ADMIN_PASSWORD")),
      new BundleManifest.SecretEntry("license", "value", SecretRules.lettersAndDigits(32),
          Optional.of("secrets/license"), Optional.empty()));
  static final String BASE_IMAGE = "sha256:" + "ab".repeat(32);
  static final BundleManifest.Base BASE = new BundleManifest.Base("bundle", "sha256:" + "cd".repeat(32),
      "shop-1.0.zip", "shop", java.time.Instant.parse("2026-01-02T03:04:05Z"));
  static final List<BundleManifest.Image> IMAGES = List.of(new BundleManifest.Image("shop/api:1.1",
      List.of("shop/api:1.1"), "sha256:" + "ef".repeat(32), 10, List.of("api"), List.of("sha256:" + "01".repeat(32)),
      List.of("sha256:" + "01".repeat(32)), Optional.of(BASE_IMAGE)));

  /** A full bundle's scripts. */
  static Scripts.Info full() {
    return new Scripts.Info("shop", "2.24.0", List.of("env_file with required: false (2.24.0)"), Optional.empty(),
        IMAGES, SECRETS);
  }

  /** An incremental bundle's scripts. */
  static Scripts.Info incremental() {
    return new Scripts.Info("shop", "2.24.0", List.of("env_file with required: false (2.24.0)"), Optional.of(BASE),
        IMAGES, SECRETS);
  }

  /** Every generated script, by file name, for both kinds of bundle. */
  static java.util.Map<String, String> allScripts() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Scripts.Info i : List.of(full(), incremental())) {
      String kind = i.base().isPresent() ? "incremental-" : "full-";
      out.put(kind + "load.sh", Scripts.loadSh(i));
      out.put(kind + "deploy.sh", Scripts.deploySh(i));
      out.put(kind + "load.ps1", Scripts.loadPs1(i));
      out.put(kind + "deploy.ps1", Scripts.deployPs1(i));
    }
    return out;
  }

  @Test
  void shAndPowerShellScriptsRunTheSameStepsInTheSameOrderAndFailAlike() {
    java.util.Map<String, String> all = allScripts();
    for (String sh : all.keySet().stream().filter(n -> n.endsWith(".sh")).toList()) {
      String ps = sh.replace(".sh", ".ps1");
      java.util.Map<String, Long> shSteps = steps(all.get(sh), "fail \"");
      java.util.Map<String, Long> psSteps = steps(all.get(ps), "Fail \"");
      assertThat(psSteps).as(ps + " vs " + sh).containsExactlyEntriesOf(shSteps);
      assertThat(shSteps.keySet()).as(sh).isNotEmpty();
    }
    assertThat(steps(Scripts.loadSh(incremental()), "fail \"")).containsKeys("docker", "checksums", "base", "load");
    assertThat(steps(Scripts.loadSh(full()), "fail \"")).containsOnlyKeys("docker", "checksums", "load");
    assertThat(steps(Scripts.deploySh(full()), "fail \"")).containsOnlyKeys("load", "compose", "env", "secrets", "up");
  }

  /** @return each {@code # step:} in order, with how many failure calls it has */
  private static java.util.Map<String, Long> steps(String script, String failCall) {
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    String step = null;
    for (String line : script.split("\n")) {
      if (line.startsWith("# step: ")) {
        step = line.substring(8).strip();
        out.put(step, 0L);
      } else if (step != null && line.contains(failCall)) {
        out.merge(step, 1L, Long::sum);
      }
    }
    return out;
  }

  @Test
  void shellScriptsPassShellcheck(@TempDir Path dir) throws Exception {
    Result version = run(dir, "shellcheck", "--version");
    assertThat(version.exit).as("shellcheck is installed by scripts/engine-up").isZero();
    for (java.util.Map.Entry<String, String> e : allScripts().entrySet()) {
      if (e.getKey().endsWith(".sh")) {
        Path f = dir.resolve(e.getKey());
        Files.write(f, Scripts.lf(e.getValue()));
        Result r = run(dir, "shellcheck", "-s", "sh", f.toString());
        assertThat(r.exit).as(e.getKey() + ":\n" + r.out + r.err).isZero();
      }
    }
  }

  @Test
  void trSetsPutTheDashLastAndUseRanges() {
    assertThat(Scripts.trSet(SecretRules.mixedClasses(16).alphabet())).isEqualTo("A-Za-z0-9_.-");
    assertThat(Scripts.trSet(SecretRules.UPPER + SecretRules.LOWER)).isEqualTo("A-Za-z");
    assertThat(Scripts.trSet("-_.")).isEqualTo("_.-");
  }

  @Test
  void powershellScriptsHaveCrlfLineEndingsAndAsciiOnly() {
    for (byte[] ps : List.of(Scripts.crlf(Scripts.loadPs1(incremental())), Scripts.crlf(Scripts.deployPs1(full())))) {
      String text = new String(ps, StandardCharsets.US_ASCII);
      assertThat(text).contains("\r\n");
      assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
      for (byte b : ps) {
        assertThat(b & 0xFF).isLessThan(128);
      }
      assertThat(ps[0]).isNotEqualTo((byte) 0xEF);
    }
  }

  @Test
  void shellScriptsHaveLfLineEndings() {
    for (byte[] sh : List.of(Scripts.lf(Scripts.loadSh(incremental())), Scripts.lf(Scripts.deploySh(full())))) {
      String text = new String(sh, StandardCharsets.US_ASCII);
      assertThat(text).startsWith("#!/bin/sh\n").doesNotContain("\r");
    }
  }

  @Test
  void powershellScriptsAvoidSyntaxThatWindowsPowerShell51Lacks() {
    String all = Scripts.loadPs1(incremental()) + Scripts.deployPs1(full());
    // PowerShell 7-only operators: null-coalescing, ternary, pipeline chains
    assertThat(all).doesNotContain("??").doesNotContain("?.").doesNotContain(" && ").doesNotContain(" || ");
    assertThat(all).contains("Get-FileHash -Algorithm SHA256", "[System.Security.Cryptography.RandomNumberGenerator]::Create()",
        "docker compose -p $Project up -d --wait", "Docker is not running");
    assertThat(count(all, '{')).isEqualTo(count(all, '}'));
    assertThat(count(all, '(')).isEqualTo(count(all, ')'));
  }

  private static long count(String s, char c) {
    return s.chars().filter(x -> x == c).count();
  }

  @Test
  void shellScriptsPassASyntaxCheck(@TempDir Path dir) throws Exception {
    Path load = dir.resolve("load.sh");
    Path deploy = dir.resolve("deploy.sh");
    Files.write(load, Scripts.lf(Scripts.loadSh(incremental())));
    Files.write(deploy, Scripts.lf(Scripts.deploySh(full())));
    assertThat(run(dir, "sh", "-n", load.toString()).exit).isZero();
    assertThat(run(dir, "sh", "-n", deploy.toString()).exit).isZero();
  }

  /**
   * Runs deploy.sh for real with a stand-in {@code docker} command: it must create .env and the
   * generated secrets (same value in the file and the variable), refuse a missing value secret,
   * keep every value on a second run, and report a stopped Docker clearly.
   */
  @Test
  void deployShGeneratesMissingSecretsAndKeepsExistingOnes(@TempDir Path dir) throws Exception {
    Path bundle = dir.resolve("bundle");
    Files.createDirectories(bundle.resolve("scripts"));
    Files.createDirectories(bundle.resolve("compose"));
    Files.write(bundle.resolve("scripts/load.sh"), Scripts.lf(Scripts.loadSh(full())));
    Files.write(bundle.resolve("scripts/deploy.sh"), Scripts.lf(Scripts.deploySh(full())));
    Files.writeString(bundle.resolve("compose/.env.example"), "# generated on the target\nDB_PASSWORD=\nTUNABLE=5\n");
    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    Path log = dir.resolve("docker.log");
    Path docker = bin.resolve("docker");
    Path composeVersion = dir.resolve("compose-version");
    Files.writeString(composeVersion, "v2.26.1\n");
    Files.writeString(docker, "#!/bin/sh\necho \"$*\" >> " + log + "\n[ -f " + dir.resolve("down") + " ] && exit 1\n"
        + "[ \"$*\" = 'compose version --short' ] && cat " + composeVersion + "\nexit 0\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));

    Result missing = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "SKIP_LOAD=1", "sh", "scripts/deploy.sh");
    assertThat(missing.exit).isEqualTo(1);
    assertThat(missing.err).contains("secret 'license' is not in the bundle (secret values never are): put its value in compose/secrets/license");

    Files.writeString(bundle.resolve("compose/secrets/license"), "L1C3NSE");
    Result ok = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "SKIP_LOAD=1", "sh", "scripts/deploy.sh", "myproj");
    assertThat(ok.exit).as(ok.err).isZero();
    String pw = Files.readString(bundle.resolve("compose/secrets/db_password"));
    assertThat(pw).matches("[A-Za-z0-9]{24}");
    assertThat(Files.readString(bundle.resolve("compose/secrets/api_key"))).matches("[A-Za-z0-9]{40}");
    String search = Files.readAllLines(bundle.resolve("compose/.env")).stream()
        .filter(l -> l.startsWith("SEARCH_ADMIN_PASSWORD=")).findFirst().orElseThrow().substring(22);
    assertThat(SecretRules.mixedClasses(32).accepts(search)).as(search).isTrue();
    assertThat(Files.readAllLines(bundle.resolve("compose/.env"))).contains("DB_PASSWORD=" + pw, "TUNABLE=5");
    assertThat(Files.getPosixFilePermissions(bundle.resolve("compose/.env"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(bundle.resolve("compose/secrets/db_password")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(log)).contains("compose -p myproj up -d --wait");

    Result again = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "SKIP_LOAD=1", "sh", "scripts/deploy.sh");
    assertThat(again.exit).isZero();
    assertThat(Files.readString(bundle.resolve("compose/secrets/db_password"))).isEqualTo(pw);
    assertThat(Files.readAllLines(bundle.resolve("compose/.env"))).containsOnlyOnce("DB_PASSWORD=" + pw);
    assertThat(again.out).doesNotContain("Generated secret");

    Files.writeString(composeVersion, "2.20.3\n");
    Result old = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "SKIP_LOAD=1", "sh", "scripts/deploy.sh");
    assertThat(old.exit).isEqualTo(1);
    assertThat(old.err).contains("error: this stack needs Docker Compose 2.24.0 or newer (it uses env_file with "
        + "required: false (2.24.0)), but 'docker compose' is 2.20.3");
    Files.writeString(composeVersion, "2.24.0-desktop.1\n");
    assertThat(run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "SKIP_LOAD=1", "sh", "scripts/deploy.sh").exit).isZero();

    Files.writeString(dir.resolve("down"), "");
    Result down = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "SKIP_LOAD=1", "sh", "scripts/deploy.sh");
    assertThat(down.exit).isEqualTo(1);
    assertThat(down.err).contains("Docker is not running");
    Result loadDown = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "sh", "scripts/load.sh");
    assertThat(loadDown.exit).isEqualTo(1);
    assertThat(loadDown.err).contains("error: Docker is not running");
  }

  /** load.sh of an incremental bundle checks its base image first and names the bundle to load first. */
  @Test
  void loadShOfAnIncrementalBundleRefusesWithoutItsBaseAndNamesIt(@TempDir Path dir) throws Exception {
    Path bundle = dir.resolve("bundle");
    Files.createDirectories(bundle.resolve("scripts"));
    Files.createDirectories(bundle.resolve("images"));
    Files.write(bundle.resolve("scripts/load.sh"), Scripts.lf(Scripts.loadSh(incremental())));
    Files.writeString(bundle.resolve("images/images.tar"), "tar");
    Files.writeString(bundle.resolve("SHA256SUMS"), ParallelDeflater.hex(ParallelDeflater.sha256()
        .digest("tar".getBytes(StandardCharsets.UTF_8))) + "  images/images.tar\n");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("docker.log");
    Path docker = bin.resolve("docker");
    Path have = dir.resolve("have-base");
    Files.writeString(docker, "#!/bin/sh\necho \"$*\" >> " + log + "\n"
        + "case \"$*\" in 'image inspect '*) [ -f " + have + " ] || exit 1 ;; esac\nexit 0\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));

    Result refused = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "sh", "scripts/load.sh");
    assertThat(refused.exit).isEqualTo(1);
    assertThat(refused.err).contains("missing: image " + BASE_IMAGE + " (what shop/api:1.1 is built on)")
        .contains("load the bundle shop-1.0.zip first");
    assertThat(Files.readString(log)).doesNotContain("load -i");

    Files.writeString(have, "");
    Result loaded = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "sh", "scripts/load.sh");
    assertThat(loaded.exit).as(loaded.err).isZero();
    assertThat(Files.readString(log)).contains("image inspect " + BASE_IMAGE, "load -i images/images.tar");
  }

  record Result(int exit, String out, String err) {
  }

  static Result run(Path dir, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Path out = Files.createTempFile("out", ".txt");
    Path err = Files.createTempFile("err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}
