package dev.onyx.deploy.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A bundle that passed {@link Bundle#verify(Path)}: every entry has a safe path, every file has the
 * size and SHA-256 that {@code manifest.json} records, and the manifest is of a version this library
 * reads.
 *
 * <p>An incremental bundle ({@link BundleManifest#incremental()}) is checked like a full one; what it
 * needs on the target is {@link BundleManifest#base()}.
 *
 * @param bundle the bundle file
 * @param id the bundle's id ({@code sha256:} of its manifest), what an incremental bundle made on it
 *     names as its base
 * @param manifest its manifest
 * @param filesChecked how many files were checked (all but the manifest)
 * @param bytesChecked how many bytes (uncompressed) were hashed
 * @param took how long the check took
 */
public record VerifyReport(Path bundle, String id, BundleManifest manifest, int filesChecked, long bytesChecked,
    Duration took) {
  /** Checks for nulls. */
  public VerifyReport {
    Objects.requireNonNull(bundle, "bundle == null");
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(manifest, "manifest == null");
    Objects.requireNonNull(took, "took == null");
  }
}
