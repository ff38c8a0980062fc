package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.Durations;
import java.time.Duration;

/** Durations in the compose (Go {@code time.ParseDuration}) format: {@code 30s}, {@code 1m30s}, {@code 500ms}. */
final class ComposeDurations {
  private ComposeDurations() {}

  /**
   * @param d a duration
   * @return its compose form ({@link Durations#format})
   */
  static String format(Duration d) {
    return Durations.format(d);
  }
}
