package dev.onyx.deploy.core;

import java.util.Optional;

/**
 * A filesystem mounted into a service's container, like one entry of a service's {@code volumes}
 * (or {@code tmpfs}).
 *
 * <pre>
 * Mount.volume("db_data", "/var/lib/postgresql/data")
 * Mount.bind("./nginx", "/etc/nginx/conf.d").asReadOnly()
 * Mount.tmpfs("/tmp").withTmpfsSize(ByteSize.ofMebibytes(64))
 * </pre>
 *
 * @param type volume, bind or tmpfs
 * @param source the volume name (a stack volume; empty for an anonymous volume) or the host path
 *     for a bind; empty for tmpfs
 * @param target the absolute path in the container
 * @param readOnly whether the mount is read-only
 * @param tmpfsSize the size limit of a tmpfs mount
 */
public record Mount(Type type, Optional<String> source, String target, boolean readOnly,
    Optional<ByteSize> tmpfsSize) {

  /** The kind of mount. */
  public enum Type {
    /** A named (stack) or anonymous volume. */
    VOLUME,
    /** A host path. */
    BIND,
    /** A memory-backed filesystem. */
    TMPFS
  }

  /** Checks for nulls. */
  public Mount {
    Checks.notNull(type, "type");
    Checks.notNull(source, "source");
    Checks.notNull(target, "target");
    Checks.notNull(tmpfsSize, "tmpfsSize");
  }

  /**
   * @param volume the name of a volume declared in the stack
   * @param target the absolute path in the container
   * @return a read-write named-volume mount
   */
  public static Mount volume(String volume, String target) {
    return new Mount(Type.VOLUME, Optional.of(volume), target, false, Optional.empty());
  }

  /**
   * @param target the absolute path in the container
   * @return an anonymous volume
   */
  public static Mount anonymousVolume(String target) {
    return new Mount(Type.VOLUME, Optional.empty(), target, false, Optional.empty());
  }

  /**
   * @param hostPath the host path (relative paths are resolved against the project folder)
   * @param target the absolute path in the container
   * @return a read-write bind mount
   */
  public static Mount bind(String hostPath, String target) {
    return new Mount(Type.BIND, Optional.of(hostPath), target, false, Optional.empty());
  }

  /**
   * @param target the absolute path in the container
   * @return a tmpfs mount
   */
  public static Mount tmpfs(String target) {
    return new Mount(Type.TMPFS, Optional.empty(), target, false, Optional.empty());
  }

  /** @return a read-only copy */
  public Mount asReadOnly() {
    return new Mount(type, source, target, true, tmpfsSize);
  }

  /**
   * @param size the tmpfs size limit
   * @return a copy with that limit
   */
  public Mount withTmpfsSize(ByteSize size) {
    return new Mount(type, source, target, readOnly, Optional.of(size));
  }
}
