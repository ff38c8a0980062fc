package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.OnyxDeployException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A failure of the Docker engine backend: a service that did not become ready, an image that did
 * not build, an engine call that failed. When one service is to blame, {@link #service()} names it
 * (and the message starts with it). Messages never contain a secret value.
 */
public class DeployException extends OnyxDeployException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String service;

  /** @param message what failed, where, and what to try */
  public DeployException(String message) {
    super(message);
    this.service = null;
  }

  /**
   * @param message what failed, where, and what to try
   * @param cause the underlying failure
   */
  public DeployException(String message, @Nullable Throwable cause) {
    super(message, cause);
    this.service = null;
  }

  /**
   * @param service the service that failed
   * @param message what failed and why (last health output or log lines)
   * @param cause the underlying failure, or null
   */
  public DeployException(String service, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.service = service;
  }

  /** @return the service that failed, when one did */
  public Optional<String> service() {
    return Optional.ofNullable(service);
  }
}
