package dev.onyx.deploy.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Bundle#load(Path, dev.onyx.deploy.docker.DockerEngine, LoadOptions)} did.
 *
 * @param bundle the bundle file
 * @param manifest its manifest (verified)
 * @param images the images now on the engine, with the same ids as when the bundle was made
 * @param directory the folder the compose project was extracted to, when one was asked for
 * @param files the files extracted (compose project files), in bundle order
 * @param generatedSecrets the secrets generated on this machine (names only, never values)
 * @param deployedProject the project name the stack was deployed under, when a deploy was asked for
 * @param took how long the whole load took
 */
public record LoadResult(Path bundle, BundleManifest manifest, List<BundleManifest.Image> images,
    Optional<Path> directory, List<Path> files, List<String> generatedSecrets,
    Optional<String> deployedProject, Duration took) {
  /** Checks for nulls and copies the lists. */
  public LoadResult {
    Objects.requireNonNull(bundle, "bundle == null");
    Objects.requireNonNull(manifest, "manifest == null");
    images = List.copyOf(images);
    Objects.requireNonNull(directory, "directory == null");
    files = List.copyOf(files);
    generatedSecrets = List.copyOf(generatedSecrets);
    Objects.requireNonNull(deployedProject, "deployedProject == null");
    Objects.requireNonNull(took, "took == null");
  }
}
