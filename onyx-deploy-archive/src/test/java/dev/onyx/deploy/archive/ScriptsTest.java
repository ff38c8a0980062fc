package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link Scripts}: line endings, syntax, and what deploy.sh does with secrets. */
class ScriptsTest {
  static final List<BundleManifest.SecretEntry> SECRETS = List.of(
      new BundleManifest.SecretEntry("db_password", "generated", 24, Optional.of("secrets/db_password"),
          Optional.of("DB_PASSWORD")),
      new BundleManifest.SecretEntry("api_key", "generated", 40, Optional.of("secrets/api_key"), Optional.empty()),
      new BundleManifest.SecretEntry("license", "value", 32, Optional.of("secrets/license"), Optional.empty()));

  @Test
  void powershellScriptsHaveCrlfLineEndingsAndAsciiOnly() {
    for (byte[] ps : List.of(Scripts.crlf(Scripts.loadPs1("shop")), Scripts.crlf(Scripts.deployPs1("shop", SECRETS)))) {
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
    for (byte[] sh : List.of(Scripts.lf(Scripts.loadSh("shop")), Scripts.lf(Scripts.deploySh("shop", SECRETS)))) {
      String text = new String(sh, StandardCharsets.US_ASCII);
      assertThat(text).startsWith("#!/bin/sh\n").doesNotContain("\r");
    }
  }

  @Test
  void powershellScriptsAvoidSyntaxThatWindowsPowerShell51Lacks() {
    String all = Scripts.loadPs1("shop") + Scripts.deployPs1("shop", SECRETS);
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
    Files.write(load, Scripts.lf(Scripts.loadSh("shop")));
    Files.write(deploy, Scripts.lf(Scripts.deploySh("shop", SECRETS)));
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
    Files.write(bundle.resolve("scripts/load.sh"), Scripts.lf(Scripts.loadSh("shop")));
    Files.write(bundle.resolve("scripts/deploy.sh"), Scripts.lf(Scripts.deploySh("shop", SECRETS)));
    Files.writeString(bundle.resolve("compose/.env.example"), "# generated on the target\nDB_PASSWORD=\nTUNABLE=5\n");
    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    Path log = dir.resolve("docker.log");
    Path docker = bin.resolve("docker");
    Files.writeString(docker, "#!/bin/sh\necho \"$*\" >> " + log + "\n[ -f " + dir.resolve("down") + " ] && exit 1\nexit 0\n");
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

    Files.writeString(dir.resolve("down"), "");
    Result down = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "SKIP_LOAD=1", "sh", "scripts/deploy.sh");
    assertThat(down.exit).isEqualTo(1);
    assertThat(down.err).contains("Docker is not running");
    Result loadDown = run(bundle, "env", "PATH=" + bin + ":/usr/bin:/bin", "sh", "scripts/load.sh");
    assertThat(loadDown.exit).isEqualTo(1);
    assertThat(loadDown.err).contains("error: Docker is not running");
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
