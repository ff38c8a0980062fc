package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.SecretRules;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of a bundle's {@code manifest.json}: the bundle format version, the stack, when and
 * with what it was made, the Docker Compose it needs, what it is an upgrade of (an incremental
 * bundle), every image it holds and every file with its size and SHA-256. The manifest lists every
 * entry of the zip except itself.
 *
 * @param formatVersion the bundle format version ({@link #FORMAT_VERSION} for bundles this library
 *     writes; it also reads version 1)
 * @param stack the stack's (compose project's) name
 * @param createdAt when the bundle was made
 * @param toolVersion the onyx-deploy version that made it
 * @param composeVersion the oldest Docker Compose that runs its compose project (from the features the
 *     file uses; {@code 2.1.1}, for {@code up --wait}, in version 1 bundles)
 * @param base for an incremental bundle, what the target must already hold; empty for a full bundle
 * @param images the images in {@code images/images.tar}, in stack order
 * @param secrets the stack's secrets: what the target must make or supply (never a value)
 * @param files every file of the bundle except {@code manifest.json}, in zip order
 */
public record BundleManifest(int formatVersion, String stack, Instant createdAt, String toolVersion,
    String composeVersion, Optional<Base> base, List<Image> images, List<SecretEntry> secrets,
    List<FileEntry> files) {

  /** The bundle format version this library writes (it reads 1 and 2). */
  public static final int FORMAT_VERSION = 2;

  /** The path of the manifest in the zip. */
  public static final String PATH = "manifest.json";

  /** Checks for nulls and copies the lists. */
  public BundleManifest {
    Objects.requireNonNull(stack, "stack == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(toolVersion, "toolVersion == null");
    Objects.requireNonNull(composeVersion, "composeVersion == null");
    Objects.requireNonNull(base, "base == null");
    images = List.copyOf(images);
    secrets = List.copyOf(secrets);
    files = List.copyOf(files);
  }

  /** @return whether this bundle leaves out layers the target must already hold (see {@link #base()}) */
  public boolean incremental() {
    return base.isPresent();
  }

  /**
   * What an incremental bundle was made on top of: an earlier bundle (its layers are left out) or a
   * layer inventory of the target engine ({@link Bundle#inventory}).
   *
   * @param kind {@code bundle} or {@code inventory}
   * @param id the earlier bundle's id ({@link Bundle#id(java.nio.file.Path)}) or the inventory's
   *     SHA-256 ({@code sha256:...})
   * @param name the earlier bundle's or the inventory's file name, as it was given
   * @param stack the earlier bundle's stack, or the inventory's engine description
   * @param createdAt when the earlier bundle or the inventory was made
   */
  public record Base(String kind, String id, String name, String stack, Instant createdAt) {
    /** Checks for nulls. */
    public Base {
      Objects.requireNonNull(kind, "kind == null");
      Objects.requireNonNull(id, "id == null");
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(stack, "stack == null");
      Objects.requireNonNull(createdAt, "createdAt == null");
    }

    /** @return one phrase for people, e.g. {@code bundle onyx-1.zip (stack onyx, made 2026-..., id sha256:ab12...)} */
    public String describe() {
      String shortId = id.length() > 19 ? id.substring(0, 19) : id;
      return kind.equals("bundle")
          ? "bundle " + name + " (stack " + stack + ", made " + createdAt + ", id " + shortId + ")"
          : "the layer inventory " + name + " (of " + stack + ", made " + createdAt + ", id " + shortId + ")";
    }
  }

  /**
   * One secret of the stack, as the target must provide it in the compose project (the bundle never
   * holds a secret value). Generated secrets are made on the target, following {@code rules}, by the
   * scripts and by {@link Bundle#load}; the others must be put in place by the operator.
   *
   * @param name the secret's name in the stack
   * @param source {@code generated}, {@code value}, {@code file} or {@code environment}
   * @param rules how a generated value is made (length, characters, required kinds)
   * @param file the file holding the value, relative to the compose project ({@code secrets/NAME})
   * @param variable the {@code .env} variable holding the value, when a service reads it from its
   *     environment
   */
  public record SecretEntry(String name, String source, SecretRules rules, Optional<String> file,
      Optional<String> variable) {
    /** Checks for nulls. */
    public SecretEntry {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(source, "source == null");
      Objects.requireNonNull(rules, "rules == null");
      Objects.requireNonNull(file, "file == null");
      Objects.requireNonNull(variable, "variable == null");
    }

    /** @return whether the target generates the value */
    public boolean generated() {
      return source.equals("generated");
    }

    /** @return the number of characters of a generated value */
    public int length() {
      return rules.length();
    }
  }

  /**
   * One image of the bundle.
   *
   * @param reference the reference the compose project uses (a tag such as {@code shop/api:1.0})
   * @param tags every tag the image had when it was saved
   * @param id the image id ({@code sha256:...}); the same after loading
   * @param size the image's size in bytes as the engine reported it
   * @param services the services that run it
   * @param layers the digests of its layers ({@code sha256:...}), bottom first (empty in version 1
   *     bundles)
   * @param expectedLayers in an incremental bundle, the bottom layers the target must already hold
   *     (left out of the bundle); empty when every layer is in the bundle
   * @param baseImage in an incremental bundle, the id of an image of the base that holds
   *     {@code expectedLayers} (what the scripts look for with {@code docker image inspect})
   */
  public record Image(String reference, List<String> tags, String id, long size, List<String> services,
      List<String> layers, List<String> expectedLayers, Optional<String> baseImage) {
    /** Checks for nulls and copies the lists. */
    public Image {
      Objects.requireNonNull(reference, "reference == null");
      Objects.requireNonNull(id, "id == null");
      tags = List.copyOf(tags);
      services = List.copyOf(services);
      layers = List.copyOf(layers);
      expectedLayers = List.copyOf(expectedLayers);
      Objects.requireNonNull(baseImage, "baseImage == null");
    }

    /** @return the first 12 hex digits of the id, as {@code docker images} shows it */
    public String shortId() {
      String h = id.startsWith("sha256:") ? id.substring(7) : id;
      return h.length() > 12 ? h.substring(0, 12) : h;
    }
  }

  /**
   * One file of the bundle.
   *
   * @param path its path in the zip ({@code /}-separated, relative)
   * @param size its size in bytes, uncompressed
   * @param sha256 the SHA-256 of its content, lowercase hex
   */
  public record FileEntry(String path, long size, String sha256) {
    /** Checks for nulls. */
    public FileEntry {
      Objects.requireNonNull(path, "path == null");
      Objects.requireNonNull(sha256, "sha256 == null");
    }
  }

  /** @param path a path in the zip @return that file's entry */
  public Optional<FileEntry> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** @return the sum of the files' sizes (uncompressed) */
  public long totalSize() {
    return files.stream().mapToLong(FileEntry::size).sum();
  }
}
