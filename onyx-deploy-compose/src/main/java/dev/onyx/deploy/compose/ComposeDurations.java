package dev.onyx.deploy.compose;

import java.time.Duration;

/** Durations in the compose (Go {@code time.ParseDuration}) format: {@code 30s}, {@code 1m30s}, {@code 500ms}. */
final class ComposeDurations {
  private ComposeDurations() {}

  /**
   * @param d a duration
   * @return its compose form: the non-zero units among {@code h, m, s, ms, us, ns}, largest first
   *     ({@code 1h30s}, {@code 1s500ms}); {@code 0s} for zero
   */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    long hours = d.toHours();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int nanos = d.toNanosPart();
    int millis = nanos / 1_000_000;
    int micros = nanos / 1_000 % 1_000;
    int ns = nanos % 1_000;
    append(sb, hours, "h");
    append(sb, minutes, "m");
    append(sb, seconds, "s");
    append(sb, millis, "ms");
    append(sb, micros, "us");
    append(sb, ns, "ns");
    return sb.toString();
  }

  private static void append(StringBuilder sb, long value, String unit) {
    if (value != 0) {
      sb.append(value).append(unit);
    }
  }
}
