package dev.onyx.deploy.cli;

import dev.onyx.deploy.compose.ComposeFormatException;
import dev.onyx.deploy.core.OnyxDeployException;
import dev.onyx.deploy.core.StackValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code onyx-deploy} command line: one top command with global options and one class per verb.
 *
 * <pre>
 * onyx-deploy convert -f compose.yaml [-f override.yaml] [--env-file F] [--profile P]
 * onyx-deploy validate -f compose.yaml
 * onyx-deploy --version
 * </pre>
 *
 * <p>Exit status: {@value #EXIT_OK} ok, {@value #EXIT_BAD_INPUT} bad input (invalid stack, bad compose
 * file, bad flags), {@value #EXIT_FAILURE} any other failure. Errors go to stderr as one clear line
 * each; a stack trace only with {@code --debug}.
 *
 * <p>To add a verb: write a class {@code XxxCommand} annotated with {@code @Command(name = "xxx")}
 * implementing {@code Callable<Integer>} (return {@link #EXIT_OK}; throw to fail: the shared handler
 * maps the exception to the exit status), and list it in {@code subcommands} below.
 */
@Command(
    name = "onyx-deploy",
    mixinStandardHelpOptions = true,
    versionProvider = OnyxDeploy.Version.class,
    description = "Turns a multi-container application into code and deploys it: compose projects, "
        + "Docker engines, offline bundles.",
    subcommands = {
        ConvertCommand.class, // issue 6: compose files -> stack -> compose YAML
        ValidateCommand.class, // issue 6: compose files -> ok / every problem
        // Later issues add their verbs here (up, down, status, bundle, ...), one class each.
        ComposeCommand.class, // issue 5: the Onyx preset as a compose project
        PlanCommand.class, // issue 3: Docker engine backend
        UpCommand.class, // issue 3
        DownCommand.class, // issue 3
        PsCommand.class, // issue 3
        LogsCommand.class, // issue 3
        ExecCommand.class, // issue 3
        BundleCommand.class, // issue 4: offline bundles (create, verify, load, ls, inventory)
        CommandLine.HelpCommand.class
    })
public final class OnyxDeploy implements Callable<Integer> {
  /** Exit status of a command that did what was asked. */
  public static final int EXIT_OK = 0;
  /** Exit status of any failure that is not the user's input (engine, I/O, bugs). */
  public static final int EXIT_FAILURE = 1;
  /** Exit status of bad input: an invalid stack, a bad compose file, bad flags. */
  public static final int EXIT_BAD_INPUT = 2;

  private static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  @Spec
  private CommandSpec spec;

  private boolean debug;

  /**
   * Shows stack traces and debug logging. Global: accepted before or after the verb.
   *
   * @param value whether {@code --debug} was given
   */
  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Show stack traces and debug logging.")
  void setDebug(boolean value) {
    this.debug = value;
    if (value) {
      System.setProperty(SIMPLE_LOGGER_LEVEL, "debug");
    }
  }

  /** @return whether {@code --debug} was given */
  boolean debug() {
    return debug;
  }

  /** Without a verb: prints the usage on stderr and fails as bad input. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_BAD_INPUT;
  }

  /**
   * Runs the command line and exits the JVM with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command line with {@code System.out}/{@code System.err}, without exiting.
   *
   * @param args the arguments
   * @return the exit status ({@link #EXIT_OK}, {@link #EXIT_BAD_INPUT} or {@link #EXIT_FAILURE})
   */
  public static int execute(String... args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    return execute(out, err, args);
  }

  /**
   * Runs the command line with the given streams, without exiting (for tests and embedding).
   *
   * @param out where results go
   * @param err where errors go
   * @param args the arguments
   * @return the exit status
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    configureLogging(args);
    int status = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /**
   * Builds the configured command line: streams, the shared error handlers and exit codes.
   * Package-private so tests can add commands.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    OnyxDeploy root = new OnyxDeploy();
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(OnyxDeploy::exitCode);
    // Errors go to the root's stream: subcommands added later do not inherit setErr.
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter e = cl.getErr();
      e.println("error: " + oneLine(ex.getMessage()));
      if (root.debug) {
        ex.printStackTrace(e);
      }
      e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      e.flush();
      return EXIT_BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      PrintWriter e = cl.getErr();
      report(ex, e, root.debug);
      e.flush();
      return exitCode(ex);
    });
    return cl;
  }

  /**
   * Maps a failure to the exit status: bad input (validation, compose format, illegal arguments,
   * bad flags) is {@link #EXIT_BAD_INPUT}; everything else {@link #EXIT_FAILURE}.
   *
   * @param t the failure
   * @return the exit status
   */
  static int exitCode(Throwable t) {
    if (t instanceof StackValidationException || t instanceof ComposeFormatException
        || t instanceof IllegalArgumentException || t instanceof ParameterException) {
      return EXIT_BAD_INPUT;
    }
    return EXIT_FAILURE;
  }

  /** Prints the error as one line (a validation error: one line per problem), a trace with debug. */
  static void report(Throwable t, PrintWriter err, boolean debug) {
    if (t instanceof StackValidationException sve) {
      String[] lines = sve.getMessage().split("\n");
      err.println("error: " + lines[0]);
      for (int i = 1; i < lines.length; i++) {
        err.println(lines[i]);
      }
    } else if (t instanceof OnyxDeployException || t instanceof IllegalArgumentException) {
      err.println("error: " + oneLine(t.getMessage()));
    } else if (t instanceof IOException || t instanceof UncheckedIOException) {
      Throwable io = t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
      err.println("error: " + io.getClass().getSimpleName().replace("Exception", "")
          .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
          + ": " + oneLine(io.getMessage()));
    } else {
      err.println("error: " + t.getClass().getName() + ": " + oneLine(t.getMessage())
          + (debug ? "" : " (run with --debug for the stack trace)"));
    }
    if (debug) {
      t.printStackTrace(err);
    }
  }

  private static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    return message.strip().replace("\r", "").replace("\n", " | ");
  }

  private static void configureLogging(String[] args) {
    // slf4j-simple reads its settings when the first logger is made: set them before any verb runs.
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
    System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    // httpclient5 logs request headers (X-Registry-Auth carries registry credentials) and bytes at
    // DEBUG: never, not even with --debug
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc.client5.http.headers", "info");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc.client5.http.wire", "info");
    boolean debug = false;
    for (String a : args) {
      if ("--".equals(a)) {
        break;
      }
      debug |= "--debug".equals(a);
    }
    if (System.getProperty(SIMPLE_LOGGER_LEVEL) == null || debug) {
      System.setProperty(SIMPLE_LOGGER_LEVEL, debug ? "debug" : "info");
    }
  }

  /** Reads the version Maven wrote into {@code version.properties}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = OnyxDeploy.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        // fall through to "unknown"
      }
      return new String[] {"onyx-deploy " + p.getProperty("version", "unknown"),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
