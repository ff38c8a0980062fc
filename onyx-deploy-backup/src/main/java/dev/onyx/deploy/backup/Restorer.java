package dev.onyx.deploy.backup;

import dev.onyx.deploy.docker.Containers;
import dev.onyx.deploy.docker.Containers.ContainerInfo;
import dev.onyx.deploy.docker.Containers.VolumeInfo;
import dev.onyx.deploy.docker.DeployException;
import dev.onyx.deploy.docker.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a verified backup into a running project of the same shape: checks the target, stops
 * the services that use a restored volume or depend on a restored database, replaces volume
 * contents, runs the database restores, and starts the stopped services in dependency order.
 */
final class Restorer {
  private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);
  private static final String CLEAR = "rm -rf " + Creator.VOLUME_ROOT + "/..?* " + Creator.VOLUME_ROOT + "/.[!.]* "
      + Creator.VOLUME_ROOT + "/*";

  private final Containers engine;
  private final String project;
  private final RestoreOptions options;

  Restorer(Containers engine, String project, RestoreOptions options) {
    this.engine = engine;
    this.project = project;
    this.options = options;
  }

  BackupManifest restore(Path file) {
    Passphrase pass = options.passphrase().orElse(null);
    Verifier.requireFile(file);
    options.progress().accept("verifying " + file.getFileName());
    // Every stored byte is checked (read from the local disk) while the target is looked at (engine
    // calls): both come before anything is changed, and neither waits for the other. A damaged file
    // is reported before any problem of the target.
    CompletableFuture<Verifier.Verified> verifying = CompletableFuture.supplyAsync(
        () -> Verifier.verifyStored(file, pass, options.progress()), r -> {
          Thread t = new Thread(r, "onyx-restore-verify");
          t.setDaemon(true);
          t.start();
        });
    Target target;
    try {
      target = look(Verifier.list(file, pass));
    } catch (RuntimeException e) {
      verified(verifying);
      throw e;
    }
    Verifier.Verified verified = verified(verifying);
    BackupManifest m = verified.manifest();
    List<ContainerInfo> toStop = toStop(target.containers(), m, target.volumes());
    target.stops().stop(toStop);
    boolean restored = false;
    List<ContainerInfo> startedEarly = new ArrayList<>();
    try {
      restoreItems(file, pass, verified, target, toStop, startedEarly);
      restored = true;
    } finally {
      try {
        target.stops().start(toStop.stream().filter(c -> !startedEarly.contains(c)).toList());
      } catch (RuntimeException e) {
        if (restored) {
          throw e;
        }
        LOG.warn("after the failed restore, starting the stopped services failed too: {}", e.getMessage());
      }
    }
    options.progress().accept("restored " + m.items().size() + " item(s) into project " + project);
    return m;
  }

  /**
   * The target project as found before anything is changed.
   *
   * @param volumeHasData per volume (engine name): whether it holds files now (a restore empties it first)
   */
  private record Target(ServiceStops stops, List<ContainerInfo> containers, Map<String, ContainerInfo> byService,
      Map<String, VolumeInfo> volumes, Map<String, Boolean> volumeHasData) {
  }

  /** Checks that the target can take the backup's items and, unless forced, holds no data. */
  private Target look(BackupManifest m) {
    ServiceStops stops = new ServiceStops(engine, project, options.stateDir(), options.readyTimeout(), options.progress());
    stops.recover();
    List<ContainerInfo> cs = engine.ofProject(project);
    Map<String, VolumeInfo> volumes = new LinkedHashMap<>();
    engine.volumesOfProject(project).forEach(v -> volumes.put(v.key(), v));
    Map<String, ContainerInfo> byService = new LinkedHashMap<>();
    cs.stream().filter(ContainerInfo::running).forEach(c -> byService.putIfAbsent(c.service(), c));
    List<String> problems = new ArrayList<>();
    for (BackupManifest.Item i : m.items()) {
      if (i.kind() == BackupManifest.Kind.POSTGRES_DUMP && !byService.containsKey(i.source())) {
        problems.add("service " + i.source() + ": no running container (deploy the stack first: 'onyx-deploy up')");
      } else if (i.kind() == BackupManifest.Kind.VOLUME && !volumes.containsKey(i.source())) {
        problems.add("volume " + i.source() + ": the project has no such volume (deploy the stack first)");
      }
    }
    if (!problems.isEmpty()) {
      throw new BackupException(null, "restore", "cannot restore into project " + project + ":\n  "
          + String.join("\n  ", problems), null);
    }
    // each item's target is looked at on its own thread: a few engine calls each (a helper
    // container, an exec), which take longer than the file's check that runs beside them
    Map<BackupManifest.Item, CompletableFuture<Optional<String>>> checks = new LinkedHashMap<>();
    Map<String, Boolean> volumeHasData = new java.util.concurrent.ConcurrentHashMap<>();
    for (BackupManifest.Item i : m.items()) {
      if (i.kind() == BackupManifest.Kind.VOLUME) {
        VolumeInfo v = volumes.get(i.source());
        String image = image(cs, v);
        checks.put(i, CompletableFuture.supplyAsync(() -> {
          boolean has = volumeHasData(v, image);
          volumeHasData.put(v.name(), has);
          return has ? Optional.of("volume " + i.source() + " is not empty") : Optional.empty();
        }, Restorer::daemon));
      } else if (!options.force()) {
        checks.put(i, CompletableFuture.supplyAsync(() -> dumpTargetData(byService.get(i.source())), Restorer::daemon));
      }
    }
    List<String> holding = new ArrayList<>();
    RuntimeException failed = null;
    for (CompletableFuture<Optional<String>> c : checks.values()) {
      try {
        c.join().ifPresent(holding::add);
      } catch (CompletionException e) {
        if (failed == null) {
          failed = e.getCause() instanceof RuntimeException r ? r : new BackupException(null, "check",
              "checking the target failed: " + e.getCause(), e.getCause());
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
    if (!holding.isEmpty() && !options.force()) {
      throw new BackupException(null, "check", "project " + project + " already holds data (" + String.join("; ", holding)
          + "): restoring replaces it. Nothing was changed; add --force to replace it.", null);
    }
    return new Target(stops, cs, byService, volumes, volumeHasData);
  }

  /** Runs a check of the target on a thread of its own. */
  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "onyx-restore-check");
    t.setDaemon(true);
    t.start();
  }

  private static Verifier.Verified verified(CompletableFuture<Verifier.Verified> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
  }

  /** Services that mount a restored volume, and those that depend (through others too) on a restored database. */
  private static List<ContainerInfo> toStop(List<ContainerInfo> cs, BackupManifest m, Map<String, VolumeInfo> volumes) {
    Set<String> vols = new LinkedHashSet<>();
    Set<String> dbs = new LinkedHashSet<>();
    for (BackupManifest.Item i : m.items()) {
      if (i.kind() == BackupManifest.Kind.VOLUME) {
        vols.add(volumes.get(i.source()).name());
      } else {
        dbs.add(i.source());
      }
    }
    Set<String> stop = new LinkedHashSet<>();
    for (ContainerInfo c : cs) {
      if (c.running() && !dbs.contains(c.service()) && c.volumes().stream().anyMatch(v -> vols.contains(v.volume()))) {
        stop.add(c.service());
      }
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ContainerInfo c : cs) {
        if (c.running() && !dbs.contains(c.service()) && !stop.contains(c.service())
            && c.dependsOn().stream().anyMatch(d -> dbs.contains(d) || stop.contains(d))) {
          grew |= stop.add(c.service());
        }
      }
    }
    return cs.stream().filter(c -> stop.contains(c.service()) && c.running()).toList();
  }

  /**
   * Restores every item at the same time, each from its own reader of the file (positioned by
   * skipping the frames before it): a database restore and a volume copy are bound by different
   * servers, so running them together takes about as long as the longer one.
   */
  private void restoreItems(Path file, @Nullable Passphrase pass, Verifier.Verified verified, Target target,
      List<ContainerInfo> stopped, List<ContainerInfo> startedEarly) {
    List<ContainerInfo> cs = target.containers();
    Map<String, VolumeInfo> volumes = target.volumes();
    Map<BackupManifest.Item, CompletableFuture<Void>> tasks = new LinkedHashMap<>();
    for (BackupManifest.Item item : verified.manifest().items()) {
      long at = verified.itemOffsets().get(item.name());
      tasks.put(item, CompletableFuture.runAsync(() -> {
        try (BackupFile.Reader r = BackupFile.Reader.openAt(file, pass, at)) {
          Verifier.seek(r, item.name());
          // inflating (and hashing) runs on its own thread, ahead of the engine reading the content
          try (Prefetch content = new Prefetch(r.content(), "onyx-restore-inflate-" + item.name())) {
            if (item.kind() == BackupManifest.Kind.VOLUME) {
              VolumeInfo v = volumes.get(item.source());
              restoreVolume(item.source(), v, image(cs, v), target.volumeHasData().getOrDefault(v.name(), true), content);
            } else {
              restoreDump(target.byService().get(item.source()), content, item.size());
            }
            content.finish();
          }
          options.progress().accept("restored " + item.name());
        } catch (IOException e) {
          throw new UncheckedIOException("reading the backup " + file + " failed: " + e.getMessage(), e);
        }
      }, r -> {
        Thread t = new Thread(r, "onyx-restore-" + item.name());
        t.setDaemon(true);
        t.start();
      }));
    }
    RuntimeException first = startEarly(target, stopped, tasks, startedEarly);
    for (CompletableFuture<Void> t : tasks.values()) {
      try {
        t.join();
      } catch (CompletionException e) {
        RuntimeException c = e.getCause() instanceof RuntimeException r ? r : new BackupException(null, "restore",
            "restore failed: " + e.getCause(), e.getCause());
        if (first == null) {
          first = c;
        } else {
          first.addSuppressed(c);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Starts, as soon as their volumes are restored, the stopped services that wait for nothing else
   * ({@link #earlyStarts}), while the other items (a database restore, typically the longest) go on.
   *
   * @return the failure to start one of them, or null
   */
  private static @Nullable RuntimeException startEarly(Target target, List<ContainerInfo> stopped,
      Map<BackupManifest.Item, CompletableFuture<Void>> tasks, List<ContainerInfo> startedEarly) {
    Map<ContainerInfo, List<BackupManifest.Item>> early = earlyStarts(stopped, tasks.keySet(), target.volumes());
    if (early.isEmpty()) {
      return null;
    }
    try {
      CompletableFuture.allOf(early.values().stream().flatMap(List::stream).map(tasks::get)
          .toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      return null; // reported with the other items' outcome; everything stopped is started at the end
    }
    try {
      List<ContainerInfo> cs = List.copyOf(early.keySet());
      target.stops().startEarly(cs);
      startedEarly.addAll(cs); // (a failure leaves them to the start at the end, which retries them)
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /**
   * The stopped services that can run again before every item is restored: those that depend on
   * no restored database and on no other stopped service, each with the volume items it waits for.
   *
   * @return empty when starting them early would start them at the end anyway
   */
  static Map<ContainerInfo, List<BackupManifest.Item>> earlyStarts(List<ContainerInfo> stopped,
      java.util.Collection<BackupManifest.Item> items, Map<String, VolumeInfo> volumes) {
    Set<String> waitedFor = new LinkedHashSet<>();
    stopped.forEach(c -> waitedFor.add(c.service()));
    items.stream().filter(i -> i.kind() == BackupManifest.Kind.POSTGRES_DUMP).forEach(i -> waitedFor.add(i.source()));
    Map<ContainerInfo, List<BackupManifest.Item>> early = new LinkedHashMap<>();
    Set<BackupManifest.Item> needed = new LinkedHashSet<>();
    for (ContainerInfo c : stopped) {
      if (c.dependsOn().stream().noneMatch(waitedFor::contains)) {
        List<BackupManifest.Item> own = items.stream().filter(i -> i.kind() == BackupManifest.Kind.VOLUME
            && volumes.containsKey(i.source())
            && c.volumes().stream().anyMatch(m -> m.volume().equals(volumes.get(i.source()).name()))).toList();
        early.put(c, own);
        needed.addAll(own);
      }
    }
    return early.size() == stopped.size() && needed.size() == items.size() ? Map.of() : early;
  }

  private void restoreVolume(String key, VolumeInfo v, String image, boolean clear, InputStream tar) {
    options.progress().accept("restoring volume " + key);
    String helper = null;
    try {
      helper = engine.createHelper(image, project + "-restore-" + UUID.randomUUID().toString().substring(0, 8),
          Map.of(v.name(), Creator.VOLUME_ROOT), Containers.helperLabels(project), List.of("sh", "-c", CLEAR));
      if (clear) {
        ExecResult r = engine.runToEnd(helper, Duration.ofMinutes(30));
        if (!r.ok()) {
          throw new BackupException(key, "restore", "emptying volume " + key + " before the restore failed (exit "
              + r.exitCode() + "): " + Creator.firstLines(r.stdout(), 3), null);
        }
      }
      engine.writeArchive(helper, "/", tar);
    } catch (DeployException e) {
      throw new BackupException(key, "restore", "restoring volume " + key + " failed: " + e.getMessage(), e);
    } finally {
      if (helper != null) {
        engine.remove(helper);
      }
    }
  }

  private void restoreDump(ContainerInfo c, InputStream sql, long size) {
    options.progress().accept("restoring the database of service " + c.service() + " (psql)");
    String user = dev.onyx.deploy.core.BackupLabels.dumpUser(c.labels());
    ByteArrayOutputStream err = new Creator.BoundedBuffer(256 * 1024);
    int code;
    try {
      code = engine.exec(c.id(), Postgres.restore(user, size), null, sql, OutputStream.nullOutputStream(), err);
    } catch (IOException e) {
      throw new BackupException(c.service(), "restore", "restoring the database of service " + c.service()
          + " failed: " + e.getMessage(), e);
    }
    List<String> errors = Postgres.realErrors(err.toString(StandardCharsets.UTF_8), 3);
    if (code != 0 || !errors.isEmpty()) {
      throw new BackupException(c.service(), "restore", "restoring the database of service " + c.service()
          + " failed (psql exit " + code + "): " + String.join(" | ", errors), null);
    }
  }

  private boolean volumeHasData(VolumeInfo v, String image) {
    String helper = engine.createHelper(image, project + "-check-" + UUID.randomUUID().toString().substring(0, 8),
        Map.of(v.name(), Creator.VOLUME_ROOT), Containers.helperLabels(project), List.of());
    try (InputStream in = engine.readArchive(helper, Creator.VOLUME_ROOT);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      int n = 0;
      while (tar.getNextEntry() != null) {
        if (++n > 1) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new BackupException(v.key(), "check", "reading volume " + v.key() + " failed: " + e.getMessage(), e);
    } finally {
      engine.remove(helper);
    }
  }

  private Optional<String> dumpTargetData(ContainerInfo c) {
    String user = dev.onyx.deploy.core.BackupLabels.dumpUser(c.labels());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new Creator.BoundedBuffer(16 * 1024);
    int code;
    try {
      code = engine.exec(c.id(), Postgres.dataCheck(user), null, null, out, err);
    } catch (IOException e) {
      throw new BackupException(c.service(), "check", "checking the database of service " + c.service() + " failed: "
          + e.getMessage(), e);
    }
    String[] counts = out.toString(StandardCharsets.UTF_8).strip().split("\\s+");
    if (code != 0 || counts.length != 2) {
      throw new BackupException(c.service(), "check", "checking the database of service " + c.service()
          + " failed (psql exit " + code + "): " + Creator.firstLines(err.toString(StandardCharsets.UTF_8), 2), null);
    }
    long dbs = Long.parseLong(counts[0]);
    long tables = Long.parseLong(counts[1]);
    if (dbs + tables == 0) {
      return Optional.empty();
    }
    return Optional.of("service " + c.service() + " has " + dbs + " database(s) and " + tables
        + " table(s) in database postgres");
  }

  private static String image(List<ContainerInfo> cs, VolumeInfo v) {
    return cs.stream().filter(c -> c.volumes().stream().anyMatch(m -> m.volume().equals(v.name())))
        .map(ContainerInfo::image).findFirst()
        .orElseGet(() -> cs.stream().map(ContainerInfo::image).findFirst()
            .orElseThrow(() -> new BackupException(v.key(), "restore", "the project has no container to take a "
                + "helper image from: deploy the stack first", null)));
  }
}
