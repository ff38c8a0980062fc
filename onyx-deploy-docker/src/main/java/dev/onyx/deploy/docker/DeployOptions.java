package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.event.DeployListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link DockerEngine#apply} works. Immutable: each {@code withX} returns a copy.
 *
 * <pre>
 * DeployOptions.defaults()
 *     .withTimeout(Duration.ofMinutes(3))
 *     .withListener(DeployListener.logging())
 *     .afterHealthy("api", List.of("sh", "-c", "alembic upgrade head"))
 * </pre>
 */
public final class DeployOptions {
  /**
   * A command run once in a service's container after it became ready in an apply that started it.
   *
   * @param service the service
   * @param command the argv
   */
  public record Hook(String service, List<String> command) {
    /**
     * Copies the command.
     *
     * @param service the service
     * @param command the argv
     */
    public Hook {
      Objects.requireNonNull(service, "service == null");
      command = List.copyOf(command);
    }
  }

  private final Duration timeout;
  private final DeployListener listener;
  private final boolean fastReadiness;
  private final Path workingDir;
  private final List<String> configFiles;
  private final List<Hook> hooks;
  private final Duration fastReadinessInterval;
  private Path stateDir = SecretStore.defaultStateDir();
  private int maxConcurrentStarts = Math.max(2, Runtime.getRuntime().availableProcessors());
  private PullPolicy pullPolicy = PullPolicy.MISSING;
  private RegistryOptions registryOptions = RegistryOptions.defaults();

  private DeployOptions(Duration timeout, DeployListener listener, boolean fastReadiness, Path workingDir,
      List<String> configFiles, List<Hook> hooks, Duration fastReadinessInterval) {
    this.timeout = timeout;
    this.listener = listener;
    this.fastReadiness = fastReadiness;
    this.workingDir = workingDir;
    this.configFiles = List.copyOf(configFiles);
    this.hooks = List.copyOf(hooks);
    this.fastReadinessInterval = fastReadinessInterval;
  }

  /**
   * @return 5 minutes timeout, no listener, fast readiness on (every 250 ms), the current folder as
   *     project folder
   */
  public static DeployOptions defaults() {
    return new DeployOptions(Duration.ofMinutes(5), DeployListener.NONE, true,
        Path.of("").toAbsolutePath(), List.of(), List.of(), Duration.ofMillis(250));
  }

  /**
   * @param value the most the whole apply may take
   * @return a copy
   */
  public DeployOptions withTimeout(Duration value) {
    return copy(new DeployOptions(Objects.requireNonNull(value), listener, fastReadiness, workingDir, configFiles,
        hooks, fastReadinessInterval));
  }

  /**
   * @param value receives progress events (from several threads)
   * @return a copy
   */
  public DeployOptions withListener(DeployListener value) {
    return copy(new DeployOptions(timeout, Objects.requireNonNull(value), fastReadiness, workingDir, configFiles,
        hooks, fastReadinessInterval));
  }

  /**
   * @param value whether to run a service's healthcheck test through exec at a short cadence until it
   *     first passes, on engines without {@code start_interval} (API &lt; 1.44), for healthchecks whose
   *     interval is longer than the probe interval; on by default
   * @return a copy
   */
  public DeployOptions withFastReadiness(boolean value) {
    return copy(new DeployOptions(timeout, listener, value, workingDir, configFiles, hooks, fastReadinessInterval));
  }

  /**
   * @param value the fast-readiness probe interval (at least 50 ms)
   * @return a copy
   */
  public DeployOptions withFastReadinessInterval(Duration value) {
    if (value.toMillis() < 50) {
      throw new IllegalArgumentException("fast readiness interval must be at least 50ms, was "
          + dev.onyx.deploy.core.Durations.format(value));
    }
    return copy(new DeployOptions(timeout, listener, fastReadiness, workingDir, configFiles, hooks, value));
  }

  /**
   * @param value the project folder: relative build contexts, bind mounts, secret and config files
   *     are resolved against it; recorded in the {@code com.docker.compose.project.working_dir} label
   * @return a copy
   */
  public DeployOptions withWorkingDir(Path value) {
    return copy(new DeployOptions(timeout, listener, fastReadiness, value.toAbsolutePath(), configFiles, hooks,
        fastReadinessInterval));
  }

