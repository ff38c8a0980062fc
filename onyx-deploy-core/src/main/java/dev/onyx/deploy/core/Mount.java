package dev.onyx.deploy.core;

import java.util.Locale;
import java.util.Optional;

/**
 * A filesystem mounted into a service's container, like one entry of a service's {@code volumes}.
 *
 * <pre>
 * Mount.volume("db_data", "/var/lib/postgresql/data")
 * Mount.bind("./nginx", "/etc/nginx/conf.d").asReadOnly()
 * Mount.tmpfs("/tmp").withTmpfsSize(ByteSize.ofMebibytes(64))
 * Mount.bind("./config", "/etc/app").asReadOnly().withSelinux(Mount.SelinuxLabel.PRIVATE)
 * Mount.builder(Mount.Type.BIND, "/data").source("/srv/data").bind(Mount.BindOptions.NONE).build()
 * </pre>
 *
 * <p>The type-specific options follow compose's long syntax: {@link #bind()} ({@code bind:}),
 * {@link #volume()} ({@code volume:}), {@link #tmpfs()} ({@code tmpfs:}), {@link #image()}
 * ({@code image:}); each is empty when the entry has no such block. The short syntax
 * ({@code ./conf:/c:ro}) is a mount with the options compose gives it: a bind creates its missing
 * host folder ({@code bind.create_host_path: true}), a volume has an empty {@code volume:} block.
 * The factories below make those short-syntax mounts. Immutable.
 */
public final class Mount {
  /** The kind of mount ({@code type}). */
  public enum Type {
    /** A named (stack) or anonymous volume. */
    VOLUME,
    /** A host path. */
    BIND,
    /** A memory-backed filesystem. */
    TMPFS,
    /** A Windows named pipe. */
    NPIPE,
    /** A cluster volume (Swarm CSI). */
    CLUSTER,
    /** The filesystem of an image. */
    IMAGE;

    /** @return the compose spelling ({@code volume}, {@code bind}, ...) */
    public String composeName() {
      return name().toLowerCase(Locale.ROOT);
    }
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

  /**
   * The {@code bind:} block.
   *
   * @param propagation the mount propagation ({@code private}, {@code rprivate}, {@code shared},
   *     {@code rshared}, {@code slave}, {@code rslave})
   * @param createHostPath whether a missing host folder is created ({@code create_host_path}); the
   *     short syntax's binds do, long-syntax binds only when this is set
   * @param selinux the SELinux relabel option ({@code selinux}; the short syntax's {@code :z})
   * @param recursive how read-only applies to sub-mounts ({@code enabled}, {@code disabled},
   *     {@code writable}, {@code readonly})
   */
  public record BindOptions(Optional<String> propagation, boolean createHostPath, Optional<SelinuxLabel> selinux,
      Optional<String> recursive) {
    /** An empty {@code bind: {}} block. */
    public static final BindOptions NONE = new BindOptions(Optional.empty(), false, Optional.empty(), Optional.empty());
    /** The short syntax's: a missing host folder is created. */
    public static final BindOptions CREATE_HOST_PATH =
        new BindOptions(Optional.empty(), true, Optional.empty(), Optional.empty());

    /** Checks for nulls. */
    public BindOptions {
      Checks.notNull(propagation, "propagation");
      Checks.notNull(selinux, "selinux");
      Checks.notNull(recursive, "recursive");
    }
  }

  /**
   * The {@code volume:} block.
   *
   * @param nocopy whether the image's content at the target is not copied into a new volume
   * @param subpath a folder inside the volume to mount instead of its root
   */
  public record VolumeOptions(boolean nocopy, Optional<String> subpath) {
    /** An empty {@code volume: {}} block, as the short syntax has. */
    public static final VolumeOptions NONE = new VolumeOptions(false, Optional.empty());

    /** Checks for nulls. */
    public VolumeOptions {
      Checks.notNull(subpath, "subpath");
    }
  }

