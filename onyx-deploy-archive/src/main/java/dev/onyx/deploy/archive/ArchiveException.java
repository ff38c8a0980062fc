package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.OnyxDeployException;
import org.jspecify.annotations.Nullable;

/**
 * An offline bundle could not be created, read, verified or loaded. The message says what failed,
 * where (the bundle file, the entry or the image), and what to try; it never holds a secret value.
 * {@link BundleVerificationException} is the subtype for a bundle whose content does not check out.
 */
public class ArchiveException extends OnyxDeployException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed, where, and what to try */
  public ArchiveException(String message) {
    super(message);
  }

  /**
   * @param message what failed, where, and what to try
   * @param cause the underlying failure, kept for diagnosis
   */
  public ArchiveException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
