package dev.onyx.deploy.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception this library throws. It is unchecked: callers catch it where they can
 * act on it. Subtypes say which part failed ({@link StackValidationException} for a model that does
 * not hold together; the compose, docker and archive modules add their own). Messages name what
 * failed, where, and what to try; they never contain a secret value.
 */
public class OnyxDeployException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed, where, and what to try */
  public OnyxDeployException(String message) {
    super(message);
  }

  /**
   * @param message what failed, where, and what to try
   * @param cause the underlying failure, kept for diagnosis
   */
  public OnyxDeployException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