  /**
   * The {@code tmpfs:} block.
   *
   * @param size the size limit
   * @param mode the file mode of the mount's root, e.g. {@code 01777}
   */
  public record TmpfsOptions(Optional<ByteSize> size, Optional<Integer> mode) {
    /** Checks for nulls. */
    public TmpfsOptions {
      Checks.notNull(size, "size");
      Checks.notNull(mode, "mode");
    }
  }

  /**
   * The {@code image:} block of an image mount.
   *
   * @param subpath a folder inside the image to mount instead of its root
   */
  public record ImageOptions(Optional<String> subpath) {
    /** Checks for nulls. */
    public ImageOptions {
      Checks.notNull(subpath, "subpath");
    }
  }

  private record Values(Type type, Optional<String> source, String target, boolean readOnly,
      Optional<String> consistency, Optional<BindOptions> bind, Optional<VolumeOptions> volume,
      Optional<TmpfsOptions> tmpfs, Optional<ImageOptions> image) {
  }

  private final Values v;

  private Mount(Values v) {
    this.v = v;
  }

  /**
   * @param type the kind of mount
   * @param target the absolute path in the container
   * @return a builder with nothing else set (no options block)
   */
  public static Builder builder(Type type, String target) {
    return new Builder(type, target);
  }

  /**
   * @param volume the name of a volume declared in the stack
   * @param target the absolute path in the container
   * @return a read-write named-volume mount (short syntax {@code volume:/target})
   */
  public static Mount volume(String volume, String target) {
    return builder(Type.VOLUME, target).source(volume).volume(VolumeOptions.NONE).build();
  }

  /**
   * @param target the absolute path in the container
   * @return an anonymous volume (short syntax {@code /target})
   */
  public static Mount anonymousVolume(String target) {
    return builder(Type.VOLUME, target).volume(VolumeOptions.NONE).build();
  }

  /**
   * @param hostPath the host path (relative paths are resolved against the project folder)
   * @param target the absolute path in the container
   * @return a read-write bind mount that creates a missing host folder (short syntax
   *     {@code ./host:/target})
   */
  public static Mount bind(String hostPath, String target) {
    return builder(Type.BIND, target).source(hostPath).bind(BindOptions.CREATE_HOST_PATH).build();
  }

  /**
   * @param target the absolute path in the container
   * @return a tmpfs mount ({@code type: tmpfs})
   */
  public static Mount tmpfs(String target) {
    return builder(Type.TMPFS, target).build();
  }

  /** @return a builder holding these values */
  public Builder toBuilder() {
    Builder b = new Builder(v.type, v.target);
    b.source = v.source;
    b.readOnly = v.readOnly;
    b.consistency = v.consistency;
    b.bind = v.bind;
    b.volume = v.volume;
    b.tmpfs = v.tmpfs;
    b.image = v.image;
    return b;
  }

  /** @return volume, bind, tmpfs, npipe, cluster or image ({@code type}) */
  public Type type() {
    return v.type;
  }

  /**
   * @return the volume name (a stack volume; empty for an anonymous volume), the host path of a
   *     bind, the image of an image mount; empty for tmpfs ({@code source})
   */
  public Optional<String> source() {
    return v.source;
  }

  /** @return the absolute path in the container ({@code target}) */
  public String target() {
    return v.target;
  }

  /** @return whether the mount is read-only ({@code read_only}, the short syntax's {@code :ro}) */
  public boolean readOnly() {
    return v.readOnly;
  }

  /** @return the consistency hint ({@code consistent}, {@code cached}, {@code delegated}; ignored on Linux) */
  public Optional<String> consistency() {
    return v.consistency;
  }

  /** @return the {@code bind:} block */
  public Optional<BindOptions> bind() {
    return v.bind;
  }

  /** @return the {@code volume:} block */
  public Optional<VolumeOptions> volume() {
    return v.volume;
  }

  /** @return the {@code tmpfs:} block */
  public Optional<TmpfsOptions> tmpfs() {
    return v.tmpfs;
  }

  /** @return the {@code image:} block */
  public Optional<ImageOptions> image() {
    return v.image;
  }

