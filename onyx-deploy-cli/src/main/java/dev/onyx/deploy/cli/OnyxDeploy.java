package dev.onyx.deploy.cli;

import dev.onyx.deploy.compose.ComposeFormatException;
import dev.onyx.deploy.core.OnyxDeployException;
import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.internal.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
 * maps the exception to the exit status), and list it in {@link #VERBS}.
 */
@Command(
    name = "onyx-deploy",
    mixinStandardHelpOptions = true,
    versionProvider = OnyxDeploy.Version.class,
    description = "Turns a multi-container application into code and deploys it: compose projects, "
        + "Docker engines, offline bundles.")
public final class OnyxDeploy implements Callable<Integer> {
  /** Exit status of a command that did what was asked. */
  public static final int EXIT_OK = 0;
  /** Exit status of any failure that is not the user's input (engine, I/O, bugs). */
  public static final int EXIT_FAILURE = 1;
  /** Exit status of bad input: an invalid stack, a bad compose file, bad flags. */
  public static final int EXIT_BAD_INPUT = 2;

  private static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  /**
   * The verbs, in the order the overall help lists them. A run builds the model (options, help) of
   * its own verb only: picocli reads every option of every listed command through reflection
   * before it parses anything, which on a cold JVM costs more than most verbs' own work.
   */
  static final List<Class<?>> VERBS = List.of(
      ConvertCommand.class,
      ValidateCommand.class,
      ComposeCommand.class,
      PlanCommand.class,
      UpCommand.class,
      DownCommand.class,
      PsCommand.class,
      LogsCommand.class,
      ExecCommand.class,
      BundleCommand.class,
      BackupCommand.class);

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
    Class<?> verb = verbOf(args);
    CommandLine cl = verb == null && asksForVersionOnly(args) ? bare(out, err) : commandLine(out, err, verb);
    int status = cl.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /** Builds the configured command line with every verb (tests add their own commands to it). */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, null);
  }

  /**
   * Builds the configured command line: streams, the shared error handlers and exit codes.
   *
   * @param verb the verb the arguments name, whose model alone is built; null for all (the overall
   *     help, {@code help VERB}, a mistyped verb that picocli then suggests a correction for)
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, @Nullable Class<?> verb) {
    OnyxDeploy root = new OnyxDeploy();
    CommandLine cl = new CommandLine(root);
    for (Class<?> v : VERBS) {
      if (verb == null || v == verb) {
        cl.addSubcommand(v);
      }
    }
    cl.addSubcommand(CommandLine.HelpCommand.class);
    cl.setHelpFactory(UsageHelp::new);
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

  /** @return whether the arguments are {@code --version} (or {@code -V}) and nothing else */
  static boolean asksForVersionOnly(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  /** The command line without verbs: {@code --version} needs none of their models. */
  private static CommandLine bare(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new OnyxDeploy());
    cl.setOut(out);
    cl.setErr(err);
    return cl;
  }

  /**
   * @param args the arguments
   * @return the verb that the first argument that is not an option names, or null when it names
   *     none of {@link #VERBS}
   */
  static @Nullable Class<?> verbOf(String... args) {
    for (String a : args) {
      if (a.equals("--")) {
        return null;
      }
      if (!a.startsWith("-")) {
        for (Class<?> v : VERBS) {
          if (v.getAnnotation(Command.class).name().equals(a)) {
            return v;
          }
        }
        return null;
      }
    }
    return null;
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

  /**
   * Prints the error as one line (a validation error: one line per problem), in words for people:
   * never a Java class name; a stack trace only with {@code --debug}.
   */
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
      err.println("error: " + oneLine(Messages.describe(io)));
    } else {
      // A failure nobody anticipated: say what it was about, not which class threw it.
      err.println("error: " + oneLine(Messages.describe(t))
          + (debug ? "" : " (run with --debug for the details)"));
    }
    if (debug) {
      t.printStackTrace(err);
    }
  }

  private static String oneLine(@Nullable String message) {
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
      // The verbs print their own results; the libraries' INFO lines would repeat them.
      System.setProperty(SIMPLE_LOGGER_LEVEL, debug ? "debug" : "warn");
    }
    if (!debug) {
      // The HTTP client logs its retries and the docker client its set-up at INFO, in terms of
      // its own internals: the CLI reports what matters itself.
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc", "warn");
      System.setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava", "warn");
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
