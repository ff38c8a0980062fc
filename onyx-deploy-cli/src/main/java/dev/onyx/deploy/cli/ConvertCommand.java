package dev.onyx.deploy.cli;

import dev.onyx.deploy.compose.ComposeWriter;
import dev.onyx.deploy.core.Stack;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code onyx-deploy convert}: reads compose files into a stack (override files merged, variables
 * interpolated, paths made absolute, env files read) and prints it as Compose Specification YAML.
 *
 * <pre>
 * onyx-deploy convert -f compose.yaml [-f override.yaml] [--env-file F] [--profile P]
 * </pre>
 *
 * <p>Exit status 0; 2 for a bad or invalid compose file (one line per problem on stderr).
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Read compose files and print the stack as compose YAML (like 'docker compose config').")
public final class ConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ComposeInput input;

  @Override
  public Integer call() {
    Stack stack = input.read();
    PrintWriter out = spec.commandLine().getOut();
    ComposeWriter.create().write(stack, out);
    out.flush();
    return OnyxDeploy.EXIT_OK;
  }
}