  /** @return the size limit of a tmpfs mount ({@code tmpfs.size}) */
  public Optional<ByteSize> tmpfsSize() {
    return v.tmpfs.isPresent() ? v.tmpfs.get().size() : Optional.empty();
  }

  /** @return the SELinux relabel option ({@code bind.selinux}, the short syntax's {@code :z} / {@code :Z}) */
  public Optional<SelinuxLabel> selinux() {
    return v.bind.isPresent() ? v.bind.get().selinux() : Optional.empty();
  }

  /** @return whether a missing host folder of a bind is created ({@code bind.create_host_path}) */
  public boolean createsHostPath() {
    return v.bind.isPresent() && v.bind.get().createHostPath();
  }

  /** @return a read-only copy */
  public Mount asReadOnly() {
    return toBuilder().readOnly(true).build();
  }

  /**
   * @param size the tmpfs size limit
   * @return a copy with that limit
   */
  public Mount withTmpfsSize(ByteSize size) {
    Optional<Integer> mode = v.tmpfs.isPresent() ? v.tmpfs.get().mode() : Optional.empty();
    return toBuilder().tmpfs(new TmpfsOptions(Optional.of(Checks.notNull(size, "size")), mode)).build();
  }

  /**
   * Only bind and volume mounts can be relabelled (stack validation refuses it on others); the
   * engine applies the label when the container starts.
   *
   * @param label the SELinux relabel option
   * @return a copy with that option
   */
  public Mount withSelinux(SelinuxLabel label) {
    BindOptions b = v.bind.orElse(BindOptions.NONE);
    return toBuilder().bind(new BindOptions(b.propagation(), b.createHostPath(),
        Optional.of(Checks.notNull(label, "label")), b.recursive())).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mount m && v.equals(m.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "Mount" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link Mount}. Not thread-safe. */
  public static final class Builder {
    private final Type type;
    private final String target;
    private Optional<String> source = Optional.empty();
    private boolean readOnly;
    private Optional<String> consistency = Optional.empty();
    private Optional<BindOptions> bind = Optional.empty();
    private Optional<VolumeOptions> volume = Optional.empty();
    private Optional<TmpfsOptions> tmpfs = Optional.empty();
    private Optional<ImageOptions> image = Optional.empty();

    private Builder(Type type, String target) {
      this.type = Checks.notNull(type, "type");
      this.target = Checks.notNull(target, "target");
    }

    /**
     * @param value the volume name, host path or image ({@code source})
     * @return this builder
     */
    public Builder source(String value) {
      source = Optional.of(Checks.notNull(value, "source"));
      return this;
    }

    /**
     * @param value whether the mount is read-only ({@code read_only})
     * @return this builder
     */
    public Builder readOnly(boolean value) {
      readOnly = value;
      return this;
    }

    /**
     * @param value the consistency hint ({@code consistency})
     * @return this builder
     */
    public Builder consistency(String value) {
      consistency = Optional.of(Checks.notNull(value, "consistency"));
      return this;
    }

    /**
     * @param value the {@code bind:} block
     * @return this builder
     */
    public Builder bind(BindOptions value) {
      bind = Optional.of(Checks.notNull(value, "bind"));
      return this;
    }

    /**
     * @param value the {@code volume:} block
     * @return this builder
     */
    public Builder volume(VolumeOptions value) {
      volume = Optional.of(Checks.notNull(value, "volume"));
      return this;
    }

    /**
     * @param value the {@code tmpfs:} block
     * @return this builder
     */
    public Builder tmpfs(TmpfsOptions value) {
      tmpfs = Optional.of(Checks.notNull(value, "tmpfs"));
      return this;
    }

    /**
     * @param value the {@code image:} block
     * @return this builder
     */
    public Builder image(ImageOptions value) {
      image = Optional.of(Checks.notNull(value, "image"));
      return this;
    }

    /** @return the mount; whether its options fit its type is checked by the stack's validation */
    public Mount build() {
      return new Mount(new Values(type, source, target, readOnly, consistency, bind, volume, tmpfs, image));
    }
  }
}
