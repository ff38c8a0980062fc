package dev.onyx.deploy.cli;

import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.DownOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code onyx-deploy down -p NAME [--volumes]} (or {@code -f FILE}): stops and removes the project. */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop and remove the project's containers and networks (volumes with --volumes).")
public final class DownCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EngineInput input;

  @Option(names = {"-v", "--volumes"}, description = "Also remove the project's volumes and kept generated secrets.")
  boolean volumes;

  @Option(names = "--swarm", description = "Remove the stack's Swarm services, networks, secrets and configs "
      + "(volumes stay on their nodes).")
  boolean swarm;

  @Override
  public Integer call() {
    String project = input.project();
    if (swarm) {
      return SwarmVerbs.down(project, volumes, spec.commandLine().getOut());
    }
    try (DockerEngine engine = DockerEngine.connect()) {
      engine.down(project, DownOptions.defaults().withVolumes(volumes));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(project + " is down");
    out.flush();
    return OnyxDeploy.EXIT_OK;
  }
}
