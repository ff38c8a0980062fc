package dev.onyx.deploy.swarm;

import dev.onyx.deploy.testsupport.TwoNodeSwarm;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plain-HTTP registry both swarm nodes reach at {@value #ADDRESS} (which the engine trusts without
 * configuration, as every 127.0.0.0/8 registry): Debian's {@code docker-registry} twice over one
 * storage folder, once on the host's loopback (the manager pushes there) and once in the worker's
 * namespace (the worker pulls there).
 *
 * <p>Minimal on purpose, for the Swarm tests only; the shared registry fixture of test-support can
 * replace it.
 */
final class TestRegistry implements AutoCloseable {
  static final String ADDRESS = "127.0.0.1:5231";

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();

  private TestRegistry(Path dir) {
    this.dir = dir;
  }

  static TestRegistry start(TwoNodeSwarm swarm) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/docker-registry"))) {
      throw new IllegalStateException("docker-registry is not installed (Debian package docker-registry; "
          + "scripts/engine-up installs it)");
    }
    Path dir = Files.createTempDirectory("onyx-test-registry");
    Files.createDirectories(dir.resolve("storage"));
    Files.writeString(dir.resolve("config.yml"), """
        version: 0.1
        log: {level: warn}
        storage:
          filesystem: {rootdirectory: %s}
        http:
          addr: %s
        """.formatted(dir.resolve("storage"), ADDRESS));
    TestRegistry r = new TestRegistry(dir);
    try {
      String config = dir.resolve("config.yml").toString();
      r.processes.add(new ProcessBuilder("docker-registry", "serve", config).redirectErrorStream(true)
          .redirectOutput(dir.resolve("host.log").toFile()).start());
      r.processes.add(swarm.inWorkerNamespace("docker-registry", "serve", config).redirectErrorStream(true)
          .redirectOutput(dir.resolve("worker.log").toFile()).start());
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!answers()) {
        if (System.nanoTime() > until || !r.processes.get(0).isAlive()) {
          throw new IllegalStateException("the test registry did not start: " + Files.readString(dir.resolve("host.log")));
        }
        Thread.sleep(100);
      }
      return r;
    } catch (Exception e) {
      r.close();
      throw e;
    }
  }

  private static boolean answers() {
    try (Socket s = new Socket("127.0.0.1", 5231)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
