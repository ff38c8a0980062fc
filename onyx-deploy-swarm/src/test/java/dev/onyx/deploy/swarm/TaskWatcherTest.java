package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tests for {@link TaskWatcher}: what it reads, and which of the manager's events trigger a read. */
class TaskWatcherTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void aContainersStartExitAndHealthTriggerAReadItsHealthcheckExecsDoNot() {
    assertThat(TaskWatcher.moves("start")).isTrue();
    assertThat(TaskWatcher.moves("die")).isTrue();
    assertThat(TaskWatcher.moves("oom")).isTrue();
    assertThat(TaskWatcher.moves("health_status: healthy")).isTrue();
    assertThat(TaskWatcher.moves("health_status: unhealthy")).isTrue();
    assertThat(TaskWatcher.moves("exec_create: test -f /tmp/ready")).isFalse();
    assertThat(TaskWatcher.moves("exec_start: test -f /tmp/ready")).isFalse();
    assertThat(TaskWatcher.moves("exec_die")).isFalse();
    assertThat(TaskWatcher.moves(null)).isFalse();
  }

  @Test
  void readsTheTasksOfTheWatchedServicesOnlyAndTheServiceListOnlyWhenItMayHaveChanged() throws Exception {
    SwarmApi api = mock(SwarmApi.class);
    when(api.services("st")).thenReturn(List.of(Map.of("ID", "s1"), Map.of("ID", "s2")));
    List<List<String>> asked = new ArrayList<>();
    when(api.tasksOf(anyList())).thenAnswer(inv -> {
      List<String> ids = inv.getArgument(0);
      synchronized (asked) {
        asked.add(ids);
      }
      return ids.stream().map(id -> Map.<String, Object>of("ID", "t-" + id, "ServiceID", id)).toList();
    });
    try (TaskWatcher w = new TaskWatcher(api, "st", Duration.ofMillis(50), pool).start()) {
      long since = w.watch("s1");
      TaskWatcher.Snapshot first = w.next(since, deadline());
      assertThat(first).isNotNull();
      assertThat(first.services()).containsOnlyKeys("s1", "s2");
      assertThat(first.tasks()).containsOnlyKeys("s1");
      TaskWatcher.Snapshot later = first;
      for (int i = 0; i < 4; i++) {
        later = w.next(later.readAt(), deadline()); // 5 reads within 1 s
      }
      w.unwatch("s1");
      since = w.watch("s2");
      TaskWatcher.Snapshot second = w.next(since, deadline());
      assertThat(second.tasks()).containsOnlyKeys("s2");
      w.unwatch("s2");
    }
    verify(api, never()).tasks(anyString());
    verify(api, atMost(2)).services("st");
    synchronized (asked) {
      assertThat(asked).allSatisfy(ids -> assertThat(ids).hasSize(1));
    }
  }

  @Test
  void aCreateOrUpdateOfOursMakesTheNextReadReadTheServiceListAgain() throws Exception {
    SwarmApi api = mock(SwarmApi.class);
    when(api.services("st")).thenReturn(List.of()).thenReturn(List.of(Map.of("ID", "s9")));
    when(api.tasksOf(anyList())).thenReturn(List.of());
    try (TaskWatcher w = new TaskWatcher(api, "st", Duration.ofSeconds(5), pool).start()) {
      long since = w.watch("s9");
      TaskWatcher.Snapshot before = w.next(since, deadline());
      assertThat(before.services()).isEmpty();
      w.servicesChanged();
      TaskWatcher.Snapshot after = w.next(before.readAt(), deadline());
      assertThat(after).isNotNull();
      assertThat(after.services()).containsOnlyKeys("s9"); // read at once, not after the 5 s interval
    }
  }

  private static long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
  }
}
