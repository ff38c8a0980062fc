/**
 * Backup and restore of a running stack through the Engine API.
 *
 * <p>What is backed up is declared in the model ({@link dev.onyx.deploy.core.BackupLabels}): a
 * service's logical dump (PostgreSQL: {@code pg_dumpall} run in its container while it runs), and
 * every named volume of the project as files unless skipped, read through the archive endpoint of a
 * throw-away helper container made from an image the stack already has. Everything goes into one
 * file, streamed, compressed in parallel, optionally encrypted, with a manifest and a SHA-256 per
 * item; {@link dev.onyx.deploy.backup.Backups#verify} checks it without an engine and
 * {@link dev.onyx.deploy.backup.Backups#restore} refuses a damaged file before it stops anything.
 *
 * <pre>
 * try (DockerEngine engine = DockerEngine.connect()) {
 *   Backups backups = Backups.on(engine);
 *   System.out.println(backups.plan("shop", stack, BackupOptions.defaults()));
 *   backups.create("shop", stack, Path.of("shop.onyxbackup"), BackupOptions.defaults());
 *   Backups.verify(Path.of("shop.onyxbackup"), BackupOptions.defaults());
 *   backups.restore(Path.of("shop.onyxbackup"), "shop", RestoreOptions.defaults());
 * }
 * </pre>
 */
@NullMarked
package dev.onyx.deploy.backup;

import org.jspecify.annotations.NullMarked;
