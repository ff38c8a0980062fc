package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.event.DeployListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Bundle#load(Path, dev.onyx.deploy.docker.DockerEngine, LoadOptions)} loads a bundle.
 * Immutable: each {@code withX} returns a copy.
 *
 * <pre>
 * LoadOptions.defaults()
 *     .withExtractTo(Path.of("/opt/shop"))   // the compose project, with .env and generated secrets
 *     .withDeployAs("shop")                   // then deploy it with the engine backend
 * </pre>
 */
public final class LoadOptions {
  private final DeployListener listener;
  private final Optional<Path> extractTo;
  private final Optional<String> deployAs;
  private final Duration timeout;

  private LoadOptions(DeployListener listener, Optional<Path> extractTo, Optional<String> deployAs, Duration timeout) {
    this.listener = listener;
    this.extractTo = extractTo;
    this.deployAs = deployAs;
    this.timeout = timeout;
  }

  /** @return images only (nothing extracted, nothing deployed), no listener, a 10 minute deploy timeout */
  public static LoadOptions defaults() {
    return new LoadOptions(DeployListener.NONE, Optional.empty(), Optional.empty(), Duration.ofMinutes(10));
  }

  /**
   * @param value receives progress ({@code verify bundle}, {@code load images}) and, when
   *     deploying, the engine backend's events
   * @return a copy
   */
  public LoadOptions withListener(DeployListener value) {
    return new LoadOptions(Objects.requireNonNull(value, "listener == null"), extractTo, deployAs, timeout);
  }

  /**
   * @param dir the folder to extract the compose project into (created if needed; files of the bundle
   *     replace files of the same name), with {@code .env} and the generated secrets made when missing
   *     (existing values are kept)
   * @return a copy
   */
  public LoadOptions withExtractTo(Path dir) {
    return new LoadOptions(listener, Optional.of(Objects.requireNonNull(dir, "dir == null")), deployAs, timeout);
  }

  /**
   * Asks for a deploy after extracting (which needs {@link #withExtractTo(Path)}): the extracted
   * compose project is read back and deployed with the engine backend under this project name
   * (waiting for health, like {@code docker compose up -d --wait}).
   *
   * @param project the compose project name
   * @return a copy
   */
  public LoadOptions withDeployAs(String project) {
    return new LoadOptions(listener, extractTo, Optional.of(Objects.requireNonNull(project, "project == null")), timeout);
  }

  /**
   * @param value how long a deploy may take until every service is running or healthy (default 10 minutes)
   * @return a copy
   */
  public LoadOptions withTimeout(Duration value) {
    return new LoadOptions(listener, extractTo, deployAs, Objects.requireNonNull(value, "timeout == null"));
  }

  /** @return the listener */
  public DeployListener listener() {
    return listener;
  }

  /** @return the folder the compose project is extracted to, if any */
  public Optional<Path> extractTo() {
    return extractTo;
  }

  /** @return the project name to deploy as, if a deploy is asked for */
  public Optional<String> deployAs() {
    return deployAs;
  }

  /** @return the deploy timeout */
  public Duration timeout() {
    return timeout;
  }
}
