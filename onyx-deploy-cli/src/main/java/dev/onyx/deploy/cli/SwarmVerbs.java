package dev.onyx.deploy.cli;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.swarm.SwarmEngine;
import dev.onyx.deploy.swarm.SwarmOptions;
import dev.onyx.deploy.swarm.SwarmResult;
import dev.onyx.deploy.swarm.SwarmServiceStatus;
import dev.onyx.deploy.swarm.SwarmTask;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code --swarm} forms of {@code up}, {@code plan}, {@code ps} and {@code down}: the same
 * verbs, against the Docker Swarm the engine manages ({@code DOCKER_HOST} or the default socket).
 */
final class SwarmVerbs {
  private SwarmVerbs() {
  }

  /** {@code up --swarm}: deploys in dependency order; exit 1 names the failing service and its task's error. */
  static int up(Stack stack, UpCommand up, PrintWriter out) {
    DeployListener progress = System.console() != null && !up.plain ? new UpCommand.LiveProgress(out, stack)
        : UpCommand.plainLines(out);
    SwarmOptions options = options(up.input, up.swarmRegistry).withTimeout(up.timeout)
        .withListener(progress);
    long t0 = System.nanoTime();
    try (SwarmEngine swarm = SwarmEngine.connect()) {
      SwarmResult r = swarm.apply(stack, options);
      if (progress instanceof UpCommand.LiveProgress lp) {
        lp.finish();
      }
      out.printf("%s %s on the swarm in %.1f s%n", stack.name(), r.wasNoOp() ? "is already up to date" : "is up",
          (System.nanoTime() - t0) / 1e9);
      out.flush();
    } catch (RuntimeException e) {
      if (progress instanceof UpCommand.LiveProgress lp) {
        lp.finish();
      }
      throw e;
    }
    return OnyxDeploy.EXIT_OK;
  }

  /** {@code plan --swarm}: what {@code up --swarm} would do, and the warnings. */
  static int plan(EngineInput input, String registry, PrintWriter out) {
    Stack stack = input.stack();
    SwarmOptions options = options(input, registry);
    try (SwarmEngine swarm = SwarmEngine.connect()) {
      out.println(swarm.plan(stack, options));
    }
    out.flush();
    return OnyxDeploy.EXIT_OK;
  }

  /** {@code ps --swarm}: each service's tasks wanted and up, and where they run. */
  static int ps(String project, PrintWriter out) {
    List<SwarmServiceStatus> st;
    Function<String, String> node;
    try (SwarmEngine swarm = SwarmEngine.connect()) {
      st = swarm.status(project);
      Map<String, String> names = swarm.nodes().stream().collect(Collectors.toMap(n -> n.id(),
          n -> n.hostname() + " (" + n.address() + ")"));
      node = id -> names.getOrDefault(id, id);
    }
    out.printf("%-20s %-14s %-7s %-6s %-20s %s%n", "SERVICE", "MODE", "TASKS", "READY", "UPDATE", "RUNNING ON");
    for (SwarmServiceStatus s : st) {
      boolean job = s.mode().endsWith("-job") || s.completed() > 0 && s.running() == 0;
      String tasks = (job ? s.completed() : s.running()) + "/" + (s.desired() < 0 ? s.tasks().size() : s.desired())
          + (job ? " done" : "");
      String where = s.tasks().stream().filter(SwarmTask::running)
          .map(t -> node.apply(t.nodeId().orElse("?"))).collect(Collectors.joining(", "));
      out.printf("%-20s %-14s %-7s %-6s %-20s %s%n", s.service(), s.mode(), tasks, s.ready() ? "yes" : "no",
          s.updateState().orElse("-"), where.isEmpty() ? "-" : where);
      if (!s.ready()) {
        s.tasks().stream().filter(t -> !t.running() && !t.completed()).findFirst().ifPresent(t ->
            out.printf("%-20s   task %s on %s: %s%s%n", "", t.state(), node.apply(t.nodeId().orElse("?")),
                t.error().orElse(t.message()), t.exitCode().map(c -> " (exit " + c + ")").orElse("")));
      }
    }
    out.flush();
    return OnyxDeploy.EXIT_OK;
  }

  /** {@code down --swarm}: removes the stack's services, networks, secrets and configs. */
  static int down(String project, boolean volumes, PrintWriter out) {
    if (volumes) {
      throw new IllegalArgumentException("--volumes does not go with --swarm: a Swarm stack's volumes live on the "
          + "nodes that ran its tasks; remove them there with 'docker volume rm'");
    }
    try (SwarmEngine swarm = SwarmEngine.connect()) {
      swarm.down(project);
    }
    out.println(project + " is down (swarm)");
    out.flush();
    return OnyxDeploy.EXIT_OK;
  }

  private static SwarmOptions options(EngineInput input, String registry) {
    SwarmOptions o = SwarmOptions.defaults();
    if (!input.compose.files.isEmpty() || input.compose.projectName == null) {
      o = o.withWorkingDir(input.workingDir());
    }
    return registry == null ? o : o.withRegistry(registry);
  }
}
