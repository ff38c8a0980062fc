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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a fresh view of one stack's services and tasks while an apply waits on them. The manager's
 * task list is read every poll interval while someone waits; an event from the manager (a service
 * changed, a node changed, one of the manager's own containers of the stack started, died or changed
 * health) triggers a read at once. Tasks on other nodes announce nothing in the manager's event
 * stream, so the interval bounds how late their changes are seen.
 *
 * <p>Reads are kept cheap, since they run beside the containers being started on the same
 * machines: only the events that can move a task are asked for (a healthcheck runs as an exec in
 * the container, and its three exec events a second per container would otherwise each cost a read),
 * and the service list, which changes only when a service is created or updated (or Swarm moves a
 * rolling update on), is read again only after such a change or when its last read is
 * {@link #SERVICES_MAX_AGE_NANOS} old; the task list is read every time, but only the tasks of the
 * services someone follows ({@link #watch}), not those of the services already up.
 */
final class TaskWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskWatcher.class);
  /**
   * The event actions that may change a task (a service's or node's create, update or remove; a
   * container's start, exit or health); {@code health_status} matches its {@code health_status: ...}
   * forms.
   */
  /** How old the last read of the service list may be before a read of the tasks reads it again too. */
  static final long SERVICES_MAX_AGE_NANOS = 1_000_000_000L;
  /** How long after a container event a second read looks again (the node's report to the manager is batched). */
  static final long FOLLOW_UP_NANOS = 60_000_000L;
  private static final List<String> EVENTS = List.of("create", "update", "remove", "start", "die", "oom",
      "health_status");

  /**
   * One read of the stack.
   *
   * @param readAt when the read began ({@link System#nanoTime()})
   * @param services the stack's services by id
   * @param tasks the tasks of the services watched when the read began, by service id
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
  /**
   * When a read follows up a container event ({@link System#nanoTime()}; 0: none): the node reports
   * the task's new state to the manager a moment after the engine announces the container's, so a
   * read at once often still finds the old state.
   */
  private long followUpAt;
  /** The services whose tasks are read, with how many follow each. */
  private final Map<String, Integer> watched = new LinkedHashMap<>();
  /** Whether the service list may have changed since it was last read. */
  private volatile boolean servicesChanged = true;
  private long servicesReadAt;
  private Map<String, Map<String, Object>> services = Map.of();

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
    String filters = EngineApi.filters(Map.of("type", List.of("service", "node", "container"),
        "event", EVENTS));
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
      case "container" -> stack.equals(at(e, "Actor", "Attributes", Names.NAMESPACE)) && moves(str(at(e, "Action")));
      case "node" -> true;
      default -> false;
    };
    if (ours) {
      if (!"container".equals(type)) {
        servicesChanged = true;
      }
      synchronized (lock) {
        followUpAt = System.nanoTime() + FOLLOW_UP_NANOS;
      }
      pollNow();
    }
  }

  /** Whether a container event's action can change its task (an engine that ignores the filter sends all). */
  static boolean moves(@Nullable String action) {
    return action != null && (action.equals("start") || action.equals("die") || action.equals("oom")
        || action.startsWith("health_status"));
  }

  /**
   * Reads the tasks of this service from now on, until {@link #unwatch}.
   *
   * @return when it was added ({@link System#nanoTime()}): a read that began later holds its tasks
   */
  long watch(String serviceId) {
    synchronized (lock) {
      watched.merge(serviceId, 1, Integer::sum);
      return System.nanoTime();
    }
  }

  /** Ends one {@link #watch} of the service. */
  void unwatch(String serviceId) {
    synchronized (lock) {
      watched.computeIfPresent(serviceId, (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  /** Says a service of the stack was created or updated: the next read reads the service list too, at once. */
  void servicesChanged() {
    servicesChanged = true;
    pollNow();
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
          long wait = nextRead(lastRead) - System.nanoTime();
          while (!closed && !pollRequested && wait > 0) {
            lock.wait(Math.max(1, wait / 1_000_000));
            wait = nextRead(lastRead) - System.nanoTime();
          }
          pollRequested = false;
          if (followUpAt != 0 && followUpAt - System.nanoTime() <= 0) {
            followUpAt = 0;
          }
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

  /** When the next read is due without a request: an interval after the last, or a follow-up's time if sooner. */
  private long nextRead(long lastRead) {
    long next = lastRead + intervalNanos;
    return followUpAt != 0 && followUpAt - next < 0 ? followUpAt : next;
  }

  private Snapshot read(long at) {
    boolean withServices = servicesChanged || at - servicesReadAt >= SERVICES_MAX_AGE_NANOS;
    CompletableFuture<List<Map<String, Object>>> listed = null;
    if (withServices) {
      servicesChanged = false; // a change announced from now on is read the next time
      listed = CompletableFuture.supplyAsync(() -> api.services(stack), pool);
    }
    List<String> ids;
    synchronized (lock) {
      ids = List.copyOf(watched.keySet());
    }
    List<Map<String, Object>> tasks = ids.isEmpty() ? List.of() : api.tasksOf(ids);
    if (listed != null) {
      Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
      try {
        for (Map<String, Object> s : Observed.join(listed)) {
          byId.put(str(s.get("ID")), s);
        }
      } catch (RuntimeException e) {
        servicesChanged = true;
        throw e;
      }
      services = byId;
      servicesReadAt = at;
    }
    Map<String, List<Map<String, Object>>> tasksBy = new LinkedHashMap<>();
    for (Map<String, Object> t : tasks) {
      tasksBy.computeIfAbsent(str(t.get("ServiceID")), k -> new ArrayList<>()).add(t);
    }
    return new Snapshot(at, services, tasksBy);
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
