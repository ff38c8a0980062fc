package dev.onyx.deploy.docker;

import org.jspecify.annotations.Nullable;

/**
 * No Docker engine answers where the backend looked. The message says where that was (and from
 * which setting), the underlying error, and what to check: that the engine (Docker Desktop) is
 * started, and that this user may use its socket.
 */
public class EngineUnavailableException extends DeployException {
  private static final long serialVersionUID = 1L;

  private final String host;

  /**
   * @param host the address tried, e.g. {@code unix:///var/run/docker.sock}
   * @param message the full explanation
   * @param cause the underlying failure, or null
   */
  public EngineUnavailableException(String host, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.host = host;
  }

  /** @return the address tried */
  public String host() {
    return host;
  }
}
