package dev.onyx.deploy.docker;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A bounded number of container-start slots, handed out by priority (longest remaining dependency
 * chain first, then stack order), so the head of the critical path does not queue behind
 * services with slack on a small engine.
 */
final class StartGate {
  /** How long an announced start may hold back others before it arrives. */
  private static final long EXPECT_NANOS = TimeUnit.SECONDS.toNanos(3);

  private static final class Ticket {
    final String name;
    final int priority;
    final long seq;
    /** 0 for a start that is waiting; else when this announced start stops holding others back. */
    volatile long expiresAt;

    Ticket(String name, int priority, long seq, long expiresAt) {
      this.name = name;
      this.priority = priority;
      this.seq = seq;
      this.expiresAt = expiresAt;
    }
  }

  private final PriorityQueue<Ticket> queue = new PriorityQueue<>(
      Comparator.comparingInt((Ticket t) -> -t.priority).thenComparingLong(t -> t.seq));
  private int free;
  private long seq;

  StartGate(int slots) {
    this.free = slots;
  }

  /**
   * Announces a start that will come soon (a container being created): until it arrives (or a
   * few seconds pass) starts of lower priority wait, so the head of the longest chain is not
   * overtaken by a service whose container happened to be created a moment earlier.
   */
  synchronized void expect(String name, int priority) {
    queue.add(new Ticket(name, priority, seq++, System.nanoTime() + EXPECT_NANOS));
  }

  /** Withdraws an announcement that will not become a start (a failure, nothing to start). */
  synchronized void withdraw(String name) {
    if (queue.removeIf(t -> t.expiresAt != 0 && t.name.equals(name))) {
      notifyAll();
    }
  }

  /** Waits for a slot; throws {@link Applier.Aborted} when {@code stop} says so or the deadline passes. */
  synchronized void acquire(String name, int priority, BooleanSupplier stop,
      long deadlineNanos) {
    Ticket t = null;
    for (Ticket q : queue) {
      if (q.expiresAt != 0 && q.name.equals(name)) {
        t = q; // the announced start arrives: it keeps its place
      }
    }
    if (t != null) {
      t.expiresAt = 0;
    } else {
      t = new Ticket(name, priority, seq++, 0);
      queue.add(t);
    }
    try {
      while (free <= 0 || head() != t) {
        if (stop.getAsBoolean() || System.nanoTime() >= deadlineNanos) {
          throw new Applier.Aborted();
        }
        wait(50);
      }
      queue.poll();
      free--;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Applier.Aborted();
    } finally {
      if (queue.remove(t)) {
        notifyAll();
      }
    }
  }

  /** The first ticket that still counts (expired announcements are dropped). */
  private Ticket head() {
    long now = System.nanoTime();
    while (!queue.isEmpty() && queue.peek().expiresAt != 0 && queue.peek().expiresAt - now < 0) {
      queue.poll();
    }
    return queue.peek();
  }

  synchronized void release() {
    free++;
    notifyAll();
  }
}
