package dev.onyx.deploy.core;

/**
 * A file of {@code KEY=value} lines whose variables are added to a service's environment, like one
 * entry of a service's {@code env_file}.
 *
 * @param path the file (relative paths are resolved against the project folder)
 * @param required whether a missing file is an error
 */
public record EnvFile(String path, boolean required) {
  /** Checks for null. */
  public EnvFile {
    Checks.notNull(path, "path");
  }

  /**
   * @param path the file
   * @return a required env file
   */
  public static EnvFile of(String path) {
    return new EnvFile(path, true);
  }
}
