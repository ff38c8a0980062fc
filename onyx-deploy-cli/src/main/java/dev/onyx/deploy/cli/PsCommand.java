package dev.onyx.deploy.cli;

import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ServiceStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code onyx-deploy ps -p NAME} (or {@code -f FILE}): each service's state, health and ports. */
@Command(name = "ps", mixinStandardHelpOptions = true,
    description = "List the project's services: state, health, published ports.")
public final class PsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EngineInput input;

  @Option(names = "--swarm", description = "The stack's Swarm services: tasks wanted and up, and their nodes.")
  boolean swarm;

  @Override
  public Integer call() {
    String project = input.project();
    if (swarm) {
      return SwarmVerbs.ps(project, spec.commandLine().getOut());
    }
    List<ServiceStatus> st;
    try (DockerEngine engine = DockerEngine.connect()) {
      st = engine.status(project);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-20s %-32s %-10s %-10s %s%n", "SERVICE", "CONTAINER", "STATE", "HEALTH", "PORTS");
    for (ServiceStatus s : st) {
      out.printf("%-20s %-32s %-10s %-10s %s%n", s.service(), s.container(),
          s.state() + s.exitCode().filter(c -> !"running".equals(s.state())).map(c -> "(" + c + ")").orElse(""),
          s.health().orElse("-"), String.join(", ", s.ports()));
    }
    out.flush();
    return OnyxDeploy.EXIT_OK;
  }
}
