package dev.onyx.deploy.cli;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DeployOptions;
import dev.onyx.deploy.docker.DeployResult;
import dev.onyx.deploy.docker.DockerEngine;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code onyx-deploy up -f compose.yaml [-p NAME] [--timeout 5m] [--pull missing|always|never]}
 * (or {@code up --preset onyx [preset options]}): pulls the missing images (one progress line per
 * image, on stderr), then deploys the stack to the Docker engine (through its API) and returns once
 * every service is running, healthy or completed. On a terminal it shows one live line per service;
 * otherwise one plain line per event. Fails (exit 1) naming the service that failed, with its last
 * health output or log lines, or the image that could not be pulled, its registry and why.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Deploy to the Docker engine and wait until every service is ready.")
public final class UpCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EngineInput input;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = Converters.Timeout.class,
      description = "Give up after this long: seconds (180) or a duration (180s, 3m); default ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--no-fast-readiness",
      description = "Wait for the engine's own healthcheck interval instead of probing at a short cadence.")
  boolean noFastReadiness;

  @Option(names = "--plain", description = "Plain progress lines even on a terminal.")
  boolean plain;

  @Option(names = "--preset", paramLabel = "onyx",
      description = "Deploy a built-in stack instead of compose files: onyx (the Onyx preset; shaped by "
          + "--layout, --resources, --registry, --tag, ...; -p names the project).")
  String presetName;

  @Mixin
  PresetOptions preset;

  @Option(names = "--swarm", description = "Deploy to the Docker Swarm this engine manages: Swarm services, "
      + "created in dependency order.")
  boolean swarm;

  @Option(names = "--swarm-registry", paramLabel = "HOST[:PORT]", description = "With --swarm: push the stack's "
      + "images to this registry; the nodes pull them from there (else every node must hold them).")
  String swarmRegistry;

  @Mixin
  PullOption pull;

  /** @return the stack to deploy: the preset's with {@code --preset}, else the compose files' */
  Stack stack() {
    return presetName == null ? input.stack() : preset.stackFor(presetName, input.compose);
  }

  /** @return the apply options: project folder and files; the current folder for a preset */
  DeployOptions options() {
    return presetName == null ? input.options() : DeployOptions.defaults();
  }

  @Override
  public Integer call() {
    Stack stack = stack();
    PrintWriter out = spec.commandLine().getOut();
    boolean pullGiven = spec.commandLine().getParseResult().hasMatchedOption("--pull");
    if (swarm && pullGiven) {
      throw new IllegalArgumentException("--pull does not go with --swarm: each node pulls the images it runs "
          + "(use --swarm-registry to push the manager's images to a registry the nodes pull from)");
    }
    if (!swarm && swarmRegistry != null) {
      throw new IllegalArgumentException("--swarm-registry goes with --swarm");
    }
    if (swarm) {
      return SwarmVerbs.up(stack, this, out);
    }
    boolean live = System.console() != null && !plain;
    DeployListener services = live ? new LiveProgress(out, stack) : plainLines(out);
    DeployListener progress = new TransferProgress(spec.commandLine().getErr(), live, services);
    long t0 = System.nanoTime();
    try (DockerEngine engine = DockerEngine.connect()) {
      DeployResult r = engine.apply(stack, options().withTimeout(timeout)
          .withFastReadiness(!noFastReadiness).withPullPolicy(pull.policy).withListener(progress));
      if (services instanceof LiveProgress lp) {
        lp.finish();
      }
      out.printf("%s %s in %.1f s%n", stack.name(), r.wasNoOp() ? "already up to date" : "is up",
          (System.nanoTime() - t0) / 1e9);
      PublishedUrls.lines(stack).forEach(out::println);
      out.flush();
    } catch (RuntimeException e) {
      if (services instanceof LiveProgress lp) {
        lp.finish();
      }
      throw e;
    }
    return OnyxDeploy.EXIT_OK;
  }

  static DeployListener plainLines(PrintWriter out) {
    return e -> {
      if (e instanceof DeployEvent.BuildOutput || e instanceof DeployEvent.Progress
          || e instanceof DeployEvent.ActionStarted) {
        return;
      }
      synchronized (out) {
        out.println(e.describe().replace("\n", " | "));
        out.flush();
      }
    };
  }

  /** One line per service, redrawn in place (ANSI) as events arrive. */
  static final class LiveProgress implements DeployListener {
    private final PrintWriter out;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private int drawn;

    LiveProgress(PrintWriter out, Stack stack) {
      this.out = out;
      stack.serviceNames().forEach(s -> lines.put(s, "waiting"));
    }

    @Override
    public synchronized void onEvent(DeployEvent e) {
      if (e instanceof DeployEvent.ServiceStarting s) {
        lines.put(s.service(), "starting");
      } else if (e instanceof DeployEvent.ServiceStarted s) {
        lines.put(s.service(), "started");
      } else if (e instanceof DeployEvent.ServiceHealthy s) {
        lines.put(s.service(), "healthy (" + s.afterStart().toMillis() + " ms)");
      } else if (e instanceof DeployEvent.ServiceCompleted s) {
        lines.put(s.service(), "exited " + s.exitCode());
      } else if (e instanceof DeployEvent.ServiceUnchanged s) {
        lines.put(s.service(), "unchanged");
      } else if (e instanceof DeployEvent.ServiceFailed s) {
        lines.put(s.service(), (s.required() ? "FAILED: " : "warning: ") + s.reason().split("\n")[0]);
      } else if (e instanceof DeployEvent.BuildOutput s) {
        lines.put(s.service(), "building: " + s.line());
      } else if (e instanceof DeployEvent.ActionStarted a && a.action().startsWith("create container ")) {
        String svc = a.action().substring("create container ".length());
        if (lines.containsKey(svc)) {
          lines.put(svc, "creating");
        }
      } else if (e instanceof DeployEvent.Warning w) {
        redraw();
        return;
      } else {
        return;
      }
      redraw();
    }

    private void redraw() {
      StringBuilder sb = new StringBuilder();
      if (drawn > 0) {
        sb.append("\033[").append(drawn).append('A');
      }
      int width = lines.keySet().stream().mapToInt(String::length).max().orElse(4);
      for (Map.Entry<String, String> l : lines.entrySet()) {
        String text = String.format(" %-" + width + "s  %s", l.getKey(), l.getValue());
        sb.append("\033[2K").append(text.length() > 150 ? text.substring(0, 150) : text).append('\n');
      }
      drawn = lines.size();
      out.print(sb);
      out.flush();
    }

    synchronized void finish() {
      out.flush();
    }
  }
}
