package dev.onyx.deploy.cli;

import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ExecResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code onyx-deploy exec -p NAME SERVICE -- CMD ARGS...}: runs a command in the service's container
 * and exits with its exit status.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
    description = "Run a command in a service's container; exits with the command's status.")
public final class ExecCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EngineInput input;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "The service.")
  String service;

  @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments.")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    String project = input.project();
    ExecResult r;
    try (DockerEngine engine = DockerEngine.connect()) {
      r = engine.exec(project, service, command);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.print(r.stdout());
    out.flush();
    err.print(r.stderr());
    err.flush();
    return r.exitCode();
  }
}
