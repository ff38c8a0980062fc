package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service in an apply's dependency graph: the conditions its dependants wait for (started,
 * healthy, completed successfully), each met when all of its containers meet it, and failed as
 * soon as one of them fails. A service with no replicas meets them at once (as compose does not
 * wait for a dependency scaled to 0).
 */
final class ServiceNode {
  final Service service;
  volatile ServiceSpec spec;
  /** The service's line of the plan. */
  final PlannedAction action;
  /** Its containers, by number. */
  final List<Replica> replicas = new ArrayList<>();
  final CompletableFuture<Void> started = new CompletableFuture<>();
  final CompletableFuture<Void> healthy = new CompletableFuture<>();
  final CompletableFuture<Void> completed = new CompletableFuture<>();
  /** Done when the apply is done with the service (failed, but optional, counts as done). */
  final CompletableFuture<Void> goal = new CompletableFuture<>();
  /** The image id of the build this apply runs for it, or null. */
  volatile CompletableFuture<String> build;
  private boolean rebuilt;
  /** When this apply first started (or began to watch) one of its containers; 0 before. */
  final AtomicLong startedAt = new AtomicLong();
  /** Containers not yet seen healthy: the last one to become so makes the service healthy. */
  final AtomicInteger notHealthy;
  /** Whether this apply waited for a container's health (else it reports no health event). */
  volatile boolean watchedHealth;
  final AtomicBoolean hooksRun = new AtomicBoolean();
  /** The optional dependencies already warned about (once per service, not per container). */
  final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** One container of a service: what the plan does to it, and how far it got. */
  static final class Replica {
    final ServiceNode node;
    final int number;
    final String name;
    /** The container there before the apply, or null for a new one. */
    final Planner.Observed existing;
    volatile PlannedAction action;
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<Void> healthy = new CompletableFuture<>();
    final CompletableFuture<Void> completed = new CompletableFuture<>();
    final CompletableFuture<Void> goal = new CompletableFuture<>();
    /** Done when its worker has finished, whatever the outcome. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile String containerId;
    volatile String phase = "waiting";

    Replica(ServiceNode node, Planner.ReplicaPlan plan) {
      this.node = node;
      this.number = plan.number();
      this.name = plan.name();
      this.existing = plan.existing();
      this.action = plan.action();
    }

    private boolean single() {
      return node.replicas.size() == 1;
    }

    /** How messages name it: {@code service 'web'}, with the container when the service has several. */
    String who() {
      return "service '" + node.name() + "'" + (single() ? "" : " (container " + name + ")");
    }

    /** What action events name: the service, or the container when the service has several. */
    String subject() {
      return single() ? node.name() : name;
    }
  }

  ServiceNode(Service service, ServiceSpec spec, Planner.ServicePlan plan) {
    this.service = service;
    this.spec = spec;
    this.action = plan.summary();
    for (Planner.ReplicaPlan r : plan.replicas()) {
      replicas.add(new Replica(this, r));
    }
    this.notHealthy = new AtomicInteger(replicas.size());
    whenAll(replicas.stream().map(r -> r.started).toList(), started);
    whenAll(replicas.stream().map(r -> r.healthy).toList(), healthy);
    whenAll(replicas.stream().map(r -> r.completed).toList(), completed);
    whenAll(replicas.stream().map(r -> r.goal).toList(), goal);
  }

  String name() {
    return service.name();
  }

  /** The spec with the image the apply built (resolved once, for all its containers). */
  synchronized ServiceSpec rebuilt(Resolver resolver) {
    if (!rebuilt) {
      spec = resolver.spec(service, spec.imageRef, build.join());
      rebuilt = true;
    }
    return spec;
  }

  /** Completes {@code target} once all {@code parts} have, or exceptionally as soon as one fails. */
  static void whenAll(List<CompletableFuture<Void>> parts, CompletableFuture<Void> target) {
    if (parts.isEmpty()) {
      target.complete(null);
      return;
    }
    AtomicInteger left = new AtomicInteger(parts.size());
    for (CompletableFuture<Void> p : parts) {
      p.whenComplete((v, t) -> {
        if (t != null) {
          target.completeExceptionally(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
        } else if (left.decrementAndGet() == 0) {
          target.complete(null);
        }
      });
    }
  }
}
