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
   * {@code --profile laptop|server}: this verb's name for the preset's {@code --resources} (as
   * issue 5 names it). Only here: the verbs that read compose files use {@code --profile} for
   * compose profiles, and this one reads none.
   */
  @Option(names = "--profile", paramLabel = "laptop|server", converter = PresetOptions.ProfileConverter.class,
      description = "Same as --resources.")
  ResourceProfile profileAlias;

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
      Files.writeString(out.resolve("wslconfig.txt"), advice.wslconfig(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.print(report.summary());
    if (!report.summary().endsWith("\n")) {
      o.println();
    }
    o.println("Wrote stack '" + stack.name() + "' (" + stack.services().size() + " services) to "
        + out.toAbsolutePath().normalize());
    o.println(advice.dockerDesktopSuggestion());
    o.println("Start it with: docker compose --project-directory " + out + " up -d --wait");
    return OnyxDeploy.EXIT_OK;
  }
}
