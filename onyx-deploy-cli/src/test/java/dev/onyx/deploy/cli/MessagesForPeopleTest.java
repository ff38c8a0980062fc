package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verb with bad input: it fails with an exit status other than 0 and says why in words for
 * people, never with a Java class or method name, a package name, a Java duration ({@code PT30S}) or
 * a stack frame. The commands run in a separate JVM whose {@code DOCKER_HOST} names a socket that
 * does not exist (and whose Docker config is empty), so the engine verbs fail as they do on a machine
 * without a running engine, and no engine is touched.
 */
class MessagesForPeopleTest {
  /** What a message for people never contains. */
  private static final Map<String, Pattern> JAVA_NAMES = Map.of(
      "an exception or error class", Pattern.compile("[A-Za-z]*(Exception|Error)\\b(?!:? *$)|Exception|[a-z]Error\\b"),
      "a method call", Pattern.compile("[A-Za-z_]\\(\\)"),
      "a Java duration", Pattern.compile("\\bPT-?[0-9]"),
      "a package name", Pattern.compile("\\b(java|javax|jdk|sun|com|org|dev|picocli)\\.[a-z]+\\.[a-zA-Z]"),
      "a stack frame", Pattern.compile("^\\s+at [a-zA-Z]"));

  @TempDir
  Path dir;

  private Path compose;
  private Path invalid;

  @BeforeEach
  void files() throws IOException {
    compose = Files.writeString(dir.resolve("compose.yaml"),
        "name: shop\nservices:\n  web:\n    image: nginx\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n");
    invalid = Files.writeString(dir.resolve("invalid.yaml"), "services:\n  web:\n    image: nginx\n"
        + "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 0s\n    stop_grace_period: -1s\n"
        + "    ports: [\"80:80:80:80\"]\n");
    Files.writeString(dir.resolve("notyaml.yaml"), "services: [\n");
    Files.writeString(dir.resolve("not-a-bundle.zip"), "this is not a zip");
    Files.createDirectories(dir.resolve("docker-config"));
  }

  /** Each verb (and bundle's sub-verbs) with input it must refuse. */
  private List<List<String>> cases() {
    String f = compose.toString();
    String missing = dir.resolve("missing.yaml").toString();
    String unwritable = "/proc/onyx-deploy-test/out";
    return List.of(
        List.of("--bogus"),
        List.of("nosuchverb"),
        List.of("convert", "-f", missing),
        List.of("convert", "-f", dir.resolve("notyaml.yaml").toString()),
        List.of("validate", "-f", invalid.toString()),
        List.of("validate", "--env-file", missing, "-f", f),
        List.of("compose", "--out", unwritable),
        List.of("compose", "--http-port", "70000"),
        List.of("compose", "--https-port", "x"),
        List.of("compose", "--tls-cert", missing, "--tls-key", missing),
        List.of("compose", "--layout", "fancy"),
        List.of("compose", "--profile", "huge"),
        List.of("plan", "-f", f),
        List.of("plan", "-f", invalid.toString()),
        List.of("up", "-f", f, "--timeout", "0"),
        List.of("up", "-f", f, "--timeout", "3 minutes"),
        List.of("up", "-f", f, "--timeout", "3m"),
        List.of("up", "--preset", "other"),
        List.of("up", "--preset", "onyx", "-f", f),
        List.of("down", "-p", "shop"),
        List.of("down"),
        List.of("ps", "-p", "shop"),
        List.of("logs", "-p", "shop"),
        List.of("logs", "-p", "shop", "web", "--tail", "many"),
        List.of("logs", "-p", "shop", "web"),
        List.of("exec", "-p", "shop", "web"),
        List.of("exec", "-p", "shop", "web", "true"),
        List.of("bundle"),
        List.of("bundle", "create", "-f", f),
        List.of("bundle", "create", "-f", f, "-o", dir.resolve("b.zip").toString(), "--level", "99"),
        List.of("bundle", "verify", dir.resolve("missing.zip").toString()),
        List.of("bundle", "verify", dir.resolve("not-a-bundle.zip").toString()),
        List.of("bundle", "ls", dir.resolve("not-a-bundle.zip").toString()),
        List.of("bundle", "load", dir.resolve("not-a-bundle.zip").toString()),
        List.of("bundle", "load", dir.resolve("missing.zip").toString(), "--up", "--timeout", "-1s"));
  }

