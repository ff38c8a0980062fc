package dev.onyx.deploy.cli;

import dev.onyx.deploy.archive.Bundle;
import dev.onyx.deploy.archive.BundleManifest;
import dev.onyx.deploy.archive.BundleOptions;
import dev.onyx.deploy.archive.LayerInventory;
import dev.onyx.deploy.archive.LoadOptions;
import dev.onyx.deploy.archive.BundleVerificationException;
import dev.onyx.deploy.archive.LoadResult;
import dev.onyx.deploy.archive.VerifyReport;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.preset.OnyxStack;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code onyx-deploy bundle create|verify|load|ls}: offline bundles, one zip with every image of a
 * stack, its compose project, checksums and load/deploy scripts.
 *
 * <pre>
 * onyx-deploy bundle create -f compose.yaml -o shop.zip [--level 3] [--pull missing|always|never]
 * onyx-deploy bundle create --preset onyx [--layout classic] [--registry R] [--tag T] -o onyx.zip
 * onyx-deploy bundle create -f compose.yaml -o shop-1.1.zip --since shop-1.0.zip        (an upgrade)
 * onyx-deploy bundle inventory -o target.json                  (on the target: what it holds)
 * onyx-deploy bundle create -f compose.yaml -o shop-1.1.zip --since-inventory target.json
 * onyx-deploy bundle verify shop.zip
 * onyx-deploy bundle load shop.zip [--extract DIR] [--up -p PROJECT]
 * onyx-deploy bundle ls shop.zip
 * </pre>
 *
 * A bundle that fails verification is bad input (exit 2); other failures exit 1.
 */
@Command(name = "bundle", mixinStandardHelpOptions = true,
    description = "Offline bundles: one zip with every image, the compose project, checksums and scripts.",
    subcommands = {BundleCommand.Create.class, BundleCommand.Verify.class, BundleCommand.Load.class,
        BundleCommand.Ls.class, BundleCommand.Inventory.class})
