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
 * Mount.bind("./config", "/etc/app").asReadOnly().withSelinux(Mount.SelinuxLabel.PRIVATE)
 * </pre>
 *
 * @param type volume, bind or tmpfs
 * @param source the volume name (a stack volume; empty for an anonymous volume) or the host path
 *     for a bind; empty for tmpfs
 * @param target the absolute path in the container
 * @param readOnly whether the mount is read-only
 * @param tmpfsSize the size limit of a tmpfs mount
 * @param selinux the SELinux relabel option of a bind or volume mount (compose's {@code :z} /
 *     {@code :Z}, or {@code bind.selinux}); empty for none
 */
public record Mount(Type type, Optional<String> source, String target, boolean readOnly,
    Optional<ByteSize> tmpfsSize, Optional<SelinuxLabel> selinux) {

  /** The kind of mount. */
  public enum Type {
    /** A named (stack) or anonymous volume. */
    VOLUME,
    /** A host path. */
    BIND,
    /** A memory-backed filesystem. */
    TMPFS
  }

  /**
   * How the engine relabels the mounted content on a host with SELinux enabled (compose's
   * {@code z} / {@code Z} volume options; without SELinux the engine ignores them).
   */
  public enum SelinuxLabel {
    /** {@code z}: a label shared by all containers, so several containers can use the content. */
    SHARED("z"),
    /** {@code Z}: a private label, so only this container can use the content. */
    PRIVATE("Z");

    private final String option;

    SelinuxLabel(String option) {
      this.option = option;
    }

    /** @return the option as compose and the engine spell it: {@code z} or {@code Z} */
    public String option() {
      return option;
    }

    /**
     * @param option {@code z} or {@code Z} (case matters)
     * @return the label that option stands for
     * @throws IllegalArgumentException for any other text
     */
    public static SelinuxLabel ofOption(String option) {
      for (SelinuxLabel l : values()) {
        if (l.option.equals(option)) {
          return l;
        }
      }
      throw new IllegalArgumentException("invalid SELinux relabel option '" + option + "' (expected z or Z)");
    }
  }

  /** Checks for nulls. */
  public Mount {
    Checks.notNull(type, "type");
    Checks.notNull(source, "source");
    Checks.notNull(target, "target");
    Checks.notNull(tmpfsSize, "tmpfsSize");
    Checks.notNull(selinux, "selinux");
  }

  /**
   * A mount without an SELinux relabel option (the form every mount had before {@link #selinux()}).
   *
   * @param type volume, bind or tmpfs
   * @param source the volume name or host path; empty for an anonymous volume or tmpfs
   * @param target the absolute path in the container
   * @param readOnly whether the mount is read-only
   * @param tmpfsSize the size limit of a tmpfs mount
   */
  public Mount(Type type, Optional<String> source, String target, boolean readOnly, Optional<ByteSize> tmpfsSize) {
    this(type, source, target, readOnly, tmpfsSize, Optional.empty());
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
    return new Mount(type, source, target, true, tmpfsSize, selinux);
  }

  /**
   * @param size the tmpfs size limit
   * @return a copy with that limit
   */
  public Mount withTmpfsSize(ByteSize size) {
    return new Mount(type, source, target, readOnly, Optional.of(size), selinux);
  }

  /**
   * Only bind and volume mounts can be relabelled (stack validation refuses it on tmpfs); the
   * engine applies the label when the container starts.
   *
   * @param label the SELinux relabel option
   * @return a copy with that option
   */
  public Mount withSelinux(SelinuxLabel label) {
    return new Mount(type, source, target, readOnly, tmpfsSize, Optional.of(label));
  }
}
