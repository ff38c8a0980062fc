package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartPriorityTest {
  static Service svc(String name, DependsOn... deps) {
    return Service.builder(name).image("app:1").dependsOn(List.of(deps)).build();
  }

  @Test
  void criticalityCountsTheLongestChainOfDependants() {
    Stack s = Stack.builder("shop").addService(
        svc("cache"),
        svc("db"),
        svc("migrate", DependsOn.healthy("db")),
        svc("api", DependsOn.completed("migrate"), DependsOn.healthy("cache")),
        svc("worker", DependsOn.healthy("db")),
        svc("web", DependsOn.healthy("api"))).build();
    Map<String, Integer> c = Applier.criticality(s);
    assertThat(c).containsEntry("db", 4).containsEntry("migrate", 3).containsEntry("cache", 3)
        .containsEntry("api", 2).containsEntry("worker", 1).containsEntry("web", 1);
  }

  @Test
  void waitingStartsGetTheSlotByPriorityThenArrival() throws Exception {
    StartGate gate = new StartGate(1);
    long far = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    gate.acquire("first", 1, () -> false, far); // the only slot is taken
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    String[][] waiters = {{"low", "1"}, {"high", "5"}, {"low2", "1"}};
    for (String[] w : waiters) {
      Thread t = new Thread(() -> {
        gate.acquire(w[0], Integer.parseInt(w[1]), () -> false, far);
        order.add(w[0]);
        gate.release();
        done.countDown();
      });
      t.start();
      Thread.sleep(100); // queued in this order
    }
    assertThat(order).isEmpty();
    gate.release();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly("high", "low", "low2");
  }

  @Test
  void aStoppedApplyLeavesTheQueue() {
    StartGate gate = new StartGate(1);
    long far = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    gate.acquire("a", 1, () -> false, far);
    assertThatThrownBy(() -> gate.acquire("b", 9, () -> true, far)).isInstanceOf(Applier.Aborted.class);
    gate.release();
    gate.acquire("c", 1, () -> false, far); // the slot is free again: the aborted waiter did not keep it
  }

  @Test
  void anAnnouncedStartOfHigherPriorityIsNotOvertaken() throws Exception {
    StartGate gate = new StartGate(2);
    long far = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    gate.expect("db", 5);
    List<String> order = new CopyOnWriteArrayList<>();
    Thread cache = new Thread(() -> {
      gate.acquire("cache", 3, () -> false, far);
      order.add("cache");
    });
    cache.start();
    Thread.sleep(300);
    assertThat(order).as("cache waits while db's container is being created").isEmpty();
    gate.acquire("db", 5, () -> false, far);
    order.add("db");
    cache.join(5_000);
    assertThat(order).containsExactly("db", "cache");
  }

  @Test
  void aWithdrawnAnnouncementHoldsNobodyBack() throws Exception {
    StartGate gate = new StartGate(1);
    long far = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    gate.expect("db", 5);
    CountDownLatch got = new CountDownLatch(1);
    Thread cache = new Thread(() -> {
      gate.acquire("cache", 3, () -> false, far);
      got.countDown();
    });
    cache.start();
    assertThat(got.await(200, TimeUnit.MILLISECONDS)).isFalse();
    gate.withdraw("db"); // e.g. db's create failed
    assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anAnnouncementThatNeverArrivesExpires() {
    StartGate gate = new StartGate(1);
    long far = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    gate.expect("slow", 9);
    long t0 = System.nanoTime();
    gate.acquire("other", 1, () -> false, far);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(2_000L, 10_000L);
  }

  @Test
  void concurrentStartsDefaultToAtLeastTwoAndAreConfigurable() {
    assertThat(DeployOptions.defaults().maxConcurrentStarts()).isGreaterThanOrEqualTo(2);
    DeployOptions o = DeployOptions.defaults().withMaxConcurrentStarts(3);
    assertThat(o.withTimeout(java.time.Duration.ofSeconds(5)).withStateDir(java.nio.file.Path.of("x"))
        .maxConcurrentStarts()).isEqualTo(3);
    assertThatThrownBy(() -> DeployOptions.defaults().withMaxConcurrentStarts(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
