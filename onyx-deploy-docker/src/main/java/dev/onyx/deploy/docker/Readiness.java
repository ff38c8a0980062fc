package dev.onyx.deploy.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for one started container to be ready: healthy as the engine's events say, or as a fast
 * probe (the healthcheck's own test, run through exec) finds first; then runs the post-deploy hooks.
 * Stops waiting when the apply stops or its deadline passes ({@link Applier.Aborted}).
 */
final class Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  private final Deployer d;
  private final DeployOptions o;
  private final DeployListener listener;
  private final CompletableFuture<Void> abort;
  private final long deadline;

  Readiness(Deployer d, DeployOptions o, DeployListener listener, CompletableFuture<Void> abort, long deadline) {
    this.d = d;
    this.o = o;
    this.listener = listener;
    this.abort = abort;
    this.deadline = deadline;
  }

  long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  void checkAbort() {
    if (abort.isDone()) {
      throw new Applier.Aborted();
    }
  }

  /**
   * Waits until the container is healthy.
   *
   * @param who how messages name the container ({@code service 'db'})
   * @param test the healthcheck test as an argv ({@link #healthTest})
   * @return how readiness was seen: {@code engine} or {@code probe}
   * @throws Applier.ServiceFailure when it became unhealthy or exited first
   * @throws Applier.Aborted when the apply stops or its time is up
   */
  String awaitHealthy(String who, Service s, String id, EventTracker.Watch w, List<String> test) {
    // Probing pays only when the engine's own interval is long: at 1 s the engine's checks (and
    // their events) come as soon, extra execs only load a small machine, and a probe that passes
    // before the engine's own check leaves `ps` showing "starting" right after `up` said healthy.
    Duration engineInterval = s.healthcheck().flatMap(Healthcheck::interval).orElse(Duration.ofSeconds(30));
    boolean fast = o.fastReadiness() && !d.engine.supportsStartInterval()
        && engineInterval.compareTo(Duration.ofMillis(Math.max(2000, 2 * o.fastReadinessInterval().toMillis()))) >= 0;
    long interval = o.fastReadinessInterval().toMillis();
    Duration probeTimeout = s.healthcheck().flatMap(Healthcheck::timeout).orElse(Duration.ofSeconds(30));
    while (true) {
      if (w.healthy.isDone()) {
        return "engine";
      }
      if (w.unhealthy.isDone()) {
        throw new Applier.ServiceFailure(who + " became unhealthy; last health-check output: " + healthOutput(id), false);
      }
      if (w.exited.isDone()) {
        throw new Applier.ServiceFailure(who + " exited with code " + w.exited.join()
            + " before it became healthy; last log lines:\n  " + d.lastLogLines(id, 20), false);
      }
      checkAbort();
      if (remainingMillis() == 0) {
        throw new Applier.Aborted();
      }
      long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
      if (fast) {
        try {
          if (d.execIn(id, test, probeTimeout).exitCode() == 0) {
            return "probe";
          }
        } catch (RuntimeException e) {
          LOG.debug("readiness probe of {} failed to run", who, e);
        }
      }
      long wait = fast ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())) : remainingMillis();
      try {
        CompletableFuture.anyOf(w.healthy, w.unhealthy, w.exited, abort).get(Math.min(wait, Math.max(1, remainingMillis())),
            TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // next round
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Applier.Aborted();
      }
    }
  }

  /** The healthcheck test as an argv to exec, or null when the container has none. */
  List<String> healthTest(Service s, String id) {
    List<String> t;
    if (s.healthcheck().isPresent()) {
      t = s.healthcheck().get().engineTest();
    } else {
      InspectContainerResponse r = d.client().inspectContainerCmd(id).exec();
      HealthCheck hc = r.getConfig() == null ? null : r.getConfig().getHealthcheck();
      t = hc == null || hc.getTest() == null ? null : hc.getTest();
    }
    if (t == null || t.isEmpty() || t.get(0).equals("NONE")) {
      return null;
    }
    if (t.get(0).equals("CMD")) {
      return t.subList(1, t.size());
    }
    if (t.get(0).equals("CMD-SHELL")) {
      return List.of("/bin/sh", "-c", String.join(" ", t.subList(1, t.size())));
    }
    return t;
  }

  /** The last health-check's exit code and output, for a message. */
  String healthOutput(String id) {
    try {
      HealthState h = d.client().inspectContainerCmd(id).exec().getState().getHealth();
      if (h == null || h.getLog() == null || h.getLog().isEmpty()) {
        return "(none)";
      }
      HealthStateLog last = h.getLog().get(h.getLog().size() - 1);
      String out = last.getOutput() == null ? "" : last.getOutput().strip();
      return "exit " + last.getExitCodeLong() + (out.isEmpty() ? "" : ": " + out);
    } catch (RuntimeException e) {
      return "(unavailable: " + e.getMessage() + ")";
    }
  }

  /**
   * Runs a post-deploy hook in the container.
   *
   * @throws Applier.ServiceFailure when it exits non-zero
   */
  void runHook(String service, String id, DeployOptions.Hook h) {
    checkAbort();
    String what = "hook " + service + ": " + String.join(" ", h.command());
    long t = System.nanoTime();
    listener.onEvent(new DeployEvent.ActionStarted(what));
    ExecResult r = d.execIn(id, h.command(), Duration.ofMillis(Math.max(1, remainingMillis())));
    listener.onEvent(new DeployEvent.ActionCompleted(what, Duration.ofNanos(System.nanoTime() - t)));
    if (!r.ok()) {
      String out = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
      throw new Applier.ServiceFailure("service '" + service + "': post-deploy hook " + h.command() + " exited with "
          + r.exitCode() + (out.isEmpty() ? "" : ": " + lastLines(out, 20)), false);
    }
  }

  private static String lastLines(String s, int n) {
    String[] l = s.split("\n");
    return String.join("\n  ", Arrays.asList(l).subList(Math.max(0, l.length - n), l.length));
  }
}
