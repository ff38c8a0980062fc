package dev.onyx.deploy.backup;

import dev.onyx.deploy.docker.Containers;
import dev.onyx.deploy.docker.Containers.ContainerInfo;
import dev.onyx.deploy.docker.DeployException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops services and starts them again in dependency order, noting what it stopped in the state
 * folder first ({@code backup/PROJECT.stopped}), so that the next run starts them again when this
 * one was interrupted (a killed JVM cannot run its finally blocks).
 */
final class ServiceStops {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceStops.class);

  private final Containers engine;
  private final String project;
  private final Path marker;
  private final Duration readyTimeout;
  private final Consumer<String> progress;

  ServiceStops(Containers engine, String project, Path stateDir, Duration readyTimeout, Consumer<String> progress) {
    this.engine = engine;
    this.project = project;
    this.marker = stateDir.resolve("backup").resolve(project + ".stopped");
    this.readyTimeout = readyTimeout;
    this.progress = progress;
  }

  /**
   * Starts what an interrupted run left stopped and removes its helper containers. Runs before
   * every backup and restore of the project.
   */
  void recover() {
    for (String id : engine.leftoverHelpers(project)) {
      LOG.info("removing helper container {} left by an interrupted backup or restore", id.substring(0, 12));
      engine.remove(id);
    }
    if (!Files.exists(marker)) {
      return;
    }
    List<ContainerInfo> stopped = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
        String id = line.split(" ", 2)[0].strip();
        if (!id.isEmpty()) {
          engine.inspect(id).filter(c -> !c.running()).ifPresent(stopped::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!stopped.isEmpty()) {
      progress.accept("starting " + names(stopped) + " again: an interrupted backup or restore left "
          + (stopped.size() == 1 ? "it" : "them") + " stopped");
      LOG.warn("starting {} again: an interrupted backup or restore of project {} left them stopped",
          names(stopped), project);
      startInOrder(stopped);
    }
    forget();
  }

  /** Notes the containers, then stops them (dependents first). */
  void stop(List<ContainerInfo> containers) {
    if (containers.isEmpty()) {
      return;
    }
    note(containers);
    progress.accept("stopping " + names(containers));
    for (List<ContainerInfo> level : reversed(levels(containers))) {
      for (ContainerInfo c : level) {
        try {
          engine.stop(c.id(), null);
        } catch (DeployException e) {
          throw new BackupException(c.service(), "stop", "stopping service " + c.service() + " failed: "
              + e.getMessage(), e);
        }
      }
    }
  }

  /** Starts the containers in dependency order, each level waited for until ready, then forgets the note. */
  void start(List<ContainerInfo> containers) {
    startEarly(containers);
    forget();
  }

  /**
   * Starts some of the stopped containers (those whose data is back while others' is not) in
   * dependency order, each level waited for until ready; the note stays, for the rest.
   */
  void startEarly(List<ContainerInfo> containers) {
    if (containers.isEmpty()) {
      return;
    }
    progress.accept("starting " + names(containers) + " again");
    startInOrder(containers);
  }

  private void startInOrder(List<ContainerInfo> containers) {
    for (List<ContainerInfo> level : levels(containers)) {
      for (ContainerInfo c : level) {
        try {
          engine.start(c.id());
        } catch (DeployException e) {
          throw new BackupException(c.service(), "start", "starting service " + c.service() + " again failed: "
              + e.getMessage(), e);
        }
      }
      for (ContainerInfo c : level) {
        try {
          engine.awaitReady(c.id(), readyTimeout);
        } catch (DeployException e) {
          throw new BackupException(c.service(), "start", "service " + c.service() + " did not come back: "
              + e.getMessage(), e);
        }
      }
    }
  }

  /** @return the containers in dependency levels (compose depends_on labels; unknown services ignored) */
  static List<List<ContainerInfo>> levels(List<ContainerInfo> containers) {
    Map<String, ContainerInfo> byService = new LinkedHashMap<>();
    containers.forEach(c -> byService.put(c.service(), c));
    List<List<ContainerInfo>> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    while (done.size() < byService.size()) {
      List<ContainerInfo> level = new ArrayList<>();
      for (ContainerInfo c : byService.values()) {
        if (!done.contains(c.service()) && c.dependsOn().stream()
            .allMatch(d -> done.contains(d) || !byService.containsKey(d) || d.equals(c.service()))) {
          level.add(c);
        }
      }
      if (level.isEmpty()) { // a cycle cannot be deployed; start the rest together
        byService.values().stream().filter(c -> !done.contains(c.service())).forEach(level::add);
      }
      level.forEach(c -> done.add(c.service()));
      out.add(level);
    }
    return out;
  }

  private static <T> List<T> reversed(List<T> l) {
    List<T> r = new ArrayList<>(l);
    java.util.Collections.reverse(r);
    return r;
  }

  private void note(List<ContainerInfo> containers) {
    try {
      Files.createDirectories(marker.getParent());
      Set<String> lines = new java.util.LinkedHashSet<>();
      if (Files.exists(marker)) {
        lines.addAll(Files.readAllLines(marker, StandardCharsets.UTF_8));
      }
      containers.forEach(c -> lines.add(c.id() + " " + c.name()));
      Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BackupException(null, "stop", "cannot note the services to stop in " + marker + " (so nothing was "
          + "stopped): " + e.getMessage(), e);
    }
  }

  private void forget() {
    try {
      Files.deleteIfExists(marker);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", marker, e.getMessage());
    }
  }

  static String names(List<ContainerInfo> cs) {
    return String.join(", ", cs.stream().map(ContainerInfo::service).toList());
  }
}
