package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineConfigTest {
  /** A home without a Docker config and a default socket that does not exist. */
  private static EngineConfig fromEnvironment(Map<String, String> env, String os) throws Exception {
    Path home = java.nio.file.Files.createTempDirectory("home");
    return EngineConfig.fromEnvironment(env, os, home, home.resolve("var/run/docker.sock"));
  }

  @Test
  void defaultsToTheUnixSocketOrTheWindowsPipe() throws Exception {
    EngineConfig linux = fromEnvironment(Map.of(), "Linux");
    assertThat(linux.host().getScheme()).isEqualTo("unix");
    assertThat(linux.host().getPath()).endsWith("/var/run/docker.sock");
    assertThat(linux.source()).startsWith("the default socket; no socket found at ");
    assertThat(linux.tlsVerify()).isFalse();
    EngineConfig win = fromEnvironment(Map.of(), "Windows 11");
    assertThat(win.host()).isEqualTo(URI.create("npipe:////./pipe/docker_engine"));
  }

  @Test
  void readsDockerHostTlsAndApiVersion() throws Exception {
    EngineConfig c = fromEnvironment(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2376", "DOCKER_TLS_VERIFY", "1",
        "DOCKER_CERT_PATH", "/certs", "DOCKER_API_VERSION", "1.41"), "Linux");
    assertThat(c.host()).isEqualTo(URI.create("tcp://10.0.0.5:2376"));
    assertThat(c.source()).isEqualTo("DOCKER_HOST");
    assertThat(c.tlsVerify()).isTrue();
    assertThat(c.certPath()).contains(Path.of("/certs"));
    assertThat(c.apiVersion()).contains("1.41");
    assertThat(fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "0"), "Linux").tlsVerify()).isFalse();
  }

  @Test
  void comparesApiVersions() {
    assertThat(DockerEngine.Versions.compare("1.41", "1.44")).isNegative();
    assertThat(DockerEngine.Versions.compare("1.44", "1.44")).isZero();
    assertThat(DockerEngine.Versions.min("1.47", DockerEngine.MAX_API)).isEqualTo("1.44");
    assertThat(DockerEngine.Versions.min("1.41", DockerEngine.MAX_API)).isEqualTo("1.41");
  }

  @Test
  void dockerignoreRulesAreHonoured() throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("ctx");
    java.nio.file.Files.writeString(dir.resolve(".dockerignore"), "# comment\nnode_modules\n*.log\n!keep.log\n");
    var rules = BuildContext.class.getDeclaredMethod("rules", Path.class);
    rules.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<Object> r = (List<Object>) rules.invoke(null, dir.resolve(".dockerignore"));
    var ignored = BuildContext.class.getDeclaredMethod("ignored", List.class, String.class);
    ignored.setAccessible(true);
    assertThat((boolean) ignored.invoke(null, r, "node_modules/x/y.js")).isTrue();
    assertThat((boolean) ignored.invoke(null, r, "debug.log")).isTrue();
    assertThat((boolean) ignored.invoke(null, r, "keep.log")).isFalse();
    assertThat((boolean) ignored.invoke(null, r, "src/Main.java")).isFalse();
  }

  @Test
  void secretFilesAreTarredWithModeAndOwner() throws Exception {
    byte[] tar = ContainerFactory.tar(List.of(new ServiceSpec.FileEntry("secret", "pw", "/run/secrets/pw",
        "v".getBytes(), 0400, 70, 71)));
    try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
      var e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo("run/secrets/pw");
      assertThat(e.getMode() & 07777).isEqualTo(0400);
      assertThat(e.getLongUserId()).isEqualTo(70);
      assertThat(e.getLongGroupId()).isEqualTo(71);
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void fastReadinessUsesStartIntervalOnNewEnginesOnly() {
    dev.onyx.deploy.core.Stack stack = dev.onyx.deploy.core.Stack.builder("p")
        .addService(dev.onyx.deploy.core.Service.builder("s").image("i").build()).build();
    dev.onyx.deploy.core.Healthcheck slow = dev.onyx.deploy.core.Healthcheck.cmd("true")
        .withInterval(java.time.Duration.ofSeconds(30));
    java.time.Duration fast = java.time.Duration.ofMillis(250);
    var newEngine = new ContainerFactory(null, stack, Path.of("/"), List.of(), true, fast).healthcheck(slow);
    assertThat(newEngine.getStartInterval()).isEqualTo(250_000_000L);
    assertThat(newEngine.getStartPeriod()).isEqualTo(60_000_000_000L);
    assertThat(newEngine.getTest()).containsExactly("CMD", "true");
    var oldEngine = new ContainerFactory(null, stack, Path.of("/"), List.of(), false, fast).healthcheck(slow);
    assertThat(oldEngine.getStartInterval()).isNull();
    var off = new ContainerFactory(null, stack, Path.of("/"), List.of(), true, null).healthcheck(slow);
    assertThat(off.getStartInterval()).isNull();
    var shortInterval = new ContainerFactory(null, stack, Path.of("/"), List.of(), true, fast)
        .healthcheck(slow.withInterval(java.time.Duration.ofSeconds(1)));
    assertThat(shortInterval.getStartInterval()).isNull();
  }
}
