import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.compose.ComposeReader;
import dev.onyx.deploy.compose.ComposeWriter;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Logging;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Benchmark driver for "compose emit + load" (see bench/README.md): a generated stack of N services
 * is written as a compose project (ComposeProject: compose.yaml, .env, secrets, configs) and read
 * back with ComposeReader.
 *
 * <pre>
 *   java -cp CP ComposeBench once N DIR        # one cold emit + load in this JVM; prints one line
 *   java -cp CP ComposeBench warm N ROUNDS DIR # ROUNDS emit + load rounds in one JVM; prints medians
 * </pre>
 */
public final class ComposeBench {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int n = Integer.parseInt(args[1]);
    if (mode.equals("once")) {
      Path dir = Path.of(args[2]);
      allocated(); // the management beans are made here, outside the timed part
      gc();
      long t0 = System.nanoTime();
      long c0 = cpu();
      Stack stack = stack(n);
      long t1 = System.nanoTime();
      long c1 = cpu();
      long a1 = allocated();
      long[] g1 = gc();
      ComposeProject.writer(dir).write(stack);
      long t2 = System.nanoTime();
      long c2 = cpu();
      Stack back = ComposeReader.create().withEnvironment(Map.of()).read(dir.resolve("compose.yaml"));
      long t3 = System.nanoTime();
      long c3 = cpu();
      long a3 = allocated();
      long[] g3 = gc();
      check(stack, back);
      System.out.printf("mode=once services=%d buildMs=%.1f emitMs=%.1f loadMs=%.1f emitLoadMs=%.1f "
          + "(thread CPU: build %.1f, emit %.1f, load %.1f; emit+load allocated %d MB, %d GC pauses "
          + "%d ms) bytes=%d%n", n, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - t1), ms(c1 - c0),
          ms(c2 - c1), ms(c3 - c2), (a3 - a1) >> 20, g3[0] - g1[0], g3[1] - g1[1],
          Files.size(dir.resolve("compose.yaml")));
    } else if (mode.equals("warm")) {
      int rounds = Integer.parseInt(args[2]);
      Path dir = Path.of(args[3]);
      Stack stack = stack(n);
      double[] emit = new double[rounds];
      double[] yaml = new double[rounds];
      double[] load = new double[rounds];
      double[] cpuLoad = new double[rounds];
      double[] cpuEmit = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        long a = System.nanoTime();
        String text = ComposeWriter.create().toYaml(stack);
        long b = System.nanoTime();
        long cb = cpu();
        ComposeProject.writer(dir).write(stack);
        long c = System.nanoTime();
        long cc = cpu();
        Stack back = ComposeReader.create().withEnvironment(Map.of()).read(dir.resolve("compose.yaml"));
        long d = System.nanoTime();
        long cd = cpu();
        check(stack, back);
        yaml[i] = ms(b - a);
        emit[i] = ms(c - b);
        load[i] = ms(d - c);
        cpuEmit[i] = ms(cc - cb);
        cpuLoad[i] = ms(cd - cc);
        if (text.isEmpty()) {
          throw new IllegalStateException();
        }
      }
      System.out.printf("mode=warm services=%d rounds=%d toYamlMs=%.1f projectWriteMs=%.1f loadMs=%.1f "
          + "(medians; thread CPU: write %.1f, load %.1f; first round: toYaml %.1f, write %.1f, load %.1f)%n",
          n, rounds, median(yaml), median(emit), median(load), median(cpuEmit), median(cpuLoad), yaml[0],
          emit[0], load[0]);
    } else {
      throw new IllegalArgumentException("mode: once or warm");
    }
  }

  private static void check(Stack stack, Stack back) {
    if (back.services().size() != stack.services().size()) {
      throw new IllegalStateException("read back " + back.services().size() + " services");
    }
  }

  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Bytes this thread allocated so far (HotSpot's per-thread counter). */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** Collections so far and their total time in ms, over every collector. */
  private static long[] gc() {
    long count = 0;
    long time = 0;
    for (var bean : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, bean.getCollectionCount());
      time += Math.max(0, bean.getCollectionTime());
    }
    return new long[] {count, time};
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  /** A realistic stack: every service with env, ports, a volume, a healthcheck, limits, a dependency. */
  static Stack stack(int n) {
    Stack.Builder b = Stack.builder("bench")
        .addNetwork(Network.named("front"), Network.named("back").asInternal())
        .addSecret(Secret.generated("db-password"), Secret.generated("api-key"));
    for (int i = 0; i < n; i++) {
      b.addVolume(Volume.named("data" + i));
    }
    for (int i = 0; i < n; i++) {
      Service.Builder s = Service.builder("svc" + i)
          .image("registry.example.com/team/app" + (i % 10) + ":1." + i)
          .command(List.of("sh", "-c", "exec /app/run --port 8080 --name svc" + i + " --home $HOME"))
          .env("SERVICE", "svc" + i).env("LOG_LEVEL", i % 2 == 0 ? "info" : "debug")
          .env("FEATURE_X", "yes").env("RATIO", "1.0").env("MOTD", "hello\nworld " + i)
          .secretEnv("DB_PASSWORD", "db-password")
          .addPorts(PortMapping.publish(20000 + i, 8080), PortMapping.exposed(9090))
          .addMounts(Mount.volume("data" + i, "/data")).addTmpfs(Tmpfs.at("/tmp"))
          .addNetworks(NetworkAttachment.to("front", "svc" + i + "-alias"), NetworkAttachment.to("back"))
          .healthcheck(Healthcheck.cmd("curl", "-f", "http://localhost:8080/health")
              .withInterval(Duration.ofSeconds(10)).withTimeout(Duration.ofSeconds(3)).withRetries(5)
              .withStartPeriod(Duration.ofSeconds(30)))
          .resources(Resources.NONE.withLimits(ResourceSpec.of("0.5", "512m"))
              .withReservations(ResourceSpec.NONE.withMemory(ByteSize.ofMebibytes(128))))
          .restart(RestartPolicy.UNLESS_STOPPED)
          .label("com.example.service", "svc" + i).label("com.example.team", "team" + (i % 7))
          .logging(Logging.jsonFile("10m", 3))
          .addSecrets(FileReference.of("api-key"));
      // Realistic and shallow: ten base services (svc1..svc9 wait for svc0), every other service
      // waits for one of them and, optionally, for the one before it.
      List<DependsOn> deps = new ArrayList<>();
      if (i > 0 && i < 10) {
        deps.add(DependsOn.healthy("svc0"));
      } else if (i >= 10) {
        deps.add(DependsOn.healthy("svc" + (i % 10)));
        if (i % 10 != 9) {
          deps.add(DependsOn.started("svc" + (i - 1)).optional());
        }
      }
      b.addService(s.dependsOn(deps).build());
    }
    return b.build();
  }
}
