package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.compose.ComposeFormatException;
import dev.onyx.deploy.core.OnyxDeployException;
import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.ValidationProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Tests for {@link OnyxDeploy}: global options, exit codes, one-line errors. */
class OnyxDeployTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Throwable failure, String... args) {
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    CommandLine cl = OnyxDeploy.commandLine(o, e);
    if (failure != null) {
      cl.addSubcommand("boom", new Boom(failure));
    }
    return cl.execute(args);
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    private final Throwable failure;

    Boom(Throwable failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      if (failure instanceof Exception ex) {
        throw ex;
      }
      throw (Error) failure;
    }
  }

  @Test
  void printsTheVersion() {
    assertThat(OnyxDeploy.execute(new PrintWriter(out), new PrintWriter(err), "--version")).isZero();
    assertThat(out.toString()).startsWith("onyx-deploy ");
  }

  @Test
  void refusesAnUnknownOptionWithExitTwoAndOneLine() {
    assertThat(run(null, "--bogus")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: Unknown option: '--bogus'\n")
        .contains("Try 'onyx-deploy --help' for usage.").doesNotContain("\tat ");
  }

  @Test
  void withoutAVerbPrintsUsageAndExitsTwo() {
    assertThat(run(null)).isEqualTo(2);
    assertThat(err.toString()).contains("Usage: onyx-deploy");
  }

  @Test
  void mapsValidationErrorsToExitTwoWithOneLinePerProblem() {
    StackValidationException e = new StackValidationException("shop", List.of(
        new ValidationProblem("services.api.depends_on.db", "no such service 'db'"),
        new ValidationProblem("services.web.ports[0]", "host port 80/tcp clash")));
    assertThat(run(e, "boom")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: stack 'shop' is invalid (2 problems):\n"
        + "  services.api.depends_on.db: no such service 'db'\n"
        + "  services.web.ports[0]: host port 80/tcp clash\n");
  }

  @Test
  void mapsComposeFormatErrorsToExitTwo() {
    assertThat(run(new ComposeFormatException("compose.yaml", 14, 7, "services.web.ports[1]",
        "invalid port '80:80:80:80'"), "boom")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("error: compose.yaml:14:7 services.web.ports[1]: invalid port '80:80:80:80'\n");
  }

  @Test
  void mapsIllegalArgumentsToExitTwo() {
    assertThat(run(new IllegalArgumentException("invalid size 'x'"), "boom")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: invalid size 'x'\n");
  }

  @Test
  void mapsOtherFailuresToExitOne() {
    assertThat(run(new OnyxDeployException("engine unreachable\nat /var/run/docker.sock"), "boom")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("error: engine unreachable | at /var/run/docker.sock\n");
  }

  @Test
  void mapsIoFailuresToExitOne() {
    assertThat(run(new java.nio.file.NoSuchFileException("/x/compose.yaml"), "boom")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("error: no such file or folder: /x/compose.yaml\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--debug", "boom --debug"})
  void printsTheStackTraceOnlyWithDebug(String flags) {
    String[] args = flags.split(" ");
    if (args.length == 1) {
      args = new String[] {"--debug", "boom"};
    }
    assertThat(run(new IOException("disk full"), args)).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: disk full\n").contains("\tat ");
  }

  @Test
  void namesNoJavaClassEvenForAFailureWithoutMessage() {
    assertThat(run(new NullPointerException(), "boom")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("error: null pointer (run with --debug for the details)\n");
  }

  @Test
  void buildsTheModelOfTheNamedVerbOnly() {
    assertThat(OnyxDeploy.verbOf("--debug", "up", "-f", "x")).isEqualTo(UpCommand.class);
    assertThat(OnyxDeploy.verbOf("help", "up")).isNull();
    assertThat(OnyxDeploy.verbOf("upp")).isNull();
    assertThat(OnyxDeploy.verbOf("--version")).isNull();
    CommandLine cl = OnyxDeploy.commandLine(new PrintWriter(out), new PrintWriter(err), UpCommand.class);
    assertThat(cl.getSubcommands().keySet()).containsExactly("up", "help");
    assertThat(OnyxDeploy.commandLine(new PrintWriter(out), new PrintWriter(err)).getSubcommands().keySet())
        .contains("convert", "validate", "compose", "plan", "up", "down", "ps", "logs", "exec", "bundle", "help");
  }

  @Test
  void hidesTheStackTraceWithoutDebug() {
    assertThat(run(new IllegalStateException("bug"), "boom")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(
        "error: bug (run with --debug for the details)\n");
  }
}