public final class BundleCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return OnyxDeploy.EXIT_BAD_INPUT;
  }

  /** A damaged or crafted bundle is bad input: one error line, exit 2. */
  static int refused(CommandSpec spec, BundleVerificationException e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + e.getMessage().strip().replace("\n", " | "));
    err.flush();
    return OnyxDeploy.EXIT_BAD_INPUT;
  }

  /** {@code bundle create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Write a bundle of the stack the compose files describe (images are saved from the "
          + "engine; missing images are pulled, or built for services with a build). With --since or "
          + "--since-inventory, an upgrade bundle that leaves out the layers the target already has.")
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ComposeInput compose;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.zip", description = "The zip to write.")
    Path output;

    @Option(names = "--level", paramLabel = "N", defaultValue = "" + Bundle.DEFAULT_LEVEL,
        description = "Deflate level 0 (store) .. 9 (smallest); default ${DEFAULT-VALUE}.")
    int level;

    @Option(names = "--threads", paramLabel = "N", description = "Compression threads; default: every core.")
    Integer threads;

    @Option(names = "--no-build", description = "Report missing images instead of building them.")
    boolean noBuild;

    @Option(names = "--preset", paramLabel = "onyx",
        description = "Bundle a built-in stack instead of compose files: onyx (the Onyx preset; shaped by "
            + "--layout, --resources, --registry, --tag, ...).")
    String presetName;

    @Mixin
    PresetOptions preset;

    @Mixin
    PullOption pull;

    @Option(names = "--since", paramLabel = "OLD.zip",
        description = "Make an upgrade bundle that leaves out every layer of this earlier bundle (the target "
            + "must have loaded it).")
    Path since;

    @Option(names = "--since-inventory", paramLabel = "INV.json",
        description = "Make an upgrade bundle that leaves out every layer the target holds, as "
            + "'bundle inventory' wrote it there.")
    Path sinceInventory;

    /** @return the stack to bundle: the preset's with {@code --preset}, else the compose files' */
    Stack stack() {
      return presetName == null ? compose.read() : preset.stackFor(presetName, compose);
    }

    /**
     * @return the bundle options of the command line; a preset's compose variables (the Onyx
     *     preset's {@code COMPOSE_PROFILES}) go into the bundle's {@code .env.example}
     */
    BundleOptions options(Stack stack, Path projectDir, DeployListener listener) {
      BundleOptions o = BundleOptions.defaults().withCompressionLevel(level).withBuildMissing(!noBuild)
          .withProjectDirectory(projectDir).withPullPolicy(pull.policy).withListener(listener);
      if (threads != null) {
        o = o.withThreads(threads);
      }
      if (presetName != null) {
        String profiles = OnyxStack.composeProfiles(stack);
        if (!profiles.isEmpty()) {
          o = o.withComposeVariable("COMPOSE_PROFILES", profiles);
        }
      }
      if (since != null) {
        o = o.withSince(since);
      } else if (sinceInventory != null) {
        o = o.withSince(LayerInventory.read(sinceInventory));
      }
      return o;
    }

    @Override
    public Integer call() {
      if (level < 0 || level > 9) {
        throw new IllegalArgumentException("--level must be 0..9, was " + level);
      }
      if (since != null && sinceInventory != null) {
        throw new IllegalArgumentException("give --since or --since-inventory, not both");
      }
      Stack stack = stack();
      Path projectDir = presetName != null ? Path.of("").toAbsolutePath()
          : compose.files().get(0).toAbsolutePath().getParent();
      PrintWriter out = spec.commandLine().getOut();
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
      DeployListener listener = new TransferProgress(spec.commandLine().getErr(), System.console() != null, bar);
      long t0 = System.nanoTime();
      try (DockerEngine engine = DockerEngine.connect()) {
        BundleManifest m = Bundle.create(stack, engine, output,
            options(stack, projectDir == null ? Path.of("") : projectDir, listener));
        bar.finish();
        long size = output.toFile().length();
        long tar = m.file(Bundle.IMAGES_ENTRY).map(BundleManifest.FileEntry::size).orElse(0L);
        out.printf(Locale.ROOT, "wrote %s: %d image(s), %d files, %s (images %s uncompressed) in %.1f s%n",
            output, m.images().size(), m.files().size() + 1, ByteSize.ofBytes(size).toHumanString(), ByteSize.ofBytes(tar).toHumanString(), (System.nanoTime() - t0) / 1e9);
        m.base().ifPresent(b -> out.println("an upgrade bundle: it leaves out the layers of " + b.describe()
            + "; load that on the target first"));
        out.println("needs Docker Compose " + m.composeVersion() + " or newer on the target");
        out.flush();
      } finally {
        bar.finish();
      }
      return OnyxDeploy.EXIT_OK;
    }
  }

  /** {@code bundle verify}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check a bundle: manifest version, entry paths, every file's size and SHA-256.")
  static final class Verify implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE.zip", description = "The bundle.")
    Path bundle;

    @Override
    public Integer call() {
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
      try {
        VerifyReport r = Bundle.verify(bundle, bar);
        bar.finish();
        BundleManifest m = r.manifest();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT,
            "%s: ok, %d files (%s) checked in %.1f s; stack %s, %d image(s), format %d, made by onyx-deploy %s on %s%n",
            bundle, r.filesChecked(), ByteSize.ofBytes(r.bytesChecked()).toHumanString(), r.took().toMillis() / 1e3, m.stack(), m.images().size(),
            m.formatVersion(), m.toolVersion(), m.createdAt());
        out.println("bundle id " + r.id());
        out.println(m.base().map(b -> "incremental: an upgrade on top of " + b.describe()
            + "; load that first on the target").orElse("full: it holds every layer of its images"));
        out.println("needs Docker Compose " + m.composeVersion() + " or newer");
        out.flush();
        return OnyxDeploy.EXIT_OK;
      } catch (BundleVerificationException e) {
        bar.finish();
        return refused(spec, e);
      }
    }
  }

  /** {@code bundle load}. */
  @Command(name = "load", mixinStandardHelpOptions = true,
      description = "Verify a bundle, load its images into the engine, optionally extract the compose "
          + "project (with .env and generated secrets) and deploy it.")
  static final class Load implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE.zip", description = "The bundle.")
    Path bundle;

    @Option(names = "--extract", paramLabel = "DIR",
        description = "Extract the compose project into this folder (default with --up: ./PROJECT).")
    Path extract;

    @Option(names = "--up", description = "Deploy the extracted project with the engine backend.")
    boolean up;

    @Option(names = {"-p", "--project-name"}, paramLabel = "PROJECT",
        description = "Project name for --up; default: the bundle's stack name.")
    String project;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = Converters.Timeout.class,
        description = "With --up: give up after this long: seconds (600) or a duration (600s, 10m); "
            + "default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--host", paramLabel = "URI", description = "Load the images into this engine instead "
        + "(e.g. tcp://node2:2376, unix:///var/run/docker.sock); repeat for every node of a swarm.")
    List<URI> hosts = new ArrayList<>();

    @Override
    public Integer call() {
      if (project != null && !up) {
        throw new IllegalArgumentException("-p/--project-name is only used with --up");
      }
      if (!hosts.isEmpty()) {
        if (up || extract != null) {
          throw new IllegalArgumentException("--host loads images only: it does not go with --up or --extract");
        }
        try {
          for (URI host : hosts) {
            loadInto(host);
          }
        } catch (BundleVerificationException e) {
          return refused(spec, e);
        }
        return OnyxDeploy.EXIT_OK;
      }
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
      PrintWriter out = spec.commandLine().getOut();
      try (DockerEngine engine = DockerEngine.connect()) {
        LoadOptions options = LoadOptions.defaults().withListener(bar).withTimeout(timeout);
        if (up) {
          String name = project != null ? project : Bundle.list(bundle).stack();
          options = options.withDeployAs(name).withExtractTo(extract != null ? extract : Path.of(name));
        } else if (extract != null) {
          options = options.withExtractTo(extract);
        }
        LoadResult r = Bundle.load(bundle, engine, options);
        bar.finish();
        for (BundleManifest.Image i : r.images()) {
          out.println("loaded " + i.reference() + " (" + i.id() + ")");
        }
        r.directory().ifPresent(d -> out.println("extracted the compose project to " + d
            + (r.generatedSecrets().isEmpty() ? "" : " (generated secrets: " + String.join(", ", r.generatedSecrets()) + ")")));
        r.deployedProject().ifPresent(p -> out.println(p + " is up"));
        out.printf(Locale.ROOT, "done in %.1f s%n", r.took().toMillis() / 1e3);
        out.flush();
        return OnyxDeploy.EXIT_OK;
      } catch (BundleVerificationException e) {
        bar.finish();
        return refused(spec, e);
      } finally {
        bar.finish();
      }
    }

    /** Verifies the bundle and loads its images into one engine (a node of a swarm). */
    private void loadInto(URI host) {
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
      PrintWriter out = spec.commandLine().getOut();
      try (DockerEngine engine = DockerEngine.connect(host)) {
        LoadResult r = Bundle.load(bundle, engine, LoadOptions.defaults().withListener(bar));
        bar.finish();
        for (BundleManifest.Image i : r.images()) {
          out.println(host + ": loaded " + i.reference() + " (" + i.id() + ")");
        }
        out.flush();
      } finally {
        bar.finish();
      }
    }
  }

  /** {@code bundle ls}. */
  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = "List what a bundle holds (from its manifest; use verify to check the content).")
  static final class Ls implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE.zip", description = "The bundle.")
    Path bundle;

    @Override
    public Integer call() {
      BundleManifest m;
      try {
        m = Bundle.list(bundle);
      } catch (BundleVerificationException e) {
        return refused(spec, e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("bundle %s: stack %s, format %d, made by onyx-deploy %s on %s, needs Docker Compose %s%n", bundle,
          m.stack(), m.formatVersion(), m.toolVersion(), m.createdAt(), m.composeVersion());
      m.base().ifPresent(b -> out.println("incremental: an upgrade on top of " + b.describe()));
      out.println("IMAGE\tID\tSIZE\tSERVICES");
      for (BundleManifest.Image i : m.images()) {
        out.println(i.reference() + "\t" + i.shortId() + "\t" + ByteSize.ofBytes(i.size()).toHumanString() + "\t" + String.join(",", i.services()));
      }
      if (!m.secrets().isEmpty()) {
        out.println("SECRET\tSOURCE\tWHERE");
        for (BundleManifest.SecretEntry s : m.secrets()) {
          out.println(s.name() + "\t" + s.source() + "\t" + s.file().orElse("")
              + s.variable().map(v -> (s.file().isPresent() ? ", " : "") + ".env:" + v).orElse(""));
        }
      }
      out.println("SIZE\tPATH");
      for (BundleManifest.FileEntry f : m.files()) {
        out.println(ByteSize.ofBytes(f.size()).toHumanString() + "\t" + f.path());
      }
      out.flush();
      return OnyxDeploy.EXIT_OK;
    }
  }



  /** {@code bundle inventory}. */
  @Command(name = "inventory", mixinStandardHelpOptions = true,
      description = "Write what images and layers this engine holds, for making upgrade bundles that leave "
          + "them out (bundle create --since-inventory).")
  static final class Inventory implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "INV.json", description = "The file to write.")
    Path output;

    @Override
    public Integer call() {
      try (DockerEngine engine = DockerEngine.connect()) {
        LayerInventory inv = Bundle.inventory(engine);
        inv.write(output);
        long layers = inv.images().stream().flatMap(i -> i.layers().stream()).distinct().count();
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %d image(s), %d layer(s) of %s%n", output,
            inv.images().size(), layers, inv.engine());
        spec.commandLine().getOut().flush();
      }
      return OnyxDeploy.EXIT_OK;
    }
  }

  /**
   * Shows {@link DeployEvent.Progress} as a bar redrawn in place on a terminal (on stderr), or as a
   * line every 10% otherwise; build output and actions as plain lines.
   */
  static final class ProgressBar implements DeployListener {
    private final PrintWriter err;
    private final boolean tty = System.console() != null;
    private String task = "";
    private int lastTenth = -1;
    private boolean open;

    ProgressBar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void onEvent(DeployEvent e) {
      if (e instanceof DeployEvent.Progress p) {
        if (!p.task().equals(task)) {
          finish();
          task = p.task();
          lastTenth = -1;
        }
        double f = p.fraction();
        if (tty) {
          int width = 30;
          int filled = f < 0 ? 0 : (int) Math.round(f * width);
          err.printf(Locale.ROOT, "\r%-14s [%s%s] %5.1f%% %s / %s ", p.task(), "#".repeat(filled),
              ".".repeat(width - filled), Math.max(0, f) * 100, ByteSize.ofBytes(p.done()).toHumanString(), p.total() < 0 ? "?" : ByteSize.ofBytes(p.total()).toHumanString());
          open = true;
        } else {
          int tenth = f < 0 ? 0 : (int) (f * 10);
          if (tenth != lastTenth) {
            lastTenth = tenth;
            err.printf(Locale.ROOT, "%s: %d%% (%s of %s)%n", p.task(), tenth * 10, ByteSize.ofBytes(p.done()).toHumanString(),
                p.total() < 0 ? "?" : ByteSize.ofBytes(p.total()).toHumanString());
          }
        }
        err.flush();
      } else if (e instanceof DeployEvent.BuildOutput || e instanceof DeployEvent.ActionStarted
          || e instanceof DeployEvent.Warning || e instanceof DeployEvent.ServiceFailed) {
        finish();
        err.println(e.describe());
        err.flush();
      }
    }

    synchronized void finish() {
      if (open) {
        err.println();
        err.flush();
        open = false;
      }
    }
  }
}
