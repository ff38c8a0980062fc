package dev.onyx.deploy.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How {@link DockerEngine#down(String, DownOptions)} takes a project away. Immutable: each
 * {@code withX} returns a copy.
 *
 * <pre>
 * engine.down("shop", DownOptions.defaults().withVolumes(true));   // like docker compose down -v
 * </pre>
 */
public final class DownOptions {
  private static final DownOptions DEFAULTS = new DownOptions(false, null, null);

  private final boolean volumes;
  private final @Nullable Duration stopTimeout;
  private final @Nullable Path stateDir;

  private DownOptions(boolean volumes, @Nullable Duration stopTimeout, @Nullable Path stateDir) {
    this.volumes = volumes;
    this.stopTimeout = stopTimeout;
    this.stateDir = stateDir;
  }

  /**
   * @return containers and networks are removed, volumes kept; each container gets its own stop
   *     grace period; the default state folder ({@code ~/.onyx-deploy})
   */
  public static DownOptions defaults() {
    return DEFAULTS;
  }

  /**
   * @param value whether to remove the project's volumes too, and forget the generated secrets kept
   *     for the project in the state folder (like {@code docker compose down --volumes}); off by
   *     default
   * @return a copy
   */
  public DownOptions withVolumes(boolean value) {
    return new DownOptions(value, stopTimeout, stateDir);
  }

  /**
   * @param value how long each container may take to stop before it is killed, instead of its own
   *     stop grace period (like {@code docker compose down --timeout}); zero or more
   * @return a copy
   */
  public DownOptions withStopTimeout(Duration value) {
    Objects.requireNonNull(value, "value == null");
    if (value.isNegative()) {
      throw new IllegalArgumentException("stop timeout must be zero or more");
    }
    return new DownOptions(volumes, value, stateDir);
  }

  /**
   * @param value the state folder the applies of this project used ({@link DeployOptions#withStateDir});
   *     with {@link #withVolumes(boolean) volumes}, the project's generated secrets kept there are
   *     forgotten
   * @return a copy
   */
  public DownOptions withStateDir(Path value) {
    return new DownOptions(volumes, stopTimeout, value.toAbsolutePath());
  }

  /** @return whether volumes (and kept generated secrets) are removed */
  public boolean volumes() {
    return volumes;
  }

  /** @return the stop timeout for every container; empty: each container's own grace period */
  public Optional<Duration> stopTimeout() {
    return Optional.ofNullable(stopTimeout);
  }

  /** @return the state folder: the one given, else {@code ~/.onyx-deploy} */
  public Path stateDir() {
    return stateDir != null ? stateDir : SecretStore.defaultStateDir();
  }
}
