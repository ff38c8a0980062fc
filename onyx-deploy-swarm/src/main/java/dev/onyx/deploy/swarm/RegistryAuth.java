package dev.onyx.deploy.swarm;

import dev.onyx.deploy.docker.DeployException;
import dev.onyx.deploy.docker.EngineApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Registry credentials from the Docker configuration ({@code config.json}): an {@code auths}
 * entry for the registry, or the credential helper it names ({@code credHelpers}, else
 * {@code credsStore}) when that helper's program is installed. The result is the
 * {@code X-Registry-Auth} header the engine takes; credentials never reach a log or a message.
 */
final class RegistryAuth {
  private RegistryAuth() {
  }

  /** @return the folder {@code DOCKER_CONFIG} names, else {@code ~/.docker} */
  static Path defaultConfigDir() {
    String d = System.getenv("DOCKER_CONFIG");
    return d != null && !d.isBlank() ? Path.of(d) : Path.of(System.getProperty("user.home"), ".docker");
  }

  /** @return the registry host of an image reference or registry name ({@code host[:port]}) */
  static String host(String registry) {
    int slash = registry.indexOf('/');
    return slash < 0 ? registry : registry.substring(0, slash);
  }

  /**
   * @param configDir the Docker configuration folder
   * @param registry the registry ({@code host[:port][/path]})
   * @return the {@code X-Registry-Auth} header value: the credentials found, else an empty one
   */
  static String header(Path configDir, String registry) {
    String host = host(registry);
    Map<String, Object> auth = new LinkedHashMap<>();
    credentials(configDir, host).ifPresent(auth::putAll);
    if (!auth.isEmpty()) {
      auth.put("serveraddress", host);
    }
    return Base64.getUrlEncoder().encodeToString(EngineApi.toJson(auth).getBytes(StandardCharsets.UTF_8));
  }

  /** @return {@code username}/{@code password} (or {@code identitytoken}) for the host, when configured */
  static Optional<Map<String, Object>> credentials(Path configDir, String host) {
    Path file = configDir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Map<String, Object> config;
    try (InputStream in = Files.newInputStream(file)) {
      config = EngineApi.map(parse(in.readAllBytes()));
    } catch (IOException | RuntimeException e) {
      throw new DeployException("cannot read the Docker configuration " + file + " for the credentials of "
          + host + " (" + e.getClass().getSimpleName() + "); fix or remove the file");
    }
    String helper = EngineApi.str(EngineApi.map(config.get("credHelpers")).get(host));
    if (helper == null) {
      helper = EngineApi.str(config.get("credsStore"));
    }
    Map<String, Object> entry = EngineApi.map(EngineApi.map(config.get("auths")).get(host));
    if (entry.isEmpty()) {
      entry = EngineApi.map(EngineApi.map(config.get("auths")).get("https://" + host));
    }
    String encoded = EngineApi.str(entry.get("auth"));
    if (encoded != null && !encoded.isBlank()) {
      String plain = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
      int colon = plain.indexOf(':');
      if (colon > 0) {
        return Optional.of(Map.of("username", plain.substring(0, colon), "password", plain.substring(colon + 1)));
      }
    }
    String token = EngineApi.str(entry.get("identitytoken"));
    if (token != null && !token.isBlank()) {
      return Optional.of(Map.of("identitytoken", token));
    }
    return helper == null ? Optional.empty() : fromHelper(helper, host);
  }

  /** Asks {@code docker-credential-HELPER get}; nothing when the program is not installed or knows nothing. */
  private static Optional<Map<String, Object>> fromHelper(String helper, String host) {
    ProcessBuilder pb = new ProcessBuilder("docker-credential-" + helper, "get").redirectErrorStream(false);
    try {
      Process p = pb.start();
      p.getOutputStream().write(host.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      Map<String, Object> m = EngineApi.map(parse(out));
      String user = EngineApi.str(m.get("Username"));
      String secret = EngineApi.str(m.get("Secret"));
      if (secret == null) {
        return Optional.empty();
      }
      if ("<token>".equals(user)) {
        return Optional.of(Map.of("identitytoken", secret));
      }
      return Optional.of(Map.of("username", user == null ? "" : user, "password", secret));
    } catch (IOException e) {
      return Optional.empty(); // no such helper program here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static @Nullable Object parse(byte[] json) throws IOException {
    return EngineApi.parse(new ByteArrayInputStream(json));
  }
}
