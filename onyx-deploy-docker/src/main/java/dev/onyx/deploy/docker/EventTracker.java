package dev.onyx.deploy.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import java.io.Closeable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the engine's event stream for one project's containers (start, die, health_status) and
 * completes per-container futures the moment an event arrives. Inspection every second is the
 * fallback for events missed (or a stream that broke).
 */
final class EventTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventTracker.class);

  /** What is known of one container. */
  static final class Watch {
    final String id;
    final CompletableFuture<Void> running = new CompletableFuture<>();
    final CompletableFuture<Void> healthy = new CompletableFuture<>();
    final CompletableFuture<Void> unhealthy = new CompletableFuture<>();
    final CompletableFuture<Integer> exited = new CompletableFuture<>();
    /** Set once this deploy started the container: events before that are of an earlier run. */
    volatile long startedAfterNanos;

    Watch(String id) {
      this.id = id;
    }

    boolean done() {
      return exited.isDone() || healthy.isDone() && running.isDone() || unhealthy.isDone();
    }
  }

  private final DockerClient client;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;
  private volatile Closeable stream;
  private volatile boolean streaming;

  EventTracker(DockerClient client, String project) {
    this.client = client;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "onyx-deploy-inspect-" + project);
      t.setDaemon(true);
      return t;
    });
    // Events since now are delivered even if the stream is set up after changes begin: no need
    // to wait for the stream to open.
    java.time.Instant since = java.time.Instant.now();
    try {
      stream = client.eventsCmd()
          .withEventTypeFilter("container")
          .withLabelFilter(Names.PROJECT + "=" + project)
          .withSince(since.getEpochSecond() + "." + String.format("%09d", since.getNano()))
          .exec(new ResultCallback.Adapter<Event>() {
            @Override
            public void onStart(Closeable c) {
              super.onStart(c);
              streaming = true;
            }

            @Override
            public void onNext(Event e) {
              handle(e);
            }

            @Override
            public void onError(Throwable t) {
              streaming = false;
              LOG.debug("event stream of {} broke; inspection goes on", project, t);
            }
          });
      streaming = true;
    } catch (RuntimeException e) {
      LOG.debug("no event stream for {}; inspection only", project, e);
    }
    poller.scheduleWithFixedDelay(this::poll, 1000, streaming ? 2000 : 300, TimeUnit.MILLISECONDS);
  }

  private void handle(Event e) {
    String id = e.getActor() != null && e.getActor().getId() != null ? e.getActor().getId() : e.getId();
    String action = e.getAction() != null ? e.getAction() : e.getStatus();
    if (id == null || action == null) {
      return;
    }
    Watch w = watch(id);
    switch (action.strip()) {
      case "start" -> w.running.complete(null);
      case "die" -> {
        String code = e.getActor() != null && e.getActor().getAttributes() != null
            ? e.getActor().getAttributes().get("exitCode") : null;
        w.exited.complete(code == null ? -1 : Integer.parseInt(code));
      }
      case "health_status: healthy" -> w.healthy.complete(null);
      case "health_status: unhealthy" -> w.unhealthy.complete(null);
      default -> { }
    }
  }

  Watch watch(String id) {
    return watches.computeIfAbsent(id, Watch::new);
  }

  void forget(String id) {
    watches.remove(id);
  }

  /** Inspects a container once and completes what its state shows. */
  InspectContainerResponse refresh(Watch w) {
    try {
      InspectContainerResponse r = client.inspectContainerCmd(w.id).exec();
      InspectContainerResponse.ContainerState st = r.getState();
      if (Boolean.TRUE.equals(st.getRunning())) {
        w.running.complete(null);
      } else if ("exited".equals(st.getStatus()) || "dead".equals(st.getStatus())) {
        w.running.complete(null);
        w.exited.complete(st.getExitCodeLong() == null ? -1 : st.getExitCodeLong().intValue());
      }
      HealthState h = st.getHealth();
      if (h != null && "healthy".equals(h.getStatus())) {
        w.healthy.complete(null);
      } else if (h != null && "unhealthy".equals(h.getStatus())) {
        w.unhealthy.complete(null);
      }
      return r;
    } catch (NotFoundException e) {
      w.exited.complete(-1);
      return null;
    }
  }

  private void poll() {
    for (Watch w : watches.values()) {
      if (w.startedAfterNanos != 0 && !w.done()) {
        try {
          refresh(w);
        } catch (RuntimeException e) {
          LOG.debug("inspecting {} failed", w.id, e);
        }
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    Closeable s = stream;
    if (s != null) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.debug("closing the event stream", e);
      }
    }
  }
}
