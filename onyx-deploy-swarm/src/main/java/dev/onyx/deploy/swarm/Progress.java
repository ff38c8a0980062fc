package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static dev.onyx.deploy.docker.EngineApi.str;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where one Swarm service stands, from the manager's task list: for each replica slot (or node, for a
 * global service) the newest task of the wanted spec (told by its task-hash label), counted as
 * started, running (healthy, when there is a healthcheck: Swarm keeps such a task in
 * {@code starting} until its container is healthy) or completed.
 *
 * @param needed how many tasks must be up (replicas, a job's completions, or a global service's nodes)
 * @param started how many newest tasks have their container started (or ran to completion)
 * @param running how many are running
 * @param completed how many completed with exit code 0
 * @param failure the newest failed or rejected task of the wanted spec that this apply did not see
 *     before, as words ({@code on node ...: task: non-zero exit (1)}), when there is one
 * @param failedTask that task's id, when there is one
 * @param lastMessage the state and message of the newest task, to say where a stuck service stands
 * @param tasks the newest task of each slot, as values
 */
record Progress(int needed, int started, int running, int completed, Optional<String> failure,
    Optional<String> failedTask, String lastMessage, List<SwarmTask> tasks) {

  private static final List<String> STARTED = List.of("starting", "running", "complete");

  /**
   * @param service the service as the manager lists it
   * @param serviceName the service's name in the stack
   * @param allTasks the service's tasks (history included)
   * @param taskHash the task hash of the wanted spec; null counts every task as current
   * @param known task ids seen before this apply acted (their failures are old news)
   * @param nodes node id to a name for messages
   */
  static Progress of(Map<String, Object> service, String serviceName, List<Map<String, Object>> allTasks,
      @Nullable String taskHash, Set<String> known, Map<String, String> nodes) {
    boolean global = at(service, "Spec", "Mode", "Global") != null || at(service, "Spec", "Mode", "GlobalJob") != null;
    Map<String, Map<String, Object>> newest = new LinkedHashMap<>();
    Map<String, Object> failed = null;
    for (Map<String, Object> t : allTasks) {
      String hash = str(at(t, "Spec", "ContainerSpec", "Labels", Names.TASK_HASH));
      if (taskHash != null && !taskHash.equals(hash)) {
        continue;
      }
      String st = state(t);
      if (("failed".equals(st) || "rejected".equals(st)) && !known.contains(str(t.get("ID")))
          && (failed == null || created(t).isAfter(created(failed)))) {
        // a task of the wanted spec that failed since this apply acted, even when Swarm has already
        // made its replacement (a crash loop's newest task is the next attempt, not the failure)
        failed = t;
      }
      String slot = global ? String.valueOf(t.get("NodeID")) : String.valueOf(t.get("Slot"));
      if (!global && at(service, "Spec", "Mode", "ReplicatedJob") != null) {
        slot = String.valueOf(t.get("ID")); // a job's tasks have no slots: each completion counts
      }
      Map<String, Object> cur = newest.get(slot);
      if (cur == null || created(t).isAfter(created(cur))) {
        newest.put(slot, t);
      }
    }
    int needed;
    Object replicas = at(service, "Spec", "Mode", "Replicated", "Replicas");
    Object completions = at(service, "Spec", "Mode", "ReplicatedJob", "TotalCompletions");
    if (replicas instanceof Number n) {
      needed = n.intValue();
      // slots above the replica count are being scaled down
      newest.keySet().removeIf(k -> k.matches("\\d+") && Integer.parseInt(k) > n.intValue());
    } else if (completions instanceof Number n) {
      needed = n.intValue();
    } else {
      newest.values().removeIf(t -> "shutdown".equals(t.get("DesiredState")) && !"failed".equals(state(t))
          && !"rejected".equals(state(t)));
      needed = Math.max(1, newest.size());
    }
    int started = 0;
    int running = 0;
    int completed = 0;
    String failure = failed == null ? null
        : "on node " + nodeName(nodes, str(failed.get("NodeID"))) + ": " + errorOf(failed);
    String failedTask = failed == null ? null : str(failed.get("ID"));
    List<SwarmTask> tasks = new ArrayList<>();
    Map<String, Object> latest = null;
    for (Map<String, Object> t : newest.values()) {
      String st = state(t);
      started += STARTED.contains(st) ? 1 : 0;
      running += "running".equals(st) ? 1 : 0;
      completed += "complete".equals(st) ? 1 : 0;
      if (latest == null || created(t).isAfter(created(latest))) {
        latest = t;
      }
      tasks.add(task(t, serviceName, taskHash));
    }
    tasks.sort(Comparator.comparingInt(SwarmTask::slot).thenComparing(SwarmTask::nodeId, Comparator.comparing(
        o -> o.orElse(""))));
    String last = latest == null ? "no task yet" : state(latest) + " (" + errorOf(latest) + ")";
    return new Progress(needed, started, running, completed, Optional.ofNullable(failure),
        Optional.ofNullable(failedTask), last, tasks);
  }

  /** @return whether every needed task has its container started */
  boolean isStarted() {
    return started >= needed;
  }

  /** @return whether every needed task runs (or, when completing counts, completed) */
  boolean isRunning(boolean completingCounts) {
    return running + (completingCounts ? completed : 0) >= needed;
  }

  /** @return whether every needed task completed with exit code 0 (at least one) */
  boolean isCompleted() {
    return completed >= Math.max(1, needed);
  }

  static SwarmTask task(Map<String, Object> t, String serviceName, @Nullable String taskHash) {
    Object slot = t.get("Slot");
    Object exit = at(t, "Status", "ContainerStatus", "ExitCode");
    String st = state(t);
    boolean exited = "complete".equals(st) || "failed".equals(st) || "shutdown".equals(st);
    String err = str(at(t, "Status", "Err"));
    return new SwarmTask(str(t.get("ID")), serviceName, slot instanceof Number n ? n.intValue() : 0,
        Optional.ofNullable(str(t.get("NodeID"))).filter(s -> !s.isEmpty()), st, SwarmApi.text(t.get("DesiredState")),
        SwarmApi.text(at(t, "Status", "Message")), Optional.ofNullable(err).filter(s -> !s.isEmpty()),
        exited && exit instanceof Number n ? Optional.of(n.intValue()) : Optional.empty(),
        Optional.ofNullable(str(at(t, "Status", "ContainerStatus", "ContainerID"))).filter(s -> !s.isEmpty()),
        created(t), SwarmApi.time(at(t, "Status", "Timestamp")),
        taskHash == null || taskHash.equals(str(at(t, "Spec", "ContainerSpec", "Labels", Names.TASK_HASH))));
  }

  static String state(Map<String, Object> t) {
    return SwarmApi.text(at(t, "Status", "State"));
  }

  private static Instant created(Map<String, Object> t) {
    return SwarmApi.time(t.get("CreatedAt"));
  }

  static String errorOf(Map<String, Object> t) {
    String err = str(at(t, "Status", "Err"));
    String msg = SwarmApi.text(at(t, "Status", "Message"));
    return err != null && !err.isBlank() ? err : msg;
  }

  static String nodeName(Map<String, String> nodes, @Nullable String id) {
    if (id == null || id.isEmpty()) {
      return "(none)";
    }
    return nodes.getOrDefault(id, id.substring(0, Math.min(12, id.length())));
  }
}
