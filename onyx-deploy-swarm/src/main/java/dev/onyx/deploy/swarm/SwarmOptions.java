package dev.onyx.deploy.swarm;

import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.RegistryCredentials;
import dev.onyx.deploy.docker.StackInputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link SwarmEngine#apply} (and {@link SwarmEngine#plan}) work. Immutable: each {@code withX}
 * returns a copy.
 *
 * <pre>
 * SwarmOptions.defaults()
 *     .withTimeout(Duration.ofMinutes(5))
 *     .withRegistry("registry.example.com:5000")
 *     .withListener(DeployListener.logging())
 * </pre>
 */
public final class SwarmOptions {
  private record Values(Duration timeout, DeployListener listener, Path workingDir, Path stateDir,
      Optional<String> registry, RegistryCredentials credentials, boolean imageCheck, Duration pollInterval) {
  }

  private final Values v;

  private SwarmOptions(Values v) {
    this.v = v;
  }

  /**
   * @return 5 minutes timeout, no listener, the current folder as project folder, generated secrets
   *     kept in {@code ~/.onyx-deploy}, no registry (images must be on every node; checked), the
   *     task list read every 100 ms while something waits
   */
  public static SwarmOptions defaults() {
    return new SwarmOptions(new Values(Duration.ofMinutes(5), DeployListener.NONE, Path.of("").toAbsolutePath(),
        StackInputs.defaultStateDir(), Optional.empty(), RegistryCredentials.defaults(), true, Duration.ofMillis(100)));
  }

  /**
   * @param value the most the whole apply may take
   * @return a copy
   */
  public SwarmOptions withTimeout(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + value.toMillis() + " ms");
    }
    return new SwarmOptions(new Values(value, v.listener, v.workingDir, v.stateDir, v.registry, v.credentials,
        v.imageCheck, v.pollInterval));
  }

  /**
   * @param value receives progress events (from several threads)
   * @return a copy
   */
  public SwarmOptions withListener(DeployListener value) {
    return new SwarmOptions(new Values(v.timeout, Objects.requireNonNull(value, "listener == null"), v.workingDir,
        v.stateDir, v.registry, v.credentials, v.imageCheck, v.pollInterval));
  }

  /**
   * @param value the project folder: env files, secret and config files and bind mounts are
   *     resolved against it
   * @return a copy
   */
  public SwarmOptions withWorkingDir(Path value) {
    return new SwarmOptions(new Values(v.timeout, v.listener, value.toAbsolutePath(), v.stateDir, v.registry,
        v.credentials, v.imageCheck, v.pollInterval));
  }

  /**
   * @param value the folder generated secret values are kept in ({@code STACK/secrets/NAME}); default
   *     {@code ~/.onyx-deploy}, shared with the engine backend
   * @return a copy
   */
  public SwarmOptions withStateDir(Path value) {
    return new SwarmOptions(new Values(v.timeout, v.listener, v.workingDir, value.toAbsolutePath(), v.registry,
        v.credentials, v.imageCheck, v.pollInterval));
  }

  /**
   * Pushes the stack's images that the manager holds to this registry (through the manager's API,
   * with the credentials the Docker configuration has for it), and has the services pull them from
   * there by digest, so every node runs the very same image.
   *
   * @param value a registry host, optionally with a port and a path prefix, e.g.
   *     {@code registry.example.com:5000} or {@code 10.0.0.5:5000/team}
   * @return a copy
   */
  public SwarmOptions withRegistry(String value) {
    String r = value.strip();
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    if (r.isEmpty() || r.contains("://") || r.contains(" ")) {
      throw new IllegalArgumentException("registry must be a host[:port][/path], e.g. registry.example.com:5000, was '"
          + value + "'");
    }
    return new SwarmOptions(new Values(v.timeout, v.listener, v.workingDir, v.stateDir, Optional.of(r),
        v.credentials, v.imageCheck, v.pollInterval));
  }

  /**
   * @param value where the registry's credentials come from (for the push, and for the nodes' pulls);
   *     default {@link RegistryCredentials#defaults()}: {@code DOCKER_AUTH_CONFIG}, then the Docker
   *     configuration ({@code DOCKER_CONFIG}, else {@code ~/.docker})
   * @return a copy
   */
  public SwarmOptions withCredentials(RegistryCredentials value) {
    return new SwarmOptions(new Values(v.timeout, v.listener, v.workingDir, v.stateDir, v.registry,
        Objects.requireNonNull(value, "value == null"), v.imageCheck, v.pollInterval));
  }

  /**
   * @param value without a registry, whether the apply first checks that every node that may run a
   *     service holds its image (a short-lived job per image on the nodes, about a second); on by
   *     default. Off, a node without the image still fails the apply, once its task is rejected.
   * @return a copy
   */
  public SwarmOptions withImageCheck(boolean value) {
    return new SwarmOptions(new Values(v.timeout, v.listener, v.workingDir, v.stateDir, v.registry,
        v.credentials, value, v.pollInterval));
  }

  /**
   * @param value how often the manager's task list is read while the apply waits for a condition
   *     (events from the manager trigger a read at once); at least 50 ms
   * @return a copy
   */
  public SwarmOptions withPollInterval(Duration value) {
    if (value.toMillis() < 50) {
      throw new IllegalArgumentException("poll interval must be at least 50 ms: " + value.toMillis() + " ms");
    }
    return new SwarmOptions(new Values(v.timeout, v.listener, v.workingDir, v.stateDir, v.registry,
        v.credentials, v.imageCheck, value));
  }

  /** @return the timeout of the whole apply */
  public Duration timeout() {
    return v.timeout;
  }

  /** @return the listener */
  public DeployListener listener() {
    return v.listener;
  }

  /** @return the project folder */
  public Path workingDir() {
    return v.workingDir;
  }

  /** @return the folder generated secret values are kept in */
  public Path stateDir() {
    return v.stateDir;
  }

  /** @return the registry images are pushed to, when set */
  public Optional<String> registry() {
    return v.registry;
  }

  /** @return where the registry's credentials come from */
  public RegistryCredentials credentials() {
    return v.credentials;
  }

  /** @return whether images are checked on the nodes before anything is made */
  public boolean imageCheck() {
    return v.imageCheck;
  }

  /** @return how often the task list is read while waiting */
  public Duration pollInterval() {
    return v.pollInterval;
  }
}
