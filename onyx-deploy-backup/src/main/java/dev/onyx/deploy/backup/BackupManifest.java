package dev.onyx.deploy.backup;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backup file holds: the stack (project) it was taken from, when, by which version, and each
 * item with its kind, size and SHA-256. Written at the end of the file, read by {@code backup ls}
 * and checked by {@link Backups#verify}.
 *
 * @param formatVersion the file format's version
 * @param project the project (stack) name it was taken from
 * @param createdAt when the backup started
 * @param toolVersion the onyx-deploy version that wrote it
 * @param online whether volumes were copied without stopping their writers
 * @param encrypted whether the file is encrypted with a passphrase
 * @param items the items, in file order
 */
public record BackupManifest(int formatVersion, String project, Instant createdAt, String toolVersion,
    boolean online, boolean encrypted, List<Item> items) {

  /** Checks for nulls and copies the list. */
  public BackupManifest {
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(toolVersion, "toolVersion == null");
    items = List.copyOf(items);
  }

  /** What an item is. */
  public enum Kind {
    /** A logical PostgreSQL dump ({@code pg_dumpall} SQL, gzip-compressed in the file). */
    POSTGRES_DUMP,
    /** A volume's files: a tar (owners, modes, times) whose top folder is the volume, gzip-compressed. */
    VOLUME
  }

  /**
   * One item of a backup.
   *
   * @param name its name in the file, e.g. {@code dump/db} or {@code volume/uploads}
   * @param kind what it is
   * @param source the service (a dump) or volume key (a volume) it was taken from
   * @param size its uncompressed size in bytes
   * @param storedSize its size in the file (compressed) in bytes
   * @param sha256 the SHA-256 of its uncompressed content, lower-case hex
   */
  public record Item(String name, Kind kind, String source, long size, long storedSize, String sha256) {
    /** Checks for nulls. */
    public Item {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(kind, "kind == null");
      Objects.requireNonNull(source, "source == null");
      Objects.requireNonNull(sha256, "sha256 == null");
    }
  }

  /**
   * @param name an item's name
   * @return that item, when the backup holds it
   */
  public Optional<Item> item(String name) {
    return items.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** @return the items' uncompressed sizes added up */
  public long totalSize() {
    return items.stream().mapToLong(Item::size).sum();
  }
}
