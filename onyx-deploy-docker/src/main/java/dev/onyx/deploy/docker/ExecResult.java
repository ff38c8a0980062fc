package dev.onyx.deploy.docker;

/**
 * The outcome of a command run in a container.
 *
 * @param exitCode its exit code
 * @param stdout what it wrote to stdout
 * @param stderr what it wrote to stderr
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
  /** @return whether it exited with 0 */
  public boolean ok() {
    return exitCode == 0;
  }
}
