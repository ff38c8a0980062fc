package dev.onyx.deploy.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** How a backup is restored (immutable; each {@code withX} returns a copy). */
public final class RestoreOptions {
  private final boolean force;
  private final @Nullable Passphrase passphrase;
  private final Duration readyTimeout;
  private final Path stateDir;
  private final Consumer<String> progress;

  private RestoreOptions(boolean force, @Nullable Passphrase passphrase, Duration readyTimeout, Path stateDir,
      Consumer<String> progress) {
    this.force = force;
    this.passphrase = passphrase;
    this.readyTimeout = readyTimeout;
    this.stateDir = stateDir;
    this.progress = progress;
  }

  /** @return not forced, no passphrase, a 10-minute readiness wait */
  public static RestoreOptions defaults() {
    return new RestoreOptions(false, null, Duration.ofMinutes(10), BackupOptions.defaultStateDir(), s -> { });
  }

  /**
   * @param value whether to replace data the target already holds (refused otherwise)
   * @return a copy with that choice
   */
  public RestoreOptions withForce(boolean value) {
    return new RestoreOptions(value, passphrase, readyTimeout, stateDir, progress);
  }

  /**
   * @param value the passphrase of an encrypted backup
   * @return a copy with it
   */
  public RestoreOptions withPassphrase(Passphrase value) {
    return new RestoreOptions(force, Objects.requireNonNull(value, "passphrase == null"), readyTimeout, stateDir, progress);
  }

  /**
   * @param value how long each service started again may take to be running and healthy
   * @return a copy with that wait
   */
  public RestoreOptions withReadyTimeout(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("the readiness wait must be positive");
    }
    return new RestoreOptions(force, passphrase, value, stateDir, progress);
  }

  /**
   * @param value the state folder (see {@link BackupOptions#withStateDir})
   * @return a copy with that folder
   */
  public RestoreOptions withStateDir(Path value) {
    return new RestoreOptions(force, passphrase, readyTimeout, Objects.requireNonNull(value), progress);
  }

  /**
   * @param value receives one line per step; fast, thread-safe (items are restored side by side),
   *     must not throw
   * @return a copy with that receiver
   */
  public RestoreOptions withProgress(Consumer<String> value) {
    return new RestoreOptions(force, passphrase, readyTimeout, stateDir, Objects.requireNonNull(value));
  }

  /** @return whether existing data is replaced */
  public boolean force() {
    return force;
  }

  /** @return the passphrase, when given */
  public Optional<Passphrase> passphrase() {
    return Optional.ofNullable(passphrase);
  }

  /** @return the readiness wait */
  public Duration readyTimeout() {
    return readyTimeout;
  }

  /** @return the state folder */
  public Path stateDir() {
    return stateDir;
  }

  /** @return the progress receiver */
  public Consumer<String> progress() {
    return progress;
  }

  /** @return the options, never the passphrase */
  @Override
  public String toString() {
    return "RestoreOptions[force=" + force + ", encrypted=" + (passphrase != null) + "]";
  }
}
