package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link EngineLocator}: the docker CLI's order of DOCKER_HOST, contexts and known sockets. */
class EngineLocatorTest {
  @TempDir
  Path home;

  private EngineLocator.Location locate(Map<String, String> env) {
    return new EngineLocator(env, "Linux", home, home.resolve("var/run/docker.sock")).locate();
  }

  /** Writes a context as {@code docker context create NAME --docker host=HOST} stores it. */
  private void context(Path config, String name, String host) throws Exception {
    Path meta = config.resolve("contexts/meta").resolve(EngineLocator.sha256(name)).resolve("meta.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(meta, "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
        + host + "\",\"SkipTLSVerify\":false}}}");
  }

  @Test
  void contextFoldersAreNamedBySha256OfTheName() {
    // as the docker CLI names them: printf default | sha256sum
    assertThat(EngineLocator.sha256("default"))
        .isEqualTo("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f");
  }

  @Test
  void dockerHostWinsOverContexts() throws Exception {
    context(home.resolve(".docker"), "remote", "tcp://10.0.0.9:2375");
    Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"remote\"}");
    EngineLocator.Location l = locate(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375", "DOCKER_CONTEXT", "remote"));
    assertThat(l.host()).isEqualTo(URI.create("tcp://10.0.0.5:2375"));
    assertThat(l.source()).isEqualTo("DOCKER_HOST");
  }

  @Test
  void dockerContextWinsOverTheCurrentContext() throws Exception {
    Path config = home.resolve("cfg");
    context(config, "colima", "unix:///home/u/.colima/default/docker.sock");
    context(config, "other", "tcp://10.0.0.9:2375");
    Files.writeString(config.resolve("config.json"), "{\"auths\":{},\"currentContext\":\"other\"}");
    EngineLocator.Location l = locate(Map.of("DOCKER_CONFIG", config.toString(), "DOCKER_CONTEXT", "colima"));
    assertThat(l.host()).isEqualTo(URI.create("unix:///home/u/.colima/default/docker.sock"));
    assertThat(l.source()).isEqualTo("docker context 'colima' (from DOCKER_CONTEXT)");
  }

  @Test
  void theCurrentContextOfTheDockerConfigIsUsed() throws Exception {
    context(home.resolve(".docker"), "desktop-linux", "unix:///home/u/.docker/desktop/docker.sock");
    Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"desktop-linux\"}");
    EngineLocator.Location l = locate(Map.of());
    assertThat(l.host()).isEqualTo(URI.create("unix:///home/u/.docker/desktop/docker.sock"));
    assertThat(l.source()).isEqualTo("docker context 'desktop-linux' (from the currentContext of "
        + home.resolve(".docker/config.json") + ")");
  }

  @Test
  void aContextWithTlsFilesUsesThem() throws Exception {
    Path config = home.resolve(".docker");
    context(config, "secure", "tcp://build-host:2376");
    Path tls = config.resolve("contexts/tls").resolve(EngineLocator.sha256("secure")).resolve("docker");
    Files.createDirectories(tls);
    for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
      Files.writeString(tls.resolve(f), "pem");
    }
    EngineConfig c = EngineConfig.fromEnvironment(Map.of("DOCKER_CONTEXT", "secure"), "Linux", home,
        home.resolve("var/run/docker.sock"));
    assertThat(c.host()).isEqualTo(URI.create("tcp://build-host:2376"));
    assertThat(c.tlsVerify()).isTrue();
    assertThat(c.certPath()).contains(tls);
  }

  @Test
  void aMissingContextIsRefusedNamingWhereItWasLookedFor() {
    assertThatThrownBy(() -> locate(Map.of("DOCKER_CONTEXT", "nope")))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageStartingWith("the docker context 'nope' (from DOCKER_CONTEXT) does not exist: there is no ")
        .hasMessageContaining(EngineLocator.sha256("nope"))
        .hasMessageEndingWith("List the contexts with 'docker context ls' and choose one with 'docker context use NAME'.");
  }

  @Test
  void theDefaultContextMeansTheKnownSockets() throws Exception {
    Files.writeString(home.resolve("config.json"), "{\"currentContext\":\"remote\"}");
    EngineLocator.Location l = locate(Map.of("DOCKER_CONTEXT", "default", "DOCKER_CONFIG", home.toString()));
    assertThat(l.host()).isEqualTo(URI.create("unix://" + home.resolve("var/run/docker.sock")));
    assertThat(l.source()).startsWith("DOCKER_CONTEXT=default, the default socket; no socket found at ");
  }

  @Test
  void knownSocketsAreTriedInOrder() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("XDG_RUNTIME_DIR", home.resolve("run/user/1000").toString()));
    Path podman = home.resolve("run/user/1000/podman/podman.sock");
    Files.createDirectories(podman.getParent());
    Files.createFile(podman);
    assertThat(locate(env).source()).isEqualTo("the Podman socket");
    assertThat(locate(env).host()).isEqualTo(URI.create("unix://" + podman));

    Path colima = home.resolve(".colima/default/docker.sock");
    Files.createDirectories(colima.getParent());
    Files.createFile(colima);
    assertThat(locate(env).source()).isEqualTo("the Colima socket");

    Path rootless = home.resolve("run/user/1000/docker.sock");
    Files.createFile(rootless);
    assertThat(locate(env).source()).isEqualTo("the rootless Docker socket");

    Path desktop = home.resolve(".docker/run/docker.sock");
    Files.createDirectories(desktop.getParent());
    Files.createFile(desktop);
    assertThat(locate(env).source()).isEqualTo("the Docker Desktop socket");

    Path standard = home.resolve("var/run/docker.sock");
    Files.createDirectories(standard.getParent());
    Files.createFile(standard);
    assertThat(locate(env).source()).isEqualTo("the default socket");
  }

  @Test
  void anUnreadableDockerConfigIsReported() throws Exception {
    Files.createDirectories(home.resolve(".docker/config.json"));
    assertThat(locate(Map.of()).source()).startsWith("the default socket"); // a folder: no config
    Path config = home.resolve("c");
    Files.createDirectories(config);
    Files.writeString(config.resolve("config.json"), "{\"currentContext\": ");
    assertThatThrownBy(() -> locate(Map.of("DOCKER_CONFIG", config.toString())))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageStartingWith("cannot read the Docker config (" + config.resolve("config.json") + "): ");
  }
}
