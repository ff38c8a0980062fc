package dev.onyx.deploy.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How a backup is taken (immutable; each {@code withX} returns a copy). Also carries the passphrase
 * that {@link Backups#verify} and {@code ls} need for an encrypted file.
 */
public final class BackupOptions {
  /**
   * The default deflate level, 4: measured on a database dump and a volume of mixed files, it
   * writes files 1.2% larger than {@code gzip -6} with about a third less CPU time than level 6; a
   * backup competes with the engine's own tar for the cores, so that CPU is wall time (level 3 was
   * no faster there and 4.6% larger).
   */
  public static final int DEFAULT_LEVEL = 4;

  private final boolean online;
  private final @Nullable Passphrase passphrase;
  private final int level;
  private final int threads;
  private final Duration readyTimeout;
  private final Path stateDir;
  private final Consumer<String> progress;

  private BackupOptions(boolean online, @Nullable Passphrase passphrase, int level, int threads,
      Duration readyTimeout, Path stateDir, Consumer<String> progress) {
    this.online = online;
    this.passphrase = passphrase;
    this.level = level;
    this.threads = threads;
    this.readyTimeout = readyTimeout;
    this.stateDir = stateDir;
    this.progress = progress;
  }

  /** @return consistent (writers stopped where declared), unencrypted, level 4, every core, 5 min readiness wait */
  public static BackupOptions defaults() {
    return new BackupOptions(false, null, DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors(),
        Duration.ofMinutes(5), defaultStateDir(), s -> { });
  }

  static Path defaultStateDir() {
    return Path.of(System.getProperty("user.home"), ".onyx-deploy");
  }

  /**
   * @param value whether to copy every volume while its writers run (no service is stopped; the
   *     copy of a volume being written may be inconsistent)
   * @return a copy with that choice
   */
  public BackupOptions withOnline(boolean value) {
    return new BackupOptions(value, passphrase, level, threads, readyTimeout, stateDir, progress);
  }

  /**
   * @param value the passphrase that encrypts the file (AES-256-GCM, key by PBKDF2-HMAC-SHA256)
   * @return a copy that encrypts
   */
  public BackupOptions withPassphrase(Passphrase value) {
    return new BackupOptions(online, Objects.requireNonNull(value, "passphrase == null"), level, threads,
        readyTimeout, stateDir, progress);
  }

  /**
   * @param value deflate level 1..9
   * @return a copy with that level
   */
  public BackupOptions withCompressionLevel(int value) {
    if (value < 1 || value > 9) {
      throw new IllegalArgumentException("compression level must be 1..9, was " + value);
    }
    return new BackupOptions(online, passphrase, value, threads, readyTimeout, stateDir, progress);
  }

  /**
   * @param value compression threads, at least 1
   * @return a copy with that many
   */
  public BackupOptions withThreads(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + value);
    }
    return new BackupOptions(online, passphrase, level, value, readyTimeout, stateDir, progress);
  }

  /**
   * @param value how long a service started again may take to be running and healthy
   * @return a copy with that wait
   */
  public BackupOptions withReadyTimeout(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("the readiness wait must be positive");
    }
    return new BackupOptions(online, passphrase, level, threads, value, stateDir, progress);
  }

  /**
   * @param value the state folder (default {@code ~/.onyx-deploy}); a backup that stops services
   *     notes them in {@code backup/PROJECT.stopped} there until they run again, so that a run after
   *     an interrupted one starts them
   * @return a copy with that folder
   */
  public BackupOptions withStateDir(Path value) {
    return new BackupOptions(online, passphrase, level, threads, readyTimeout, Objects.requireNonNull(value), progress);
  }

  /**
   * @param value receives one line per step (for a progress display); fast, thread-safe (steps run
   *     side by side), must not throw
   * @return a copy with that receiver
   */
  public BackupOptions withProgress(Consumer<String> value) {
    return new BackupOptions(online, passphrase, level, threads, readyTimeout, stateDir, Objects.requireNonNull(value));
  }

  /** @return whether volumes are copied without stopping their writers */
  public boolean online() {
    return online;
  }

  /** @return the passphrase, when the file is (to be) encrypted */
  public Optional<Passphrase> passphrase() {
    return Optional.ofNullable(passphrase);
  }

  /** @return the deflate level */
  public int compressionLevel() {
    return level;
  }

  /** @return the compression threads */
  public int threads() {
    return threads;
  }

  /** @return the readiness wait for services started again */
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
    return "BackupOptions[online=" + online + ", encrypted=" + (passphrase != null) + ", level=" + level
        + ", threads=" + threads + "]";
  }
}
