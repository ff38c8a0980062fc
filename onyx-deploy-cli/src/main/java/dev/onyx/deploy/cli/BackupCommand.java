package dev.onyx.deploy.cli;

import dev.onyx.deploy.backup.BackupException;
import dev.onyx.deploy.backup.BackupManifest;
import dev.onyx.deploy.backup.BackupOptions;
import dev.onyx.deploy.backup.Backups;
import dev.onyx.deploy.backup.CorruptBackupException;
import dev.onyx.deploy.backup.Passphrase;
import dev.onyx.deploy.backup.RestoreOptions;
import dev.onyx.deploy.backup.Retention;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DockerEngine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code onyx-deploy backup create|verify|ls|restore}: backups of a running stack.
 *
 * <pre>
 * onyx-deploy backup create -p NAME -o FILE [-f COMPOSE...] [--online] [--passphrase-file F] [--keep N]
 * onyx-deploy backup verify FILE [--passphrase-file F]
 * onyx-deploy backup ls FILE [--passphrase-file F]
 * onyx-deploy backup restore FILE -p NAME [--force] [--passphrase-file F]
 * </pre>
 *
 * A damaged backup (or a missing or wrong passphrase) is bad input: one error line, exit 2. An
 * engine-side failure exits 1 with a line naming the service and the step.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Back up a running stack (database dumps, volume files) into one verified file; verify, "
        + "list and restore it.",
    subcommands = {BackupCommand.Create.class, BackupCommand.Verify.class, BackupCommand.Ls.class,
        BackupCommand.Restore.class})
