package dev.onyx.deploy.backup;

import dev.onyx.deploy.core.OnyxDeployException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A backup or restore failed on the engine's side (a dump, a volume copy, a stop or start, a
 * restore step). The message names the service (or volume) and the step; it never holds a secret.
 */
public class BackupException extends OnyxDeployException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String service;
  private final @Nullable String step;

  /**
   * @param service the service or volume concerned, or null
   * @param step the step that failed ({@code dump}, {@code copy}, {@code stop}, ...), or null
   * @param message what failed and what to try
   * @param cause the underlying failure, or null
   */
  public BackupException(@Nullable String service, @Nullable String step, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.service = service;
    this.step = step;
  }

  /** @param message what failed and what to try */
  public BackupException(String message) {
    this(null, null, message, null);
  }

  /** @return the service or volume concerned, when there is one */
  public Optional<String> service() {
    return Optional.ofNullable(service);
  }

  /** @return the step that failed, when known */
  public Optional<String> step() {
    return Optional.ofNullable(step);
  }
}
