package dev.onyx.deploy.backup;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DockerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Backup and restore of a running stack on one engine. {@link #verify} and {@link #list} need no
 * engine.
 *
 * <pre>
 * Backups backups = Backups.on(engine);
 * BackupPlan plan = backups.plan("shop", stack, BackupOptions.defaults());   // what would happen
 * backups.create("shop", stack, Path.of("shop.onyxbackup"), BackupOptions.defaults());
 * backups.restore(Path.of("shop.onyxbackup"), "shop", RestoreOptions.defaults().withForce(true));
 * </pre>
 */
public final class Backups {
  private final DockerEngine engine;

  private Backups(DockerEngine engine) {
    this.engine = engine;
  }

  /**
   * @param engine the engine the project runs on
   * @return backups on that engine
   */
  public static Backups on(DockerEngine engine) {
    return new Backups(Objects.requireNonNull(engine, "engine == null"));
  }

  /**
   * Plans a backup of a deployed project without changing anything.
   *
   * @param project the project (stack) name on the engine
   * @param stack the stack whose labels declare what to back up; null to read the declarations from
   *     the deployed containers' and volumes' labels
   * @param options online or not
   * @return the plan
   * @throws BackupException when the project is not there or a declaration is wrong (every problem at once)
   */
  public BackupPlan plan(String project, @Nullable Stack stack, BackupOptions options) {
    return Planner.plan(engine.containers(), project, stack, options.online());
  }

  /**
   * Backs up a deployed project into one file: first starts whatever an interrupted earlier run
   * left stopped, then plans and carries the plan out. The file appears at {@code out} only when
   * complete (it is written under a temporary name in the same folder, then renamed).
   *
   * @param project the project name on the engine
   * @param stack the stack that declares what to back up, or null to read the deployed labels
   * @param out the file to write (replaced if it exists)
   * @param options online, encryption, compression
   * @return the manifest of what was written
   * @throws BackupException naming the service or volume and the step that failed; services that
   *     were stopped are started again
   */
  public BackupManifest create(String project, @Nullable Stack stack, Path out, BackupOptions options) {
    new ServiceStops(engine.containers(), project, options.stateDir(), options.readyTimeout(), options.progress())
        .recover();
    BackupPlan plan = plan(project, stack, options);
    options.progress().accept(plan.toString().strip());
    return new Creator(engine.containers(), plan, options).writeTo(out);
  }

  /**
   * Restores a backup into a deployed project of the same shape (on this or another engine, under
   * this or another project name). The file is verified completely first: a damaged file is
   * refused before anything is stopped or changed. A target that already holds data is refused
   * unless {@link RestoreOptions#withForce forced}.
   *
   * @param file the backup
   * @param project the target project name on this engine
   * @param options force, passphrase, readiness wait
   * @return the manifest of what was restored
   * @throws CorruptBackupException when the file is damaged or cannot be opened (nothing changed)
   * @throws BackupException naming the service or volume and the step that failed
   */
  public BackupManifest restore(Path file, String project, RestoreOptions options) {
    return new Restorer(engine.containers(), project, options).restore(file);
  }

  /**
   * Checks every checksum of a backup file: each item's content and stored bytes, the manifest
   * against them, and the digest of everything else. No engine needed.
   *
   * @param file the backup
   * @param passphrase its passphrase when it is encrypted, else null
   * @return its manifest
   * @throws CorruptBackupException naming the damaged item when the damage is inside one
   */
  public static BackupManifest verify(Path file, @Nullable Passphrase passphrase) {
    return Verifier.verify(file, passphrase, s -> { });
  }

  /**
   * Reads a backup's manifest without checking its items (use {@link #verify} for that).
   *
   * @param file the backup
   * @param passphrase its passphrase when it is encrypted, else null
   * @return its manifest
   * @throws CorruptBackupException when it is not a readable backup
   */
  public static BackupManifest list(Path file, @Nullable Passphrase passphrase) {
    return Verifier.list(file, passphrase);
  }

  /** @return this library's version, as written into manifests */
  static String toolVersion() {
    Properties p = new Properties();
    try (InputStream in = Backups.class.getResourceAsStream("backup.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // unknown
    }
    return p.getProperty("version", "unknown");
  }
}
