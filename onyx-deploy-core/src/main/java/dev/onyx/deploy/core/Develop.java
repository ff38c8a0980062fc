package dev.onyx.deploy.core;

import java.util.List;

/**
 * How a development tool keeps a service in step with its source files, like a service's
 * {@code develop} ({@code docker compose watch}).
 *
 * @param watch the watched paths and what a change does ({@code watch})
 */
public record Develop(List<WatchRule> watch) {
  /** Checks for nulls and copies the rules. */
  public Develop {
    watch = Checks.list(watch, "watch");
  }

  /**
   * @param rules the rules
   * @return a develop section with those rules
   */
  public static Develop watching(WatchRule... rules) {
    return new Develop(Checks.array("watch", rules));
  }
}
