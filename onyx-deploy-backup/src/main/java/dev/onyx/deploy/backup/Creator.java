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
      for (BackupPlan.Dump d : plan.dumps()) {
        items.add(dump(w, d));
      }
      for (List<BackupPlan.VolumeCopy> group : plan.stopGroups()) {
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
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.warn("cannot remove the incomplete backup {}: {}", tmp, e.getMessage());
        }
      }
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
