package dev.onyx.deploy.swarm;

import dev.onyx.deploy.compose.ComposeReader;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.EngineApi;
import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TwoNodeSwarm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * What the Swarm tests share: the two-node swarm (made once per test JVM, unmade when it exits),
 * the test busybox image on both nodes, a {@link SwarmEngine} on the manager, and helpers to read
 * the reference stack and what the swarm holds.
 */
@Tag("docker")
abstract class SwarmITBase {
  /** The benchmark's reference stack: 12 services, a DAG four hops deep, a one-shot migration. */
  static final Path REFERENCE = Path.of("..", "bench", "deploy", "reference-stack.yaml").toAbsolutePath().normalize();

  static TwoNodeSwarm swarm;
  static SwarmEngine engine;
  static String busybox;

  @BeforeAll
  static void makeSwarm() {
    busybox = TestImages.busybox();
    swarm = TwoNodeSwarm.shared();
    swarm.copyToWorker(busybox);
    engine = SwarmEngine.connect();
  }

  @AfterAll
  static void disconnect() {
    if (engine != null) {
      engine.close();
    }
  }

  /** The reference stack under that name, with two replicas of web and api. */
  static Stack reference(String name) {
    Stack s = ComposeReader.create().withProjectName(name).read(REFERENCE);
    for (String svc : List.of("web", "api")) {
      s = s.withService(svc, b -> b.deploy(Deploy.builder().replicas(2).build()));
    }
    return s;
  }

  /** @return the stack's services as the manager lists them, by name in the stack */
  static Map<String, Map<String, Object>> services(String stack) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map<String, Object> s : engine.api().services(stack)) {
      String name = String.valueOf(EngineApi.at(s, "Spec", "Name"));
      out.put(name.substring(stack.length() + 1), s);
    }
    return out;
  }

  static Map<String, Long> versions(String stack) {
    Map<String, Long> out = new LinkedHashMap<>();
    services(stack).forEach((k, v) -> out.put(k, SwarmApi.version(v)));
    return out;
  }

  /** @return how many services, networks, secrets and configs carry the stack's label */
  static int objectsOf(String stack) {
    SwarmApi api = engine.api();
    return api.services(stack).size() + api.networks(stack).size() + api.secrets(stack).size()
        + api.configs(stack).size();
  }

  /** Waits for a condition; on timeout the message shows {@code state} as it was then. */
  static void waitUntil(String what, Duration max, BooleanSupplier ok, Supplier<Object> state)
      throws InterruptedException {
    long until = System.nanoTime() + max.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what + "; now: "
            + state.get());
      }
      Thread.sleep(250);
    }
  }

  /** Runs the docker CLI (the interoperability oracle) and returns its output. */
  static String docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("docker");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  static Path write(Path dir, String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }
}
