package dev.onyx.deploy.docker;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry credentials from a Docker CLI configuration document ({@code config.json}): its
 * {@code auths}, {@code credHelpers} and {@code credsStore}, looked up as the {@code docker} CLI does.
 * Log lines name registries and helpers, never a credential.
 */
final class DockerConfigCredentials implements RegistryCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(DockerConfigCredentials.class);

  /** Where the document comes from: re-read on each lookup (a login made meanwhile counts). */
  private final java.util.function.Supplier<Optional<Map<String, Object>>> document;
  private final String source;
  /** Finds a credential helper's program (on the {@code PATH}; a test gives its own folder). */
  private final java.util.function.Function<String, Optional<Path>> programs;

  private DockerConfigCredentials(java.util.function.Supplier<Optional<Map<String, Object>>> document,
      String source, java.util.function.Function<String, Optional<Path>> programs) {
    this.document = document;
    this.source = source;
    this.programs = programs;
  }

  static Path defaultFile(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    Path folder = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
    return folder.resolve("config.json");
  }

  static RegistryCredentials fromFile(Path file) {
    return new DockerConfigCredentials(() -> {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      try (InputStream in = Files.newInputStream(file)) {
        return Optional.of(EngineGateway.map(EngineGateway.parse(in)));
      } catch (IOException e) {
        LOG.warn("cannot read the Docker configuration {} ({}); pulling without its credentials", file,
            e.getClass().getSimpleName());
        return Optional.empty();
      }
    }, file.toString(), DockerConfigCredentials::onPath);
  }

  static RegistryCredentials fromText(String json, String source) {
    return fromText(json, source, DockerConfigCredentials::onPath);
  }

  static RegistryCredentials fromText(String json, String source,
      java.util.function.Function<String, Optional<Path>> programs) {
    Optional<Map<String, Object>> doc;
    try {
      doc = Optional.of(EngineGateway.map(EngineGateway.parse(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))));
    } catch (IOException e) {
      LOG.warn("{} is not a JSON document; its credentials are not used", source);
      doc = Optional.empty();
    }
    Optional<Map<String, Object>> d = doc;
    return new DockerConfigCredentials(() -> d, source, programs);
  }

  static RegistryCredentials fromEnvironment(Map<String, String> env) {
    String json = env.get("DOCKER_AUTH_CONFIG");
    if (json == null || json.isBlank()) {
      return RegistryCredentials.none();
    }
    return fromText(json, "the environment variable DOCKER_AUTH_CONFIG");
  }

  @Override
  public Optional<RegistryAuth> find(String registry) {
    Optional<Map<String, Object>> doc = document.get();
    if (doc.isEmpty()) {
      return Optional.empty();
    }
    String host = ImageRef.registryOfKey(registry);
    Map<String, Object> helpers = EngineGateway.map(doc.get().get("credHelpers"));
    for (Map.Entry<String, Object> h : helpers.entrySet()) {
      if (ImageRef.registryOfKey(h.getKey()).equals(host)) {
        return fromHelper(EngineGateway.str(h.getValue()), h.getKey());
      }
    }
    Map<String, Object> auths = EngineGateway.map(doc.get().get("auths"));
    for (Map.Entry<String, Object> a : auths.entrySet()) {
      if (ImageRef.registryOfKey(a.getKey()).equals(host)) {
        Optional<RegistryAuth> auth = fromAuthEntry(EngineGateway.map(a.getValue()));
        if (auth.isPresent()) {
          return auth;
        }
      }
    }
    Object store = doc.get().get("credsStore");
    if (store != null) {
      String key = host.equals(ImageRef.DOCKER_HUB) ? ImageRef.DOCKER_HUB_AUTH_KEY : host;
      return fromHelper(EngineGateway.str(store), key);
    }
    return Optional.empty();
  }

  private static Optional<RegistryAuth> fromAuthEntry(Map<String, Object> entry) {
    Object token = entry.get("identitytoken");
    if (token != null && !token.toString().isEmpty()) {
      return Optional.of(RegistryAuth.identityToken(token.toString()));
    }
    Object auth = entry.get("auth");
    if (auth != null && !auth.toString().isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.toString().strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty()
          : Optional.of(RegistryAuth.basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    Object user = entry.get("username");
    Object password = entry.get("password");
    return user != null && password != null
        ? Optional.of(RegistryAuth.basic(user.toString(), password.toString())) : Optional.empty();
  }

  /**
   * Runs {@code docker-credential-NAME get} with the registry on its standard input, as the
   * {@code docker} CLI does; a helper that is not installed, fails or knows nothing gives nothing.
   */
  private Optional<RegistryAuth> fromHelper(String name, String serverUrl) {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      return Optional.empty();
    }
    Optional<Path> program = programs.apply("docker-credential-" + name);
    if (program.isEmpty()) {
      LOG.debug("credential helper docker-credential-{} (from {}) is not installed; skipped", name, source);
      return Optional.empty();
    }
    try {
      Process p = new ProcessBuilder(program.get().toString(), "get").redirectErrorStream(false).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out = p.getInputStream().readAllBytes();
      p.getErrorStream().transferTo(OutputStream.nullOutputStream());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("credential helper docker-credential-{} did not answer for {} within 30 s", name, serverUrl);
        return Optional.empty();
      }
      if (p.exitValue() != 0) {
        LOG.debug("credential helper docker-credential-{} has nothing for {}", name, serverUrl);
        return Optional.empty();
      }
      Map<String, Object> answer = EngineGateway.map(EngineGateway.parse(new ByteArrayInputStream(out)));
      String user = EngineGateway.str(answer.get("Username"));
      String secret = EngineGateway.str(answer.get("Secret"));
      if (secret == null || secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of("<token>".equals(user) ? RegistryAuth.identityToken(secret)
          : RegistryAuth.basic(user == null ? "" : user, secret));
    } catch (IOException e) {
      LOG.debug("credential helper docker-credential-{} failed for {}: {}", name, serverUrl,
          e.getClass().getSimpleName());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String name : windows ? new String[] {program + ".exe", program + ".cmd", program} : new String[] {program}) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "credentials of " + source;
  }
}
