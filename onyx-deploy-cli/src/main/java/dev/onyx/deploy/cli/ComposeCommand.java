package dev.onyx.deploy.cli;

import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.compose.WriteReport;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.preset.HostAdvice;
import dev.onyx.deploy.preset.OnyxStack;
import dev.onyx.deploy.preset.ResourceProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code onyx-deploy compose}: writes the Onyx preset as a whole compose project (compose.yaml,
 * .env with generated secrets, secrets/, config/ with the nginx configuration, README.txt and a
 * {@code wslconfig.txt} suggestion for Windows hosts). Needs no Docker engine. Re-running it into
 * the same folder keeps every existing secret.
 *
 * <pre>
 * onyx-deploy compose [--layout upstream|classic] [--profile laptop|server] [--with-logging]
 *                     [--registry R] [--tag T] [--out DIR]
 * </pre>
 *
 * <p>{@code --profile laptop|server} is this verb's alias of the preset's {@code --resources}
 * (the name {@code up --preset onyx} and {@code bundle create --preset onyx} use, where
 * {@code --profile} selects compose profiles).
 *
 * <p>{@code .env} also gets {@code COMPOSE_PROFILES} with every profile the stack declares
 * ({@code s3-filestore}, and {@code logging} with {@code --with-logging}), as upstream's
 * {@code env.template} does, so a plain {@code docker compose up -d --wait} starts them.
 */
@Command(name = "compose", mixinStandardHelpOptions = true,
    description = "Write the Onyx preset as a compose project (needs no Docker engine).")
public final class ComposeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  PresetOptions preset;

  @Option(names = {"--out", "-o"}, paramLabel = "DIR", defaultValue = "onyx",
      description = "Project folder (created if missing; default ./onyx).")
  Path out;

  /**
   * {@code --profile laptop|server}: this verb's name for the preset's {@code --resources}, the one
   * README and the verb's first users know. Only here: the verbs that read compose files use
   * {@code --profile} for compose profiles, and this one reads none.
   */
  @Option(names = "--profile", paramLabel = "laptop|server", converter = PresetOptions.ProfileConverter.class,
      description = "Same as --resources.")
  ResourceProfile profileAlias;

  /** The file {@code compose} adds to the project beside what the project writer writes. */
  static final String WSLCONFIG = "wslconfig.txt";

  @Override
  public Integer call() {
    if (profileAlias != null) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--resources") && preset.profile != profileAlias) {
        throw new IllegalArgumentException("--profile and --resources disagree; give one");
      }
      preset.profile = profileAlias;
    }
    Stack stack = preset.stack();
    ComposeProject.Writer writer = ComposeProject.writer(out);
    String profiles = OnyxStack.composeProfiles(stack);
    if (!profiles.isEmpty()) {
      writer = writer.withVariable("COMPOSE_PROFILES", profiles);
    }
    WriteReport report = writer.write(stack);
    HostAdvice advice = OnyxStack.hostAdvice(stack);
    try {
      Files.writeString(out.resolve(WSLCONFIG), advice.wslconfig(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    print(spec.commandLine().getOut(), stack, report, advice);
    return OnyxDeploy.EXIT_OK;
  }

  /**
   * A short summary: what was written and where, the next command, and where Onyx will answer;
   * never the values (or names) of the generated secrets.
   */
  private void print(PrintWriter o, Stack stack, WriteReport report, HostAdvice advice) {
    Path dir = out.toAbsolutePath().normalize();
    o.println("Wrote the Onyx stack '" + stack.name() + "' (" + stack.services().size() + " services) to " + dir);
    List<String> files = new ArrayList<>();
    int newSecrets = 0;
    int keptSecrets = 0;
    for (List<String> items : List.of(report.added(), report.kept(), report.changed(), report.unchanged())) {
      for (String item : items) {
        if (item.startsWith("secrets/")) {
          if (items == report.added()) {
            newSecrets++;
          } else {
            keptSecrets++;
          }
        } else {
          String file = item.contains(":") ? item.substring(0, item.indexOf(':')) : item; // .env:NAME
          if (!files.contains(file)) {
            files.add(file);
          }
        }
      }
    }
    files.sort(java.util.Comparator.comparing((String f) -> !f.equals("compose.yaml"))
        .thenComparing(f -> !f.equals(".env")).thenComparing(f -> f.contains("/") ? 0 : 1)
        .thenComparing(f -> f));
    files.add(WSLCONFIG);
    o.println("  files:   " + String.join(", ", files));
    if (newSecrets + keptSecrets > 0) {
      o.println("  secrets: " + (newSecrets > 0 ? newSecrets + " generated" : "")
          + (newSecrets > 0 && keptSecrets > 0 ? ", " : "") + (keptSecrets > 0 ? keptSecrets + " kept" : "")
          + " in secrets/ and .env (a re-run keeps them)");
    }
    List<String> changed = report.changed().stream().filter(i -> !i.contains(":")).toList();
    if (!changed.isEmpty()) {
      o.println("  changed: " + String.join(", ", changed));
    }
    if (!report.unused().isEmpty()) {
      o.println("  no longer used (left in place): " + String.join(", ", report.unused()));
    }
    report.warnings().forEach(w -> o.println("warning: " + w));
    o.println("Start it:  docker compose --project-directory " + out + " up -d --wait");
    List<String> urls = PublishedUrls.lines(stack);
    if (!urls.isEmpty()) {
      o.println("Then open:");
      urls.forEach(o::println);
    }
    o.println("Docker Desktop needs at least " + advice.memoryGigabytes() + " GB of memory and "
        + advice.processors() + " CPUs for it (Settings > Resources; with WSL 2: " + WSLCONFIG + ").");
  }
}