  @Test
  void noVerbAnswersBadInputWithJavaNames() throws Exception {
    List<List<String>> cases = cases();
    Map<List<String>, Result> results = runInAJvmWithoutEngine(cases);
    assertThat(results).hasSameSizeAs(cases);
    List<String> offences = new ArrayList<>();
    for (Map.Entry<List<String>, Result> r : results.entrySet()) {
      String args = String.join(" ", r.getKey());
      assertThat(r.getValue().status()).as("exit status of %s", args).isNotZero();
      assertThat(r.getValue().output()).as("output of %s", args).isNotBlank();
      for (String line : r.getValue().output().split("\n")) {
        JAVA_NAMES.forEach((what, p) -> {
          if (p.matcher(line).find()) {
            offences.add(args + " -> " + what + ": " + line);
          }
        });
      }
    }
    assertThat(offences).isEmpty();
  }

  @Test
  void theEngineVerbsSayWhichEngineTheyLookedForAndFromWhere() throws Exception {
    Result r = runInAJvmWithoutEngine(List.of(List.of("ps", "-p", "shop"))).values().iterator().next();
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.output()).contains("error: no Docker engine answers at unix://" + dir.resolve("missing.sock")
        + " (from DOCKER_HOST): the socket " + dir.resolve("missing.sock") + " does not exist.");
  }

  @Test
  void theSameLinesInProcessAsInTheJvmWithoutEngine() {
    // a sanity check of the runner: the in-process answer to a parse error is the same
    StringWriter out = new StringWriter();
    int status = OnyxDeploy.execute(new PrintWriter(out, true), new PrintWriter(out, true),
        "compose", "--http-port", "70000");
    assertThat(status).isEqualTo(2);
    assertThat(out.toString()).startsWith(
        "error: Invalid value for option '--http-port': 70000 is not a port number (1 to 65535)");
  }

  record Result(int status, String output) {
  }

  /** Runs every case through {@link Runner} in one JVM without a reachable engine. */
  private Map<List<String>, Result> runInAJvmWithoutEngine(List<List<String>> cases) throws Exception {
    Path input = dir.resolve("cases.txt");
    StringBuilder sb = new StringBuilder();
    for (List<String> c : cases) {
      sb.append(String.join("\t", c)).append('\n');
    }
    Files.writeString(input, sb);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Runner.class.getName(), input.toString());
    pb.environment().put("DOCKER_HOST", "unix://" + dir.resolve("missing.sock"));
    pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    pb.environment().remove("DOCKER_CONTEXT");
    pb.environment().remove("IMAGE_TAG");
    pb.directory(dir.toFile());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(all).isZero();
    Map<List<String>, Result> results = new LinkedHashMap<>();
    String[] parts = all.split(Runner.SEPARATOR);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int nl = part.indexOf('\n');
      String[] head = part.substring(0, nl).split(" ", 2);
      results.put(cases.get(Integer.parseInt(head[0])), new Result(Integer.parseInt(head[1].strip()),
          part.substring(nl + 1)));
    }
    return results;
  }

  /** Runs each line of a file (arguments separated by tabs) through the command line, in order. */
  public static final class Runner {
    static final String SEPARATOR = "=== case ";

    private Runner() {}

    /**
     * @param args the file with the cases
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException {
      List<String> lines = Files.readAllLines(Path.of(args[0]));
      for (int i = 0; i < lines.size(); i++) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        int status = OnyxDeploy.execute(w, w, lines.get(i).split("\t"));
        System.out.print(SEPARATOR + i + " " + status + "\n" + out.toString().replace("\r", ""));
        System.out.flush();
      }
    }
  }
}
