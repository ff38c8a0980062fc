package dev.onyx.deploy.docker;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the credentials for pulling from and pushing to registries come from. Combine sources with
 * {@link #orElse(RegistryCredentials)}; the first that knows a registry wins.
 *
 * <pre>
 * RegistryCredentials.of("registry.example.com", RegistryAuth.basic("ci", token))   // in code
 *     .orElse(RegistryCredentials.defaults())            // DOCKER_AUTH_CONFIG, then ~/.docker/config.json
 * </pre>
 *
 * <p>The Docker configuration is read as the {@code docker} CLI reads it: {@code auths} entries
 * ({@code auth} = base64 of {@code user:password}, or {@code identitytoken}), and credential helpers
 * ({@code credHelpers} per registry, {@code credsStore} for the rest) run as
 * {@code docker-credential-NAME get} when that program is on the {@code PATH} (a helper that is not
 * installed is skipped). Implementations must be thread-safe and must never log a secret.
 */
@FunctionalInterface
public interface RegistryCredentials {
  /**
   * @param registry a registry host as in image references ({@code registry.example.com:5000},
   *     {@code docker.io} for Docker Hub)
   * @return the credentials for it, or empty to pull and push anonymously
   */
  Optional<RegistryAuth> find(String registry);

  /**
   * @param next the source asked when this one knows nothing of a registry
   * @return both, this one first
   */
  default RegistryCredentials orElse(RegistryCredentials next) {
    Objects.requireNonNull(next, "next == null");
    return registry -> {
      Optional<RegistryAuth> a = find(registry);
      return a.isPresent() ? a : next.find(registry);
    };
  }

  /** @return no credentials: every pull and push is anonymous */
  static RegistryCredentials none() {
    return registry -> Optional.empty();
  }

  /**
   * @param registry the registry host ({@code docker.io} for Docker Hub)
   * @param auth its credentials
   * @return a source that knows that one registry
   */
  static RegistryCredentials of(String registry, RegistryAuth auth) {
    Objects.requireNonNull(auth, "auth == null");
    String host = ImageRef.registryOfKey(Objects.requireNonNull(registry, "registry == null"));
    return r -> host.equals(ImageRef.registryOfKey(r)) ? Optional.of(auth) : Optional.empty();
  }

  /**
   * @return the environment's credentials ({@link #fromEnvironment()}), then the Docker
   *     configuration's ({@link #fromDockerConfig()})
   */
  static RegistryCredentials defaults() {
    return fromEnvironment().orElse(fromDockerConfig());
  }

  /**
   * @return the credentials of the Docker CLI's configuration: {@code $DOCKER_CONFIG/config.json},
   *     else {@code ~/.docker/config.json} (none when the file does not exist); read on each lookup,
   *     so a {@code docker login} made meanwhile counts
   */
  static RegistryCredentials fromDockerConfig() {
    return DockerConfigCredentials.fromFile(DockerConfigCredentials.defaultFile(System.getenv()));
  }

  /**
   * @param configJson a Docker CLI configuration file
   * @return its credentials (none when the file does not exist)
   */
  static RegistryCredentials fromDockerConfig(java.nio.file.Path configJson) {
    return DockerConfigCredentials.fromFile(Objects.requireNonNull(configJson, "configJson == null"));
  }

  /**
   * @return the credentials in the environment variable {@code DOCKER_AUTH_CONFIG}: a Docker
   *     configuration document (its {@code auths} and credential helpers), as CI systems pass
   *     registry credentials; none when it is not set
   */
  static RegistryCredentials fromEnvironment() {
    return DockerConfigCredentials.fromEnvironment(System.getenv());
  }
}
