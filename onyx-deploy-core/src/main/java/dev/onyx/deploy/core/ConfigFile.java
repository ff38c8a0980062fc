package dev.onyx.deploy.core;

import java.util.Optional;

/**
 * A configuration file of the stack (an nginx conf, a database init script), like one entry of the
 * top-level {@code configs}: either inline content (written by the compose project writer under its
 * own folder, copied into containers by the engine backend) or a file on the deploying machine.
 * Services use it through a {@link FileReference} that gives the target path and mode.
 *
 * @param name the config's name in the stack
 * @param content inline content (kept byte-for-byte; line endings are not changed)
 * @param file a file on the deploying machine (relative to the project folder)
 * @param fileName the file name the project writer gives inline content (e.g. {@code app.conf}); empty
 *     means the config's name
 */
public record ConfigFile(String name, Optional<String> content, Optional<String> file,
    Optional<String> fileName) {

  /** Checks for nulls. */
  public ConfigFile {
    Checks.notNull(name, "name");
    Checks.notNull(content, "content");
    Checks.notNull(file, "file");
    Checks.notNull(fileName, "fileName");
  }

  /**
   * @param name the config's name
   * @param content its content
   * @return an inline config
   */
  public static ConfigFile inline(String name, String content) {
    return new ConfigFile(name, Optional.of(content), Optional.empty(), Optional.empty());
  }

  /**
   * @param name the config's name
   * @param fileName the file name in the written project
   * @param content its content
   * @return an inline config written as {@code fileName}
   */
  public static ConfigFile inline(String name, String fileName, String content) {
    return new ConfigFile(name, Optional.of(content), Optional.empty(), Optional.of(fileName));
  }

  /**
   * @param name the config's name
   * @param path a file on the deploying machine
   * @return the config
   */
  public static ConfigFile fromFile(String name, String path) {
    return new ConfigFile(name, Optional.empty(), Optional.of(path), Optional.empty());
  }

  /** @return a short description without the content */
  @Override
  public String toString() {
    return "ConfigFile[name=" + name + content.map(c -> ", inline " + c.length() + " chars").orElse("")
        + file.map(f -> ", file=" + f).orElse("") + "]";
  }
}
