package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backup takes, declared in the model as labels, so that compose files carry it and stay
 * valid for {@code docker compose}. The helpers set the labels on a service builder or a volume, so
 * nobody spells them by hand:
 *
 * <pre>
 * Service db = BackupLabels.postgresDump(Service.builder("db").image("postgres:16")).build();
 * Volume cache = BackupLabels.skip(Volume.named("cache"));
 * Volume search = BackupLabels.filesWithWritersStopped(Volume.named("search_data"));
 * </pre>
 *
 * <p>In compose: on a service {@code dev.onyx.deploy.backup: postgres} (with
 * {@code dev.onyx.deploy.backup.user: NAME}, default {@code postgres}); on a volume
 * {@code dev.onyx.deploy.backup: files | files-live | skip}. A volume without the label is backed up
 * as {@code files}: copied with the services that write it stopped, then started again. A volume
 * that only a dumped database service mounts is covered by the dump and not copied as files.
 */
public final class BackupLabels {
  /** The label that names a service's dump method or a volume's backup mode. */
  public static final String METHOD = "dev.onyx.deploy.backup";
  /** The database user a dump runs as (default {@value #DEFAULT_USER}). */
  public static final String USER = "dev.onyx.deploy.backup.user";
  /** The database user when {@link #USER} is not set. */
  public static final String DEFAULT_USER = "postgres";

  /** How a service's data is dumped while it runs. */
  public enum DumpMethod {
    /** {@code pg_dumpall} run in the container, restored with {@code psql}. */
    POSTGRES("postgres");

    private final String label;

    DumpMethod(String label) {
      this.label = label;
    }

    /** @return the label value, e.g. {@code postgres} */
    public String label() {
      return label;
    }
  }

  /** How a volume is backed up. */
  public enum VolumeMode {
    /** Copied as files with the services that write it stopped, started again after (the default). */
    FILES("files"),
    /** Copied as files while its writers run: for stores whose files are written whole, once. */
    FILES_LIVE("files-live"),
    /** Not backed up (caches, model downloads: anything that is made again). */
    SKIP("skip");

    private final String label;

    VolumeMode(String label) {
      this.label = label;
    }

    /** @return the label value, e.g. {@code files-live} */
    public String label() {
      return label;
    }
  }

  private BackupLabels() {
  }

  /**
   * Declares a PostgreSQL service dumped with {@code pg_dumpall} as user {@value #DEFAULT_USER}.
   *
   * @param service the service's builder
   * @return the same builder
   */
  public static Service.Builder postgresDump(Service.Builder service) {
    return postgresDump(service, DEFAULT_USER);
  }

  /**
   * Declares a PostgreSQL service dumped with {@code pg_dumpall} as the given database user.
   *
   * @param service the service's builder
   * @param user the database user (a superuser, so that every database and role is dumped)
   * @return the same builder
   */
  public static Service.Builder postgresDump(Service.Builder service, String user) {
    Objects.requireNonNull(service, "service == null");
    if (Objects.requireNonNull(user, "user == null").isBlank()) {
      throw new IllegalArgumentException("the backup user must not be blank");
    }
    service.label(METHOD, DumpMethod.POSTGRES.label());
    if (!DEFAULT_USER.equals(user)) {
      service.label(USER, user);
    }
    return service;
  }

  /**
   * @param volume a volume
   * @return a copy that backups leave out
   */
  public static Volume skip(Volume volume) {
    return Objects.requireNonNull(volume, "volume == null").withLabel(METHOD, VolumeMode.SKIP.label());
  }

  /**
   * @param volume a volume
   * @return a copy that backups copy with its writers stopped (what an unlabelled volume gets; this
   *     makes it explicit)
   */
  public static Volume filesWithWritersStopped(Volume volume) {
    return Objects.requireNonNull(volume, "volume == null").withLabel(METHOD, VolumeMode.FILES.label());
  }

  /**
   * @param volume a volume
   * @return a copy that backups copy while its writers keep running
   */
  public static Volume filesLive(Volume volume) {
    return Objects.requireNonNull(volume, "volume == null").withLabel(METHOD, VolumeMode.FILES_LIVE.label());
  }

  /**
   * Reads a service's dump declaration from its labels.
   *
   * @param labels a service's (or its container's) labels
   * @return the dump method, or empty when the service declares none
   * @throws IllegalArgumentException naming the label when its value is not a known method
   */
  public static Optional<DumpMethod> dumpMethod(Map<String, String> labels) {
    String v = labels.get(METHOD);
    if (v == null) {
      return Optional.empty();
    }
    for (DumpMethod m : DumpMethod.values()) {
      if (m.label().equals(v.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(m);
      }
    }
    throw new IllegalArgumentException("label " + METHOD + ": '" + v + "' is not a dump method (one of: "
        + String.join(", ", names(DumpMethod.values())) + ")");
  }

  /**
   * @param labels a service's labels
   * @return the database user a dump runs as
   */
  public static String dumpUser(Map<String, String> labels) {
    String u = labels.get(USER);
    return u == null || u.isBlank() ? DEFAULT_USER : u.strip();
  }

  /**
   * Reads a volume's backup mode from its labels.
   *
   * @param labels a volume's labels
   * @return the mode, or empty when the volume declares none
   * @throws IllegalArgumentException naming the label when its value is not a known mode
   */
  public static Optional<VolumeMode> volumeMode(Map<String, String> labels) {
    String v = labels.get(METHOD);
    if (v == null) {
      return Optional.empty();
    }
    for (VolumeMode m : VolumeMode.values()) {
      if (m.label().equals(v.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(m);
      }
    }
    throw new IllegalArgumentException("label " + METHOD + ": '" + v + "' is not a volume backup mode (one of: "
        + String.join(", ", names(VolumeMode.values())) + ")");
  }

  private static List<String> names(Enum<?>[] values) {
    List<String> out = new ArrayList<>();
    for (Enum<?> e : values) {
      out.add(e instanceof DumpMethod d ? d.label() : ((VolumeMode) e).label());
    }
    return out;
  }
}
