package dev.onyx.deploy.docker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the engine the {@code docker} CLI would talk to, in the CLI's own order:
 * <ol>
 *   <li>{@code DOCKER_HOST};
 *   <li>the context named by {@code DOCKER_CONTEXT};
 *   <li>the {@code currentContext} of the Docker config ({@code $DOCKER_CONFIG/config.json}, else
 *       {@code ~/.docker/config.json});
 *   <li>the first socket that exists among the default one and those that Docker Desktop on macOS,
 *       rootless Docker, Colima, Rancher Desktop and Podman create; the default socket (or pipe) when
 *       none does.
 * </ol>
 * A context is read as the CLI stores it: {@code contexts/meta/<sha256 of its name>/meta.json}
 * under the config folder (its {@code Endpoints.docker.Host}), with TLS files under
 * {@code contexts/tls/<sha256>/docker/} when the context has them.
 */
final class EngineLocator {
  /** The name of the context that means "no context": DOCKER_HOST or the default socket. */
  static final String DEFAULT_CONTEXT = "default";

  private final Map<String, String> env;
  private final boolean windows;
  private final Path home;
  private final Path defaultSocket;

  EngineLocator(Map<String, String> env, String osName, Path home, Path defaultSocket) {
    this.env = env;
    this.windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
    this.home = home;
    this.defaultSocket = defaultSocket;
  }

  /** Where an engine is, and why there. */
  record Location(URI host, String source, Optional<Path> tlsFolder) {
  }

  /**
   * @return where the engine is
   * @throws EngineUnavailableException when a context is named that the Docker config does not hold,
   *     or the config cannot be read
   */
  Location locate() {
    String host = value("DOCKER_HOST");
    if (host != null) {
      return new Location(URI.create(host), "DOCKER_HOST", Optional.empty());
    }
    String context = value("DOCKER_CONTEXT");
    if (context != null && !context.equals(DEFAULT_CONTEXT)) {
      return context(context, "DOCKER_CONTEXT");
    }
    if (context == null) {
      String current = currentContext();
      if (current != null && !current.equals(DEFAULT_CONTEXT)) {
        return context(current, "the currentContext of " + configFile());
      }
    }
    return knownSocket(context != null ? "DOCKER_CONTEXT=default" : null);
  }

  /** @return the Docker config folder: {@code DOCKER_CONFIG}, else {@code ~/.docker} */
  Path configFolder() {
    String dir = value("DOCKER_CONFIG");
    return dir != null ? Path.of(dir) : home.resolve(".docker");
  }

  private Path configFile() {
    return configFolder().resolve("config.json");
  }

  private @Nullable String currentContext() {
    Path file = configFile();
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Map<String, Object> config = readJson(file, "the Docker config");
    String current = EngineGateway.str(config.get("currentContext"));
    return current == null || current.isBlank() ? null : current.strip();
  }

  private Location context(String name, String from) {
    String id = sha256(name);
    Path meta = configFolder().resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
    String source = "docker context '" + name + "' (from " + from + ")";
    if (!Files.isRegularFile(meta)) {
      throw new EngineUnavailableException(name, "the " + source + " does not exist: there is no " + meta
          + ". List the contexts with 'docker context ls' and choose one with 'docker context use NAME'.", null);
    }
    Map<String, Object> endpoint = EngineGateway.map(EngineGateway.map(readJson(meta, source).get("Endpoints")).get("docker"));
    String host = EngineGateway.str(endpoint.get("Host"));
    if (host == null || host.isBlank()) {
      throw new EngineUnavailableException(name, "the " + source + " names no Docker endpoint (no Endpoints.docker.Host in "
          + meta + ")", null);
    }
    Path tls = configFolder().resolve("contexts").resolve("tls").resolve(id).resolve("docker");
    boolean skipVerify = Boolean.TRUE.equals(endpoint.get("SkipTLSVerify"));
    Optional<Path> tlsFolder = !skipVerify && Files.isRegularFile(tls.resolve("ca.pem")) ? Optional.of(tls) : Optional.empty();
    return new Location(URI.create(host.strip()), source, tlsFolder);
  }

  private Location knownSocket(@Nullable String from) {
    if (windows) {
      return new Location(EngineConfig.DEFAULT_NPIPE, from != null ? from : "the default pipe", Optional.empty());
    }
    List<Path> tried = new ArrayList<>();
    for (Candidate c : candidates()) {
      tried.add(c.socket());
      if (Files.exists(c.socket())) {
        String source = c.socket().equals(defaultSocket) ? "the default socket" : "the " + c.name() + " socket";
        return new Location(URI.create("unix://" + c.socket()), from != null ? from + ", " + source : source,
            Optional.empty());
      }
    }
    return new Location(URI.create("unix://" + defaultSocket), (from != null ? from + ", " : "")
        + "the default socket; no socket found at " + tried.stream().map(Path::toString).reduce((a, b) -> a + ", " + b)
            .orElse(""), Optional.empty());
  }

  /** A socket a known engine creates. */
  record Candidate(String name, Path socket) {
  }

  /** @return the sockets to look for, in order */
  List<Candidate> candidates() {
    List<Candidate> c = new ArrayList<>();
    c.add(new Candidate("default", defaultSocket));
    c.add(new Candidate("Docker Desktop", home.resolve(".docker/run/docker.sock")));
    String runtime = value("XDG_RUNTIME_DIR");
    if (runtime != null) {
      c.add(new Candidate("rootless Docker", Path.of(runtime, "docker.sock")));
    }
    c.add(new Candidate("Colima", home.resolve(".colima/default/docker.sock")));
    c.add(new Candidate("Colima", home.resolve(".colima/docker.sock")));
    c.add(new Candidate("Rancher Desktop", home.resolve(".rd/docker.sock")));
    if (runtime != null) {
      c.add(new Candidate("Podman", Path.of(runtime, "podman/podman.sock")));
    }
    c.add(new Candidate("Podman", Path.of("/run/podman/podman.sock")));
    return c;
  }

  private @Nullable String value(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static Map<String, Object> readJson(Path file, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      return EngineGateway.map(EngineGateway.parse(in));
    } catch (IOException | RuntimeException e) {
      throw new EngineUnavailableException(file.toString(), "cannot read " + what + " (" + file + "): "
          + dev.onyx.deploy.core.internal.Messages.describe(e), e);
    }
  }

  /** @return the hex SHA-256 of a context name: the folder the docker CLI keeps it in */
  static String sha256(String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
