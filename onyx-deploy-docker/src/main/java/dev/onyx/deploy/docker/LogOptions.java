package dev.onyx.deploy.docker;

import java.util.OptionalInt;

/**
 * Which lines {@link DockerEngine#logs(String, String, LogOptions, java.util.function.Consumer)}
 * reads. Immutable: each {@code withX} returns a copy.
 *
 * <pre>
 * engine.logs("shop", "api", LogOptions.all().withTail(50).withFollow(true), System.out::println);
 * </pre>
 */
public final class LogOptions {
  private static final LogOptions ALL = new LogOptions(-1, false);

  private final int tail;
  private final boolean follow;

  private LogOptions(int tail, boolean follow) {
    this.tail = tail;
    this.follow = follow;
  }

  /** @return every line the container has logged so far, then stop */
  public static LogOptions all() {
    return ALL;
  }

  /**
   * @param lines read only the last this many lines first (like {@code docker logs --tail}); zero
   *     or more
   * @return a copy
   */
  public LogOptions withTail(int lines) {
    if (lines < 0) {
      throw new IllegalArgumentException("tail must be zero or more lines, was " + lines);
    }
    return new LogOptions(lines, follow);
  }

  /**
   * @param value whether to keep reading new lines until the container stops or the reading thread
   *     is interrupted (like {@code docker logs --follow}); off by default
   * @return a copy
   */
  public LogOptions withFollow(boolean value) {
    return new LogOptions(tail, value);
  }

  /** @return how many of the last lines are read first; empty for all */
  public OptionalInt tail() {
    return tail < 0 ? OptionalInt.empty() : OptionalInt.of(tail);
  }

  /** @return whether new lines are followed */
  public boolean follow() {
    return follow;
  }
}
