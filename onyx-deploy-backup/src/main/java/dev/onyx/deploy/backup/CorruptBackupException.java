package dev.onyx.deploy.backup;

import dev.onyx.deploy.core.OnyxDeployException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A backup file is damaged, truncated, not a backup, or cannot be opened with the passphrase given
 * (or none was given for an encrypted file). Nothing was changed on any engine when this is thrown
 * by a restore. The message names the damaged item when it can; it never holds the passphrase.
 */
public class CorruptBackupException extends OnyxDeployException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String item;

  /**
   * @param item the damaged item, or null when the damage is outside any item
   * @param message what is wrong
   */
  public CorruptBackupException(@Nullable String item, String message) {
    super(message);
    this.item = item;
  }

  /** @return the damaged item's name, when the damage is inside one */
  public Optional<String> item() {
    return Optional.ofNullable(item);
  }
}
