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
 *   <li>{@code create PROJECT FILE STATE}: {@code Backups.create} (writers stopped, level 6)</li>
 *   <li>{@code restore PROJECT FILE STATE}: {@code Backups.restore} (verify, then restore)</li>
 *   <li>{@code readvol PROJECT VOLUME}: the engine's archive endpoint alone, read to nowhere (a floor)</li>
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
              BackupOptions.defaults().withStateDir(Path.of(a[3])));
          extra = " items=" + m.items().size() + " raw_bytes=" + m.totalSize();
        }
        case "restore" -> Backups.on(engine).restore(Path.of(a[2]), a[1],
            RestoreOptions.defaults().withStateDir(Path.of(a[3])).withForce(a.length > 4));
        case "readvol" -> {
          var cs = engine.containers();
          String image = cs.ofProject(a[1]).get(0).image();
          String helper = cs.createHelper(image, a[1] + "-bench-read", Map.of(a[2], "/v"), Map.of(), List.of());
          long n;
          try (InputStream in = cs.readArchive(helper, "/v")) {
            n = in.transferTo(OutputStream.nullOutputStream());
          } finally {
            cs.remove(helper);
          }
          extra = " tar_bytes=" + n;
        }
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
