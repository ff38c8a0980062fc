package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for {@link TaskWatcher}: which of the manager's container events trigger a read. */
class TaskWatcherTest {
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
}
