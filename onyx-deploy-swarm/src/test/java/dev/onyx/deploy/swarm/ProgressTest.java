package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests for {@link Progress}: where a service stands, read from the manager's task list. */
class ProgressTest {
  private static final Map<String, String> NODES = Map.of("n1", "manager", "n2", "worker");

  static Map<String, Object> service(Map<String, Object> mode) {
    return Map.of("ID", "s1", "Spec", Map.of("Name", "shop_api", "Mode", mode));
  }

  static Map<String, Object> task(String id, int slot, String node, String state, String hash, String created,
      String err) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("State", state);
    status.put("Message", state);
    status.put("Timestamp", created);
    if (err != null) {
      status.put("Err", err);
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("ID", id);
    t.put("Slot", (long) slot);
    t.put("NodeID", node);
    t.put("CreatedAt", created);
    t.put("DesiredState", "running");
    t.put("Status", status);
    t.put("Spec", Map.of("ContainerSpec", Map.of("Labels", Map.of(Names.TASK_HASH, hash))));
    return t;
  }

  @Test
  void countsTheNewestTaskOfEachSlotOfTheWantedSpec() {
    List<Map<String, Object>> tasks = List.of(
        task("old1", 1, "n1", "shutdown", "h0", "2026-01-01T00:00:00Z", null),
        task("new1", 1, "n1", "running", "h1", "2026-01-01T00:01:00Z", null),
        task("new2", 2, "n2", "starting", "h1", "2026-01-01T00:01:00Z", null));

    Progress p = Progress.of(service(Map.of("Replicated", Map.of("Replicas", 2L))), "api", tasks, "h1", Set.of(), NODES);

    assertThat(p.needed()).isEqualTo(2);
    assertThat(p.running()).isEqualTo(1);
    assertThat(p.started()).isEqualTo(2);
    assertThat(p.isStarted()).isTrue();
    assertThat(p.isRunning(false)).isFalse();
    assertThat(p.failure()).isEmpty();
    assertThat(p.tasks()).extracting(SwarmTask::id).containsExactly("new1", "new2");
  }

  @Test
  void aNewFailedTaskIsAFailureAndAnOldOneIsNot() {
    Map<String, Object> svc = service(Map.of("Replicated", Map.of("Replicas", 1L)));
    List<Map<String, Object>> tasks = List.of(
        task("t1", 1, "n2", "rejected", "h1", "2026-01-01T00:00:00Z", "No such image: sha256:abc"));

    assertThat(Progress.of(svc, "api", tasks, "h1", Set.of(), NODES).failure())
        .contains("on node worker: No such image: sha256:abc");
    assertThat(Progress.of(svc, "api", tasks, "h1", Set.of("t1"), NODES).failure()).isEmpty();
  }

  @Test
  void aCrashLoopIsAFailureEvenWhileItsNextAttemptRuns() {
    Map<String, Object> svc = service(Map.of("Replicated", Map.of("Replicas", 1L)));
    List<Map<String, Object>> tasks = List.of(
        task("t1", 1, "n1", "failed", "h1", "2026-01-01T00:00:00Z", "task: non-zero exit (7)"),
        task("t2", 1, "n1", "running", "h1", "2026-01-01T00:00:06Z", null));

    Progress p = Progress.of(svc, "api", tasks, "h1", Set.of(), NODES);

    assertThat(p.failure()).contains("on node manager: task: non-zero exit (7)");
    assertThat(p.failedTask()).contains("t1");
    assertThat(p.running()).isEqualTo(1);
  }

  @Test
  void aOneShotCompletes() {
    List<Map<String, Object>> tasks = List.of(task("t1", 1, "n1", "complete", "h1", "2026-01-01T00:00:00Z", null));

    Progress p = Progress.of(service(Map.of("Replicated", Map.of("Replicas", 1L))), "migrate", tasks, "h1", Set.of(),
        NODES);

    assertThat(p.isCompleted()).isTrue();
    assertThat(p.isRunning(true)).isTrue();
    assertThat(p.isRunning(false)).isFalse();
  }

  @Test
  void aGlobalServiceNeedsOneTaskPerNodeItRunsOn() {
    List<Map<String, Object>> tasks = List.of(
        task("a", 0, "n1", "running", "h1", "2026-01-01T00:00:00Z", null),
        task("b", 0, "n2", "preparing", "h1", "2026-01-01T00:00:00Z", null));

    Progress p = Progress.of(service(Map.of("Global", Map.of())), "agent", tasks, "h1", Set.of(), NODES);

    assertThat(p.needed()).isEqualTo(2);
    assertThat(p.running()).isEqualTo(1);
    assertThat(p.isRunning(false)).isFalse();
  }
}
