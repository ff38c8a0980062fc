package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static dev.onyx.deploy.docker.EngineApi.str;

import dev.onyx.deploy.docker.EngineApi;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a fresh view of one stack's services and tasks while an apply waits on them. The manager's
 * task list is read every poll interval while someone waits; an event from the manager (a service
 * changed, a node changed, one of the manager's own containers of the stack started, died or changed
 * health) triggers a read at once. Tasks on other nodes announce nothing in the manager's event
 * stream, so the interval bounds how late their changes are seen.
 */
final class TaskWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskWatcher.class);

  /**
   * One read of the stack.
   *
   * @param readAt when the read began ({@link System#nanoTime()})
   * @param services the stack's services by id
   * @param tasks the stack's tasks by service id
   */
  record Snapshot(long readAt, Map<String, Map<String, Object>> services, Map<String, List<Map<String, Object>>> tasks) {
    List<Map<String, Object>> tasksOf(String serviceId) {
      return tasks.getOrDefault(serviceId, List.of());
    }
  }

  private final SwarmApi api;
  private final String stack;
  private final long intervalNanos;
  private final Executor pool;
  private final Object lock = new Object();
  private final Thread poller;
  private Snapshot latest = new Snapshot(0, Map.of(), Map.of());
  private int waiters;
  private boolean pollRequested;
  private volatile boolean closed;
  private volatile Closeable events;

  TaskWatcher(SwarmApi api, String stack, Duration interval, Executor pool) {
    this.api = api;
    this.stack = stack;
    this.intervalNanos = interval.toNanos();
    this.pool = pool;
    this.poller = new Thread(this::run, "onyx-deploy-swarm-watch-" + stack);
    this.poller.setDaemon(true);
  }

  TaskWatcher start() {
    openEvents();
    poller.start();
    return this;
  }

  private void openEvents() {
    Instant since = Instant.now();
    String filters = EngineApi.filters(Map.of("type", List.of("service", "node", "container")));
    try {
      events = api.api.stream("/events?since=" + since.getEpochSecond() + "." + String.format("%09d", since.getNano())
          + "&filters=" + filters, this::onEvent, () -> LOG.debug("the manager's event stream ended; reads go on"));
    } catch (RuntimeException e) {
      LOG.debug("no event stream from the manager; reads only", e);
    }
  }

  private void onEvent(Object e) {
    String type = str(at(e, "Type"));
    boolean ours = switch (type == null ? "" : type) {
      case "service" -> String.valueOf(at(e, "Actor", "Attributes", "name")).startsWith(stack + "_");
      case "container" -> stack.equals(at(e, "Actor", "Attributes", Names.NAMESPACE));
      case "node" -> true;
      default -> false;
    };
    if (ours) {
      pollNow();
    }
  }

  /** Asks for a read at once. */
  void pollNow() {
    synchronized (lock) {
      pollRequested = true;
      lock.notifyAll();
    }
  }

  /**
   * Waits for a read that began after {@code after}.
   *
   * @param after a {@link System#nanoTime()} value
   * @param deadline when to give up ({@link System#nanoTime()})
   * @return the read, or null when the deadline passed first
   * @throws InterruptedException when interrupted
   */
  Snapshot next(long after, long deadline) throws InterruptedException {
    synchronized (lock) {
      waiters++;
      lock.notifyAll();
      try {
        while (latest.readAt() <= after) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || closed) {
            return null;
          }
          lock.wait(Math.max(1, left / 1_000_000));
        }
        return latest;
      } finally {
        waiters--;
      }
    }
  }

  private void run() {
    long lastRead = 0;
    while (!closed) {
      try {
        synchronized (lock) {
          while (!closed && waiters == 0 && !pollRequested) {
            lock.wait();
          }
          long wait = lastRead + intervalNanos - System.nanoTime();
          while (!closed && !pollRequested && wait > 0) {
            lock.wait(Math.max(1, wait / 1_000_000));
            wait = lastRead + intervalNanos - System.nanoTime();
          }
          pollRequested = false;
        }
        if (closed) {
          return;
        }
        lastRead = System.nanoTime();
        Snapshot s = read(lastRead);
        synchronized (lock) {
          latest = s;
          lock.notifyAll();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.debug("reading the stack's tasks failed; trying again", e);
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private Snapshot read(long at) {
    CompletableFuture<List<Map<String, Object>>> services = CompletableFuture.supplyAsync(() -> api.services(stack), pool);
    List<Map<String, Object>> tasks = api.tasks(stack);
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> s : Observed.join(services)) {
      byId.put(str(s.get("ID")), s);
    }
    Map<String, List<Map<String, Object>>> tasksBy = new LinkedHashMap<>();
    for (Map<String, Object> t : tasks) {
      tasksBy.computeIfAbsent(str(t.get("ServiceID")), k -> new ArrayList<>()).add(t);
    }
    return new Snapshot(at, byId, tasksBy);
  }

  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    Closeable e = events;
    if (e != null) {
      try {
        e.close();
      } catch (IOException | RuntimeException ex) {
        LOG.debug("closing the event stream", ex);
      }
    }
  }
}
