package dev.onyx.deploy.cli;

import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.LogOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code onyx-deploy logs -p NAME SERVICE [--tail N] [--follow]}. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show a service's logs.")
public final class LogsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EngineInput input;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "The service.")
  String service;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "-1",
      description = "Only the last N lines (default: all).")
  int tail;

  @Option(names = {"-F", "--follow"}, description = "Keep printing new lines.")
  boolean follow;

  @Override
  public Integer call() {
    String project = input.project();
    PrintWriter out = spec.commandLine().getOut();
    try (DockerEngine engine = DockerEngine.connect()) {
      LogOptions options = LogOptions.all().withFollow(follow);
      engine.logs(project, service, tail < 0 ? options : options.withTail(tail), line -> {
        out.println(line);
        out.flush();
      });
    }
    return OnyxDeploy.EXIT_OK;
  }
}