  /**
   * @param value the compose files the stack came from (the {@code project.config_files} label)
   * @return a copy
   */
  public DeployOptions withConfigFiles(List<String> value) {
    return copy(new DeployOptions(timeout, listener, fastReadiness, workingDir, value, hooks, fastReadinessInterval));
  }

  /**
   * Adds a post-deploy hook: the command runs (through exec) once the service is ready (healthy,
   * or started without healthcheck), in each apply that (re)created or started the service; its
   * dependants wait for it. A non-zero exit fails the apply naming the service.
   *
   * @param service the service
   * @param command the argv
   * @return a copy
   */
  public DeployOptions afterHealthy(String service, List<String> command) {
    List<Hook> h = new ArrayList<>(hooks);
    h.add(new Hook(service, command));
    return copy(new DeployOptions(timeout, listener, fastReadiness, workingDir, configFiles, h, fastReadinessInterval));
  }

  /**
   * @param value the folder where generated secret values are kept ({@code PROJECT/secrets/NAME});
   *     default {@code ~/.onyx-deploy}
   * @return a copy
   */
  public DeployOptions withStateDir(Path value) {
    DeployOptions o = copy(new DeployOptions(timeout, listener, fastReadiness, workingDir, configFiles, hooks,
        fastReadinessInterval));
    o.stateDir = value.toAbsolutePath();
    return o;
  }

  /**
   * Limits how many services without dependencies (the first wave) are being started at the same
   * time. Those on the longest dependency chain start first, so the head of the critical path does
   * not queue behind services with slack; the others start as soon as a slot frees. A service with
   * dependencies starts as soon as they meet their conditions, without waiting for a slot.
   *
   * @param value at least 1; default the number of processors, at least 2
   * @return a copy
   */
  public DeployOptions withMaxConcurrentStarts(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("max concurrent starts < 1: " + value);
    }
    DeployOptions o = copy(new DeployOptions(timeout, listener, fastReadiness, workingDir, configFiles, hooks,
        fastReadinessInterval));
    o.maxConcurrentStarts = value;
    return o;
  }

  /** @return how many services without dependencies may be started at the same time */
  public int maxConcurrentStarts() {
    return maxConcurrentStarts;
  }

  /** @return the folder where generated secret values are kept */
  public Path stateDir() {
    return stateDir;
  }

  /**
   * @param value when images are pulled before the apply starts (default {@link PullPolicy#MISSING});
   *     a service's own {@code pull_policy} wins
   * @return a copy
   */
  public DeployOptions withPullPolicy(PullPolicy value) {
    DeployOptions o = copy(new DeployOptions(timeout, listener, fastReadiness, workingDir, configFiles, hooks,
        fastReadinessInterval));
    o.pullPolicy = java.util.Objects.requireNonNull(value, "pullPolicy == null");
    return o;
  }

  /**
   * @param value registry credentials and how many images are pulled at the same time (default
   *     {@link RegistryOptions#defaults()}: the environment's and the Docker configuration's credentials)
   * @return a copy
   */
  public DeployOptions withRegistryOptions(RegistryOptions value) {
    DeployOptions o = copy(new DeployOptions(timeout, listener, fastReadiness, workingDir, configFiles, hooks,
        fastReadinessInterval));
    o.registryOptions = java.util.Objects.requireNonNull(value, "registryOptions == null");
    return o;
  }

  /** @return when images are pulled */
  public PullPolicy pullPolicy() {
    return pullPolicy;
  }

  /** @return registry credentials and pull parallelism */
  public RegistryOptions registryOptions() {
    return registryOptions;
  }

  private DeployOptions copy(DeployOptions o) {
    o.stateDir = this.stateDir;
    o.maxConcurrentStarts = this.maxConcurrentStarts;
    o.pullPolicy = this.pullPolicy;
    o.registryOptions = this.registryOptions;
    return o;
  }

  /** @return the timeout of the whole apply */
  public Duration timeout() {
    return timeout;
  }

  /** @return the listener */
  public DeployListener listener() {
    return listener;
  }

  /** @return whether fast readiness is on */
  public boolean fastReadiness() {
    return fastReadiness;
  }

  /** @return the fast-readiness probe interval */
  public Duration fastReadinessInterval() {
    return fastReadinessInterval;
  }

  /** @return the project folder */
  public Path workingDir() {
    return workingDir;
  }

  /** @return the compose files named in labels */
  public List<String> configFiles() {
    return configFiles;
  }

  /** @return the post-deploy hooks */
  public List<Hook> hooks() {
    return hooks;
  }
}
