package dev.onyx.deploy.archive;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A bundle failed verification: a file's size or SHA-256 differs from {@code manifest.json}, an
 * entry is damaged, missing or unexpected, an entry's path is unsafe (absolute, containing
 * {@code ..}, or a link), or the manifest is of a format version this library does not read.
 * Nothing is extracted or imported from such a bundle.
 */
public class BundleVerificationException extends ArchiveException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String entry;

  /**
   * @param entry the entry at fault (its path in the zip), or null when the bundle as a whole is
   * @param message what failed, where, and what to try
   * @param cause the underlying failure, or null
   */
  public BundleVerificationException(@Nullable String entry, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.entry = entry;
  }

  /** @return the path in the zip of the entry at fault, when one entry is */
  public Optional<String> entry() {
    return Optional.ofNullable(entry);
  }
}
