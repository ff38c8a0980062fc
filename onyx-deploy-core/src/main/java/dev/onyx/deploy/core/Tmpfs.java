package dev.onyx.deploy.core;

import java.util.List;

/**
 * A memory-backed filesystem, like one entry of a service's {@code tmpfs}: a path and the mount
 * options the engine passes to it as they are ({@code size=16m}, {@code mode=1777}, {@code exec},
 * {@code uid=1000}...). A {@link Mount} of type {@code tmpfs} is the long-syntax form, which takes
 * only a size and a mode.
 *
 * @param target the absolute path in the container
 * @param options the mount options, in order
 */
public record Tmpfs(String target, List<String> options) {
  /** Checks for nulls and copies the options. */
  public Tmpfs {
    Checks.notNull(target, "target");
    options = Checks.list(options, "options");
  }

  /**
   * @param target the path
   * @param options mount options, e.g. {@code size=64m}, {@code mode=1777}
   * @return the tmpfs
   */
  public static Tmpfs at(String target, String... options) {
    return new Tmpfs(target, Checks.array("options", options));
  }

  /** @return the compose form: {@code /run} or {@code /run:size=16m,mode=1750} */
  @Override
  public String toString() {
    return options.isEmpty() ? target : target + ":" + String.join(",", options);
  }
}
