/**
 * Offline bundles: {@link dev.onyx.deploy.archive.Bundle} writes one zip holding every image of a
 * stack (a single {@code docker save} stream, shared layers stored once), the compose project, a
 * {@code manifest.json} with every file's size and SHA-256, load/deploy scripts for POSIX sh and
 * PowerShell, and a README; it verifies such a zip and loads it back into an engine.
 *
 * <p>Every type here is null-hostile: arguments are checked, absent values are
 * {@link java.util.Optional} or empty collections. Failures are {@link
 * dev.onyx.deploy.archive.ArchiveException}s (unchecked).
 */
@NullMarked
package dev.onyx.deploy.archive;

import org.jspecify.annotations.NullMarked;
