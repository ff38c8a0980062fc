package dev.onyx.deploy.backup;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.docker.Containers;
import dev.onyx.deploy.docker.Containers.ContainerInfo;
import dev.onyx.deploy.docker.DeployException;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out a backup plan into one file (temporary name, renamed when complete). */
final class Creator {
  private static final Logger LOG = LoggerFactory.getLogger(Creator.class);
  /** Where a helper container mounts the volume it copies; the tar's top folder is this name. */
  static final String VOLUME_ROOT = "/onyx-backup-volume";

  private final Containers engine;
  private final BackupPlan plan;
  private final BackupOptions options;
  private final ServiceStops stops;

  Creator(Containers engine, BackupPlan plan, BackupOptions options) {
    this.engine = engine;
    this.plan = plan;
    this.options = options;
    this.stops = new ServiceStops(engine, plan.project(), options.stateDir(), options.readyTimeout(), options.progress());
  }

  BackupManifest writeTo(Path out) {
    Path target = out.toAbsolutePath();
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8)
        + ".partial");
    Instant started = Instant.now();
    List<BackupManifest.Item> items = new ArrayList<>();
    List<Path> spools = new ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "onyx-backup-dump");
      t.setDaemon(true);
      return t;
    });
    boolean done = false;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream file = Channels.newOutputStream(ch);
      BackupFile.Writer w = new BackupFile.Writer(new FilterOutputStream(file) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          out.flush(); // the channel stays open until it is forced to disk
        }
      }, options.passphrase().orElse(null));
      Map<String, Object> begin = new LinkedHashMap<>();
      begin.put("project", plan.project());
      begin.put("createdAt", started.toString());
      begin.put("toolVersion", Backups.toolVersion());
      begin.put("online", plan.online());
      w.json('B', begin);
      // Dumps run while the volumes are copied (they are independent, and each is bound by its own
      // server or the engine more than by this process): each dump goes to a spool file next to the
      // output (encrypted with a one-time key when the backup is), appended after the volumes.
      boolean concurrent = !plan.volumes().isEmpty() && !plan.dumps().isEmpty();
      byte[] spoolKey = null;
      if (concurrent && options.passphrase().isPresent()) {
        spoolKey = new byte[32];
        new java.security.SecureRandom().nextBytes(spoolKey);
      }
      List<Spooled> spooled = new ArrayList<>();
      if (concurrent) {
        for (BackupPlan.Dump d : plan.dumps()) {
          Path sp = tmp.resolveSibling(tmp.getFileName() + "." + spooled.size() + ".spool");
          spools.add(sp);
          byte[] key = spoolKey;
          spooled.add(new Spooled(sp, CompletableFuture.supplyAsync(() -> {
            try (OutputStream o = Files.newOutputStream(sp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
              BackupFile.Writer sw = BackupFile.Writer.spool(o, key);
              BackupManifest.Item item = dump(sw, d);
              sw.close();
              return item;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }, pool)));
        }
      } else {
        for (BackupPlan.Dump d : plan.dumps()) {
          items.add(dump(w, d));
        }
      }
      for (List<BackupPlan.VolumeCopy> group : plan.stopGroups()) {
        failFast(spooled);
        List<ContainerInfo> stopped = new ArrayList<>();
        group.forEach(v -> v.stoppedServices().forEach(s -> {
          ContainerInfo c = plan.containers.get(s);
          if (c != null && !stopped.contains(c)) {
            stopped.add(c);
          }
        }));
        stops.stop(stopped);
        boolean copied = false;
        try {
          for (BackupPlan.VolumeCopy v : group) {
            items.add(copy(w, v));
          }
          copied = true;
        } finally {
          try {
            stops.start(stopped);
          } catch (RuntimeException e) {
            if (copied) {
              throw e;
            }
            LOG.warn("after the failed copy, starting the stopped services failed too: {}", e.getMessage());
          }
        }
      }
      for (Spooled sp : spooled) {
        items.add(join(sp.item()));
        try (InputStream in = BackupFile.Writer.readSpool(sp.path(), spoolKey)) {
          w.append(in);
        }
        Files.deleteIfExists(sp.path());
      }
      BackupManifest m = new BackupManifest(BackupFile.VERSION, plan.project(), started, Backups.toolVersion(),
          plan.online(), options.passphrase().isPresent(), items);
      w.json('M', ManifestJson.toMap(m));
      w.finish();
      ch.force(true);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      options.progress().accept("wrote " + target.getFileName() + ": " + items.size() + " item(s), "
          + ByteSize.ofBytes(m.totalSize()).toHumanString() + " uncompressed");
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the backup " + target + " failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
      if (!done) {
        spools.add(tmp);
      }
      for (Path p : spools) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot remove the incomplete backup {}: {}", p, e.getMessage());
        }
      }
    }
  }

  /** A dump being written to a spool file. */
  private record Spooled(Path path, CompletableFuture<BackupManifest.Item> item) {
  }

  /** Stops early when a dump running alongside the copies has failed. */
  private static void failFast(List<Spooled> spooled) {
    for (Spooled s : spooled) {
      if (s.item().isCompletedExceptionally()) {
        join(s.item());
      }
    }
  }

  private static BackupManifest.Item join(CompletableFuture<BackupManifest.Item> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new BackupException(null, "dump", "a dump failed: " + c, c);
    }
  }

  private BackupManifest.Item dump(BackupFile.Writer w, BackupPlan.Dump d) throws IOException {
    String name = "dump/" + d.service();
    options.progress().accept("dumping service " + d.service() + " (pg_dumpall)");
    ContainerInfo c = plan.containers.get(d.service());
    Pipe pipe = new Pipe(64);
    ByteArrayOutputStream err = new BoundedBuffer(64 * 1024);
    CompletableFuture<Integer> exec = CompletableFuture.supplyAsync(() -> {
      try (OutputStream sink = pipe.sink()) {
        return engine.exec(c.id(), Postgres.dump(d.user()), null, null, sink, err);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, r -> {
      Thread t = new Thread(r, "onyx-backup-exec");
      t.setDaemon(true);
      t.start();
    });
    BackupManifest.Item item;
    try (InputStream in = pipe.source()) {
      item = w.item(name, BackupManifest.Kind.POSTGRES_DUMP, d.service(), in, options.compressionLevel(), options.threads());
    } catch (IOException | RuntimeException e) {
      exec.cancel(true);
      throw failure(d.service(), "dump", "dumping service " + d.service() + " failed", e, err);
    }
    int code;
    try {
      code = exec.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException(d.service(), "dump", "interrupted while dumping service " + d.service(), e);
    } catch (ExecutionException e) {
      throw failure(d.service(), "dump", "dumping service " + d.service() + " failed", e.getCause(), err);
    }
    if (code != 0) {
      throw new BackupException(d.service(), "dump", "dumping service " + d.service() + " failed: pg_dumpall exited "
          + code + ": " + firstLines(err.toString(StandardCharsets.UTF_8), 3), null);
    }
    return item;
  }

  private BackupManifest.Item copy(BackupFile.Writer w, BackupPlan.VolumeCopy v) throws IOException {
    String name = "volume/" + v.volume();
    options.progress().accept("copying volume " + v.volume());
    String helper;
    try {
      helper = engine.createHelper(plan.helperImages.get(v.engineName()),
          plan.project() + "-backup-" + UUID.randomUUID().toString().substring(0, 8),
          Map.of(v.engineName(), VOLUME_ROOT), Containers.helperLabels(plan.project()), List.of());
    } catch (DeployException e) {
      throw new BackupException(v.volume(), "copy", "copying volume " + v.volume() + " failed: " + e.getMessage(), e);
    }
    try (InputStream tar = engine.readArchive(helper, VOLUME_ROOT)) {
      return w.item(name, BackupManifest.Kind.VOLUME, v.volume(), tar, options.compressionLevel(), options.threads());
    } catch (DeployException e) {
      throw new BackupException(v.volume(), "copy", "copying volume " + v.volume() + " failed: " + e.getMessage(), e);
    } finally {
      engine.remove(helper);
    }
  }

  private static BackupException failure(String service, String step, String what, Throwable e,
      ByteArrayOutputStream err) {
    if (e instanceof BackupException b) {
      return b;
    }
    String detail = firstLines(err.toString(StandardCharsets.UTF_8), 3);
    return new BackupException(service, step, what + ": " + e.getMessage()
        + (detail.isEmpty() ? "" : " (" + detail + ")"), e);
  }

  static String firstLines(String s, int n) {
    return String.join(" | ", s.strip().lines().limit(n).toList());
  }

  /** Keeps the first bytes of a command's error output (enough for a message). */
  static final class BoundedBuffer extends ByteArrayOutputStream {
    private final int max;

    BoundedBuffer(int max) {
      this.max = max;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, Math.max(0, Math.min(len, max - count)));
    }

    @Override
    public synchronized void write(int b) {
      if (count < max) {
        super.write(b);
      }
    }
  }
}