public final class BackupCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return OnyxDeploy.EXIT_BAD_INPUT;
  }

  /** Prints a damaged-file refusal and returns exit 2. */
  static int refused(CommandSpec spec, CorruptBackupException e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + e.getMessage().strip().replace("\n", " | "));
    err.flush();
    return OnyxDeploy.EXIT_BAD_INPUT;
  }

  /** Prints an engine-side failure with its service and step, and returns exit 1. */
  static int failed(CommandSpec spec, BackupException e, boolean debug) {
    PrintWriter err = spec.commandLine().getErr();
    String where = e.service().map(s -> "service " + s).orElse("")
        + e.step().map(s -> (e.service().isPresent() ? ", " : "") + "step " + s).orElse("");
    err.println("error: " + e.getMessage().strip().replace("\n", " | ") + (where.isEmpty() ? "" : " [" + where + "]"));
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return OnyxDeploy.EXIT_FAILURE;
  }

  static boolean debug(CommandSpec spec) {
    Object root = spec.root().userObject();
    return root instanceof OnyxDeploy o && o.debug();
  }

  /** The passphrase option the verbs share. */
  static final class PassphraseOption {
    @Option(names = "--passphrase-file", paramLabel = "F",
        description = "File whose first line is the passphrase (AES-256-GCM, key by PBKDF2-HMAC-SHA256).")
    Path file;

    Passphrase read() {
      return file == null ? null : Passphrase.fromFile(file);
    }
  }

  /** {@code backup create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Back up a deployed project: dump its databases while they run, copy its volumes (their "
          + "writers stopped unless --online), into one file written atomically.")
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ComposeInput compose;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The backup file to write.")
    Path output;

    @Option(names = "--online", description = "Copy volumes without stopping their writers (the copy may be "
        + "inconsistent).")
    boolean online;

    @Mixin
    PassphraseOption passphrase;

    @Option(names = "--level", paramLabel = "N", defaultValue = "" + BackupOptions.DEFAULT_LEVEL,
        description = "Deflate level 1..9; default ${DEFAULT-VALUE}.")
    int level;

    @Option(names = "--keep", paramLabel = "N",
        description = "After writing, keep only the N newest backups in the output's folder (other files are "
            + "never touched; use one folder per project).")
    Integer keep;

    @Option(names = "--dry-run", description = "Print the plan only.")
    boolean dryRun;

    @Override
    public Integer call() {
      if (compose.projectName == null) {
        throw new IllegalArgumentException("-p NAME is required: the project to back up");
      }
      if (keep != null && keep < 1) {
        throw new IllegalArgumentException("--keep must be at least 1, was " + keep);
      }
      Stack stack = compose.files.isEmpty() ? null : compose.read();
      BackupOptions options = BackupOptions.defaults().withOnline(online).withCompressionLevel(level);
      Passphrase p = passphrase.read();
      if (p != null) {
        options = options.withPassphrase(p);
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      long t0 = System.nanoTime();
      try (DockerEngine engine = DockerEngine.connect()) {
        Backups backups = Backups.on(engine);
        if (dryRun) {
          out.print(backups.plan(compose.projectName, stack, options));
          out.flush();
          return OnyxDeploy.EXIT_OK;
        }
        BackupManifest m = backups.create(compose.projectName, stack, output, options.withProgress(line -> {
          err.println(line);
          err.flush();
        }));
        out.printf(Locale.ROOT, "wrote %s: %d item(s), %s (%s uncompressed)%s in %.1f s%n", output, m.items().size(),
            ByteSize.ofBytes(fileSize(output)).toHumanString(), ByteSize.ofBytes(m.totalSize()).toHumanString(),
            m.encrypted() ? ", encrypted" : "", (System.nanoTime() - t0) / 1e9);
        if (keep != null) {
          Path folder = output.toAbsolutePath().getParent();
          for (Path old : Retention.keepLast(folder, keep)) {
            out.println("removed old backup " + old);
          }
        }
        out.flush();
        return OnyxDeploy.EXIT_OK;
      } catch (BackupException e) {
        return failed(spec, e, debug(spec));
      } finally {
        if (p != null) {
          p.clear();
        }
      }
    }
  }

  /** {@code backup verify}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check every checksum of a backup file (no engine needed).")
  static final class Verify implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The backup.")
    Path file;

    @Mixin
    PassphraseOption passphrase;

    @Override
    public Integer call() {
      long t0 = System.nanoTime();
      try {
        BackupManifest m = Backups.verify(file, passphrase.read());
        spec.commandLine().getOut().printf(Locale.ROOT,
            "%s: ok, %d item(s) (%s) checked in %.1f s; project %s, taken %s by onyx-deploy %s%s%n", file,
            m.items().size(), ByteSize.ofBytes(m.totalSize()).toHumanString(), (System.nanoTime() - t0) / 1e9,
            m.project(), m.createdAt(), m.toolVersion(), m.encrypted() ? ", encrypted" : "");
        spec.commandLine().getOut().flush();
        return OnyxDeploy.EXIT_OK;
      } catch (CorruptBackupException e) {
        return refused(spec, e);
      }
    }
  }

  /** {@code backup ls}. */
  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = "List what a backup holds (from its manifest; use verify to check the content).")
  static final class Ls implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The backup.")
    Path file;

    @Mixin
    PassphraseOption passphrase;

    @Override
    public Integer call() {
      BackupManifest m;
      try {
        m = Backups.list(file, passphrase.read());
      } catch (CorruptBackupException e) {
        return refused(spec, e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("backup %s: project %s, taken %s by onyx-deploy %s, format %d%s%s%n", file, m.project(),
          m.createdAt(), m.toolVersion(), m.formatVersion(), m.online() ? ", online" : "",
          m.encrypted() ? ", encrypted" : "");
      out.println("ITEM\tKIND\tSIZE\tSTORED\tSHA-256");
      for (BackupManifest.Item i : m.items()) {
        out.println(i.name() + "\t" + i.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + "\t"
            + ByteSize.ofBytes(i.size()).toHumanString() + "\t" + ByteSize.ofBytes(i.storedSize()).toHumanString()
            + "\t" + i.sha256());
      }
      out.flush();
      return OnyxDeploy.EXIT_OK;
    }
  }

  /** {@code backup restore}. */
  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Verify a backup, then restore it into a deployed project of the same shape: stop the "
          + "services that use its volumes or databases, replace the contents, start them in dependency order.")
  static final class Restore implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The backup.")
    Path file;

    @Option(names = {"-p", "--project-name"}, required = true, paramLabel = "NAME",
        description = "The deployed project to restore into.")
    String project;

    @Option(names = "--force", description = "Replace data the project already holds.")
    boolean force;

    @Mixin
    PassphraseOption passphrase;

    @Override
    public Integer call() {
      RestoreOptions options = RestoreOptions.defaults().withForce(force);
      Passphrase p = passphrase.read();
      if (p != null) {
        options = options.withPassphrase(p);
      }
      PrintWriter err = spec.commandLine().getErr();
      long t0 = System.nanoTime();
      try (DockerEngine engine = DockerEngine.connect()) {
        BackupManifest m = Backups.on(engine).restore(file, project, options.withProgress(line -> {
          err.println(line);
          err.flush();
        }));
        spec.commandLine().getOut().printf(Locale.ROOT, "restored %d item(s) of %s into project %s in %.1f s%n",
            m.items().size(), file, project, (System.nanoTime() - t0) / 1e9);
        spec.commandLine().getOut().flush();
        return OnyxDeploy.EXIT_OK;
      } catch (CorruptBackupException e) {
        return refused(spec, e);
      } catch (BackupException e) {
        return failed(spec, e, debug(spec));
      } finally {
        if (p != null) {
          p.clear();
        }
      }
    }
  }

  private static long fileSize(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
