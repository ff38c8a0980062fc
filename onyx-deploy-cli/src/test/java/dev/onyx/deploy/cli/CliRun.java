package dev.onyx.deploy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps what it printed, for tests. */
final class CliRun {
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  /** @return the exit status of {@code onyx-deploy ARGS} */
  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return OnyxDeploy.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** @return what the last run printed on stdout */
  String out() {
    return out.toString();
  }

  /** @return what the last run printed on stderr */
  String err() {
    return err.toString();
  }
}
