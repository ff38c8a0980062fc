package dev.onyx.deploy.archive;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of a bundle's {@code manifest.json}: the bundle format version, the stack, when and
 * with what it was made, every image it holds and every file with its size and SHA-256. The
 * manifest lists every entry of the zip except itself.
 *
 * @param formatVersion the bundle format version ({@link #FORMAT_VERSION} for bundles this library
 *     writes and reads)
 * @param stack the stack's (compose project's) name
 * @param createdAt when the bundle was made
 * @param toolVersion the onyx-deploy version that made it
 * @param images the images in {@code images/images.tar}, in stack order
 * @param secrets the stack's secrets: what the target must make or supply (never a value)
 * @param files every file of the bundle except {@code manifest.json}, in zip order
 */
public record BundleManifest(int formatVersion, String stack, Instant createdAt, String toolVersion,
    List<Image> images, List<SecretEntry> secrets, List<FileEntry> files) {

  /** The bundle format version this library writes, and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  /** The path of the manifest in the zip. */
  public static final String PATH = "manifest.json";

  /** Checks for nulls and copies the lists. */
  public BundleManifest {
    Objects.requireNonNull(stack, "stack == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(toolVersion, "toolVersion == null");
    images = List.copyOf(images);
    secrets = List.copyOf(secrets);
    files = List.copyOf(files);
  }

  /**
   * One secret of the stack, as the target must provide it in the compose project (the bundle never
   * holds a secret value). Generated secrets are made on the target by the scripts and by
   * {@link Bundle.Loader}; the others must be put in place by the operator.
   *
   * @param name the secret's name in the stack
   * @param source {@code generated}, {@code value}, {@code file} or {@code environment}
   * @param length the number of characters of a generated value
   * @param file the file holding the value, relative to the compose project ({@code secrets/NAME})
   * @param variable the {@code .env} variable holding the value, when a service reads it from its
   *     environment
   */
  public record SecretEntry(String name, String source, int length, Optional<String> file,
      Optional<String> variable) {
    /** Checks for nulls. */
    public SecretEntry {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(source, "source == null");
      Objects.requireNonNull(file, "file == null");
      Objects.requireNonNull(variable, "variable == null");
    }

    /** @return whether the target generates the value */
    public boolean generated() {
      return source.equals("generated");
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
   */
  public record Image(String reference, List<String> tags, String id, long size, List<String> services) {
    /** Checks for nulls and copies the lists. */
    public Image {
      Objects.requireNonNull(reference, "reference == null");
      Objects.requireNonNull(id, "id == null");
      tags = List.copyOf(tags);
      services = List.copyOf(services);
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
