import dev.onyx.deploy.backup.BackupManifest;
import dev.onyx.deploy.backup.BackupOptions;
import dev.onyx.deploy.backup.Backups;
import dev.onyx.deploy.backup.RestoreOptions;
import dev.onyx.deploy.core.BackupLabels;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.docker.DeployOptions;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.DownOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Benchmark driver for backups (see bench/README.md). One action per JVM, so each run's heap peak
 * is its own:
 * <ul>
 *   <li>{@code up PROJECT STATE}: deploys the benchmark stack (PostgreSQL 15 + a files service)</li>
 *   <li>{@code create PROJECT FILE STATE}: {@code Backups.create} (writers stopped, the default level)</li>
 *   <li>{@code restore PROJECT FILE STATE}: {@code Backups.restore} (verify, then restore)</li>
 *   <li>{@code readvol PROJECT VOLUME [TAR]}: the engine's archive endpoint alone, read to nowhere or
 *       to the file TAR (a floor)</li>
 *   <li>{@code writevol PROJECT VOLUME TAR}: the engine's archive endpoint alone, the tar TAR written
 *       into the volume (a restore floor)</li>
 *   <li>{@code dumpnull PROJECT}: {@code pg_dumpall} through the library's exec stream, to nowhere (a floor)</li>
 *   <li>{@code deflate FILE LEVEL}: the parallel deflater alone on a file, to nowhere (a CPU floor)</li>
 *   <li>{@code verify FILE}: {@code Backups.verify}</li>
 * </ul>
 * Prints one line: {@code action=... jvm_ms=... heapPeakMiB=... xmxMiB=...}.
 */
public final class BackupBench {
  static final String IMAGE = "onyx-test/services:1";

  static Stack stack(String project) {
    return Stack.builder(project)
        .addVolume(Volume.named("db_data"), Volume.named("files"))
        .addService(BackupLabels.postgresDump(Service.builder("db").image(IMAGE)
            .env("POSTGRES_PASSWORD", "bench-only")
            .command("sh", "-c", "set -e; D=/var/lib/postgresql/data; chown postgres \"$D\";"
                + " if [ ! -s \"$D/PG_VERSION\" ]; then echo \"$POSTGRES_PASSWORD\" > /tmp/pw; chown postgres /tmp/pw;"
                + " su postgres -c \"initdb -D $D -U postgres --pwfile=/tmp/pw -A scram-sha-256\" >/dev/null;"
                + " rm /tmp/pw; fi; exec su postgres -c \"postgres -D $D -c listen_addresses=127.0.0.1\"")
            .addMounts(Mount.volume("db_data", "/var/lib/postgresql/data"))
            .healthcheck(Healthcheck.shell("pg_isready -h 127.0.0.1 -U postgres")
                .withInterval(Duration.ofSeconds(1)).withRetries(120))
            .stopGracePeriod(Duration.ofSeconds(10)))
            .build())
        .addService(Service.builder("app").image(IMAGE)
            .command("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done")
            .addMounts(Mount.volume("files", "/data"))
            .stopGracePeriod(Duration.ofSeconds(2))
            .build())
        .build();
  }

  /** The default options, at the level of the system property {@code level} when it is set. */
  private static BackupOptions level(BackupOptions o) {
    String level = System.getProperty("level");
    return level == null ? o : o.withCompressionLevel(Integer.parseInt(level));
  }

  /** Progress lines on standard error, each with the milliseconds since the JVM's main began. */
  static java.util.function.Consumer<String> progress(long t0) {
    return s -> System.err.println((System.nanoTime() - t0) / 1_000_000 + " ms: " + s.replace('\n', ' '));
  }

  public static void main(String[] a) throws Exception {
    long t0 = System.nanoTime();
    String extra = "";
    try (DockerEngine engine = DockerEngine.connect()) {
      switch (a[0]) {
        case "up" -> engine.apply(stack(a[1]), DeployOptions.defaults().withStateDir(Path.of(a[2]))
            .withTimeout(Duration.ofMinutes(5)));
        case "down" -> engine.down(a[1], DownOptions.defaults().withVolumes(true).withStateDir(Path.of(a[2])));
        case "create" -> {
          BackupManifest m = Backups.on(engine).create(a[1], null, Path.of(a[2]),
              level(BackupOptions.defaults()).withStateDir(Path.of(a[3])).withProgress(progress(t0)));
          extra = " items=" + m.items().size() + " raw_bytes=" + m.totalSize();
        }
        case "restore" -> Backups.on(engine).restore(Path.of(a[2]), a[1],
            RestoreOptions.defaults().withStateDir(Path.of(a[3])).withForce(a.length > 4).withProgress(progress(t0)));
        case "readvol" -> {
          var cs = engine.containers();
          String image = cs.ofProject(a[1]).get(0).image();
          String helper = cs.createHelper(image, a[1] + "-bench-read-" + System.nanoTime(), Map.of(a[2], "/v"), Map.of(), List.of());
          long n;
          try (InputStream in = cs.readArchive(helper, "/v");
              OutputStream out = a.length > 3 ? java.nio.file.Files.newOutputStream(Path.of(a[3]))
                  : OutputStream.nullOutputStream()) {
            n = in.transferTo(out);
          } finally {
            cs.remove(helper);
          }
          extra = " tar_bytes=" + n;
        }
        case "writevol" -> {
          var cs = engine.containers();
          String image = cs.ofProject(a[1]).get(0).image();
          String helper = cs.createHelper(image, a[1] + "-bench-write-" + System.nanoTime(), Map.of(a[2], "/v"), Map.of(), List.of());
          try (InputStream in = java.nio.file.Files.newInputStream(Path.of(a[3]))) {
            cs.writeArchive(helper, "/", new java.io.BufferedInputStream(in, 1 << 20));
          } finally {
            cs.remove(helper);
          }
        }
        case "dumpnull" -> {
          var cs = engine.containers();
          String db = cs.ofProject(a[1]).stream().filter(c -> c.service().equals("db")).findFirst().orElseThrow().id();
          long[] n = {0};
          OutputStream count = new OutputStream() {
            @Override
            public void write(int b) {
              n[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
              n[0] += len;
            }
          };
          int code = cs.exec(db, List.of("sh", "-c", "PGPASSWORD=$POSTGRES_PASSWORD exec pg_dumpall -U postgres"), null,
              null, count, OutputStream.nullOutputStream());
          extra = " exit=" + code + " dump_bytes=" + n[0];
        }
        case "deflate" -> {
          try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(Path.of(a[1])), 1 << 20)) {
            var r = new dev.onyx.deploy.core.internal.ParallelDeflater(Integer.parseInt(a[2]),
                Runtime.getRuntime().availableProcessors(), 1 << 20).deflate(in, OutputStream.nullOutputStream(), x -> { });
            extra = " in_bytes=" + r.size() + " out_bytes=" + r.compressedSize();
          }
        }
        case "verify" -> extra = " items=" + Backups.verify(Path.of(a[1]), null).items().size();
        default -> throw new IllegalArgumentException(a[0]);
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.println("action=" + a[0] + " jvm_ms=" + (System.nanoTime() - t0) / 1_000_000
        + " heapPeakMiB=" + (peak >> 20) + " xmxMiB=" + (Runtime.getRuntime().maxMemory() >> 20) + extra);
  }
}
