package dev.onyx.deploy.cli;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.Plan;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code onyx-deploy plan -f compose.yaml [-p NAME]}: prints what {@code up} would change on the
 * Docker engine, changing nothing.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Show what 'up' would do on the Docker engine (changes nothing).")
public final class PlanCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EngineInput input;

  @Option(names = "--swarm", description = "Plan against the Docker Swarm this engine manages.")
  boolean swarm;

  @Option(names = "--swarm-registry", paramLabel = "HOST[:PORT]", description = "With --swarm: the registry "
      + "'up --swarm-registry' would push the images to.")
  String swarmRegistry;

  @Override
  public Integer call() {
    if (!swarm && swarmRegistry != null) {
      throw new IllegalArgumentException("--swarm-registry goes with --swarm");
    }
    if (swarm) {
      return SwarmVerbs.plan(input, swarmRegistry, spec.commandLine().getOut());
    }
    Stack stack = input.stack();
    try (DockerEngine engine = DockerEngine.connect()) {
      Plan plan = engine.plan(stack, input.options());
      PrintWriter out = spec.commandLine().getOut();
      out.println(plan);
      out.flush();
    }
    return OnyxDeploy.EXIT_OK;
  }
}
