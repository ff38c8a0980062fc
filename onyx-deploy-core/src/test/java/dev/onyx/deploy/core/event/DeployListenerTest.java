package dev.onyx.deploy.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Tests for {@link DeployListener} and the {@link DeployEvent}s. */
class DeployListenerTest {

  private static final DeployEvent STARTED = new DeployEvent.ServiceStarted("api", "c0ffee");
  private static final DeployEvent HEALTHY = new DeployEvent.ServiceHealthy("api", Duration.ofMillis(1500));
  private static final DeployEvent HEALTHY_DB = new DeployEvent.ServiceHealthy("db", Duration.ofSeconds(3));
  private static final DeployEvent WARNING = new DeployEvent.Warning("disk almost full");

  @Test
  void onPassesOnlyEventsOfTheType() {
    List<String> healthy = new ArrayList<>();
    DeployListener l = DeployListener.on(DeployEvent.ServiceHealthy.class, e -> healthy.add(e.service()));
    for (DeployEvent e : List.of(STARTED, HEALTHY, WARNING, HEALTHY_DB)) {
      l.onEvent(e);
    }
    assertThat(healthy).containsExactly("api", "db");
  }

  @Test
  void onAcceptsTheSupertypeToReceiveEverything() {
    List<DeployEvent> all = new ArrayList<>();
    DeployListener l = DeployListener.on(DeployEvent.class, all::add);
    l.onEvent(STARTED);
    l.onEvent(WARNING);
    assertThat(all).containsExactly(STARTED, WARNING);
  }

  @Test
  void andThenCallsThisThenTheNext() {
    List<String> calls = new ArrayList<>();
    DeployListener first = e -> calls.add("first " + e.describe());
    DeployListener second = e -> calls.add("second " + e.describe());
    first.andThen(second).onEvent(STARTED);
    assertThat(calls).containsExactly("first api: started", "second api: started");
  }

  @Test
  void safeSwallowsWhatAListenerThrowsAndTheNextStillRuns() {
    List<DeployEvent> seen = new ArrayList<>();
    DeployListener throwing = e -> {
      throw new IllegalStateException("boom");
    };
    DeployListener chain = DeployListener.safe(throwing).andThen(seen::add);
    assertThatCode(() -> chain.onEvent(STARTED)).doesNotThrowAnyException();
    chain.onEvent(WARNING);
    assertThat(seen).containsExactly(STARTED, WARNING);
  }

  @Test
  void safePassesEventsOn() {
    List<DeployEvent> seen = new ArrayList<>();
    DeployListener.safe(seen::add).onEvent(HEALTHY);
    assertThat(seen).containsExactly(HEALTHY);
  }

  @Test
  void safeOfNoneIsNone() {
    assertThat(DeployListener.safe(DeployListener.NONE)).isSameAs(DeployListener.NONE);
  }

  @Test
  void noneIgnoresEverything() {
    assertThatCode(() -> {
      DeployListener.NONE.onEvent(STARTED);
      DeployListener.NONE.andThen(DeployListener.NONE).onEvent(WARNING);
    }).doesNotThrowAnyException();
  }

  @Test
  void loggingDoesNotThrowForAnyEvent() {
    DeployListener log = DeployListener.logging();
    assertThatCode(() -> {
      log.onEvent(new DeployEvent.ServiceFailed("api", "exited with 1", true));
      log.onEvent(WARNING);
      log.onEvent(new DeployEvent.BuildOutput("api", "Step 1/3"));
      log.onEvent(new DeployEvent.Progress("save images", 5, 10));
      log.onEvent(STARTED);
    }).doesNotThrowAnyException();
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> DeployListener.on(null, e -> { })).hasMessage("type == null");
    assertThatThrownBy(() -> DeployListener.on(DeployEvent.Warning.class, null)).hasMessage("handler == null");
    assertThatThrownBy(() -> DeployListener.NONE.andThen(null)).hasMessage("next == null");
    assertThatThrownBy(() -> DeployListener.safe(null)).hasMessage("listener == null");
  }

  @Test
  void canBeCalledFromSeveralThreads() throws InterruptedException {
    List<DeployEvent> seen = new CopyOnWriteArrayList<>();
    DeployListener l = DeployListener.safe(DeployListener.on(DeployEvent.ServiceHealthy.class, seen::add));
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> {
        for (int j = 0; j < 100; j++) {
          l.onEvent(HEALTHY);
          l.onEvent(STARTED);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(seen).hasSize(400);
  }

  @Test
  void describesEachEventOnOneLine() {
    assertThat(new DeployEvent.ActionStarted("create network shop_default").describe())
        .isEqualTo("create network shop_default ...");
    assertThat(new DeployEvent.ActionCompleted("create network shop_default", Duration.ofMillis(42)).describe())
        .isEqualTo("create network shop_default (42 ms)");
    assertThat(new DeployEvent.ServiceStarting("api").describe()).isEqualTo("api: starting");
    assertThat(STARTED.describe()).isEqualTo("api: started");
    assertThat(HEALTHY.describe()).isEqualTo("api: healthy after 1500 ms");
    assertThat(new DeployEvent.ServiceCompleted("migrate", 0).describe()).isEqualTo("migrate: exited with 0");
    assertThat(new DeployEvent.ServiceFailed("api", "unhealthy", false).describe()).isEqualTo("api: failed: unhealthy");
    assertThat(new DeployEvent.ServiceUnchanged("db").describe()).isEqualTo("db: unchanged");
    assertThat(new DeployEvent.ServiceRemoved("db").describe()).isEqualTo("db: removed");
    assertThat(new DeployEvent.BuildOutput("api", "Step 1/3").describe()).isEqualTo("api build: Step 1/3");
    assertThat(new DeployEvent.Progress("save images", 5, 10).describe()).isEqualTo("save images: 5/10");
    assertThat(new DeployEvent.Progress("pull", 5, -1).describe()).isEqualTo("pull: 5");
    assertThat(WARNING.describe()).isEqualTo("warning: disk almost full");
  }

  @Test
  void progressGivesTheFractionDone() {
    assertThat(new DeployEvent.Progress("t", 5, 10).fraction()).isEqualTo(0.5);
    assertThat(new DeployEvent.Progress("t", 15, 10).fraction()).isEqualTo(1.0);
    assertThat(new DeployEvent.Progress("t", 5, -1).fraction()).isEqualTo(-1);
    assertThat(new DeployEvent.Progress("t", 0, 0).fraction()).isEqualTo(-1);
  }
}
