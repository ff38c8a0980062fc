package dev.onyx.deploy.docker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to reach a Docker engine.
 *
 * <pre>
 * EngineConfig.fromEnvironment()                         // where the docker CLI connects
 * EngineConfig.of(URI.create("tcp://build-host:2376")).withTls(Path.of("/certs"))
 * </pre>
 *
 * @param host the engine's address: {@code unix:///var/run/docker.sock}, {@code tcp://host:2376},
 *     {@code npipe:////./pipe/docker_engine}
 * @param tlsVerify whether to use TLS with client certificates (tcp only)
 * @param certPath the folder holding {@code ca.pem}, {@code cert.pem}, {@code key.pem} when TLS is on
 * @param apiVersion a fixed API version (e.g. {@code 1.41}); empty negotiates with the engine
 * @param connectTimeout how long connecting may take
 * @param source where the host came from, for error messages (e.g. {@code DOCKER_HOST})
 */
public record EngineConfig(URI host, boolean tlsVerify, Optional<Path> certPath,
    Optional<String> apiVersion, Duration connectTimeout, String source) {

  /** The default unix socket. */
  public static final URI DEFAULT_UNIX = URI.create("unix:///var/run/docker.sock");
  /** The default Windows named pipe. */
  public static final URI DEFAULT_NPIPE = URI.create("npipe:////./pipe/docker_engine");

  /**
   * Checks for nulls.
   *
   * @param host the engine's address: {@code unix:///var/run/docker.sock}, {@code tcp://host:2376},
   *     {@code npipe:////./pipe/docker_engine}
   * @param tlsVerify whether to use TLS with client certificates (tcp only)
   * @param certPath the folder holding {@code ca.pem}, {@code cert.pem}, {@code key.pem} when TLS is on
   * @param apiVersion a fixed API version (e.g. {@code 1.41}); empty negotiates with the engine
   * @param connectTimeout how long connecting may take
   * @param source where the host came from, for error messages (e.g. {@code DOCKER_HOST})
   */
  public EngineConfig {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(certPath, "certPath == null");
    Objects.requireNonNull(apiVersion, "apiVersion == null");
    Objects.requireNonNull(connectTimeout, "connectTimeout == null");
    Objects.requireNonNull(source, "source == null");
  }

  /**
   * @param host the engine's address
   * @return a config for it, without TLS
   */
  public static EngineConfig of(URI host) {
    return new EngineConfig(host, false, Optional.empty(), Optional.empty(), Duration.ofSeconds(10),
        "given address");
  }

  /**
   * @return the config the {@code docker} CLI would use: the engine of {@code DOCKER_HOST}, else of
   *     the docker context named by {@code DOCKER_CONTEXT}, else of the Docker config's current
   *     context ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}), else the first
   *     socket that exists among the default one, Docker Desktop's {@code ~/.docker/run/docker.sock},
   *     rootless Docker's {@code $XDG_RUNTIME_DIR/docker.sock}, Colima's, Rancher Desktop's and
   *     Podman's (else the default socket, or pipe on Windows); {@code DOCKER_TLS_VERIFY},
   *     {@code DOCKER_CERT_PATH} (else {@code ~/.docker}) or a context's own TLS files; and
   *     {@code DOCKER_API_VERSION}. {@link #source()} says which of these it came from.
   * @throws EngineUnavailableException when the named context does not exist or the Docker config
   *     cannot be read
   */
  public static EngineConfig fromEnvironment() {
    return fromEnvironment(System.getenv(), System.getProperty("os.name", ""),
        Path.of(System.getProperty("user.home")), Path.of(DEFAULT_UNIX.getPath()));
  }

  static EngineConfig fromEnvironment(Map<String, String> env, String osName, Path home, Path defaultSocket) {
    EngineLocator.Location where = new EngineLocator(env, osName, home, defaultSocket).locate();
    String tls = blankToNull(env.get("DOCKER_TLS_VERIFY"));
    boolean tlsVerify = tls != null && !tls.equals("0") && !tls.equalsIgnoreCase("false");
    String certs = blankToNull(env.get("DOCKER_CERT_PATH"));
    Optional<Path> certPath = certs != null ? Optional.of(Path.of(certs))
        : tlsVerify ? Optional.of(home.resolve(".docker")) : Optional.empty();
    if (where.tlsFolder().isPresent()) {
      tlsVerify = true;
      certPath = where.tlsFolder();
    }
    return new EngineConfig(where.host(), tlsVerify, certPath,
        Optional.ofNullable(blankToNull(env.get("DOCKER_API_VERSION"))), Duration.ofSeconds(10), where.source());
  }

  /**
   * @param folder the folder with {@code ca.pem}, {@code cert.pem}, {@code key.pem}
   * @return a copy using TLS
   */
  public EngineConfig withTls(Path folder) {
    return new EngineConfig(host, true, Optional.of(folder), apiVersion, connectTimeout, source);
  }

  /**
   * @param version a fixed API version, e.g. {@code 1.41}
   * @return a copy that does not negotiate
   */
  public EngineConfig withApiVersion(String version) {
    return new EngineConfig(host, tlsVerify, certPath, Optional.of(version), connectTimeout, source);
  }

  /**
   * @param timeout the connect timeout
   * @return a copy with it
   */
  public EngineConfig withConnectTimeout(Duration timeout) {
    return new EngineConfig(host, tlsVerify, certPath, apiVersion, timeout, source);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
