package dev.onyx.deploy.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Durations as compose files spell them (Go's {@code time.ParseDuration}): {@code 30s},
 * {@code 1m30s}, {@code 500ms}, {@code 1.5h}. Messages for people print durations this way, never
 * as Java's {@code PT30S}.
 *
 * <pre>
 * Durations.format(Duration.ofSeconds(90))   // "1m30s"
 * Durations.parse("3m")                      // Optional[PT3M]
 * </pre>
 */
public final class Durations {
  private Durations() {}

  /**
   * @param d a duration
   * @return its compose spelling: the non-zero units among {@code h, m, s, ms, us, ns}, largest
   *     first ({@code 1h30s}, {@code 1s500ms}, {@code -2s}); {@code 0s} for zero
   */
  public static String format(Duration d) {
    Objects.requireNonNull(d, "d == null");
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    int nanos = d.toNanosPart();
    append(sb, d.toHours(), "h");
    append(sb, d.toMinutesPart(), "m");
    append(sb, d.toSecondsPart(), "s");
    append(sb, nanos / 1_000_000, "ms");
    append(sb, nanos / 1_000 % 1_000, "us");
    append(sb, nanos % 1_000, "ns");
    return sb.toString();
  }

  /**
   * Reads a duration in the compose spelling: one or more parts of a decimal number and a unit
   * ({@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), optionally
   * signed; {@code 0} alone is zero.
   *
   * @param text the text, e.g. {@code 1m30s}
   * @return the duration, or empty when the text is not one
   */
  public static Optional<Duration> parse(String text) {
    Objects.requireNonNull(text, "text == null");
    String s = text.strip();
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    // The common one-part form (30s, 500ms, 1h) without BigDecimal: six digits at most, so that the
    // product cannot overflow; compose files are full of these and a cold JVM pays for every class.
    int digits = 0;
    while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
      digits++;
    }
    if (digits > 0 && digits <= 6) {
      long unit = unitNanos(s.substring(digits));
      if (unit != 0L) {
        Duration d = Duration.ofNanos(Long.parseLong(s, 0, digits, 10) * unit);
        return Optional.of(negative ? d.negated() : d);
      }
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      int numberEnd = at;
      while (numberEnd < s.length() && (Character.isDigit(s.charAt(numberEnd)) || s.charAt(numberEnd) == '.')) {
        numberEnd++;
      }
      int unitEnd = numberEnd;
      while (unitEnd < s.length() && !Character.isDigit(s.charAt(unitEnd)) && s.charAt(unitEnd) != '.') {
        unitEnd++;
      }
      long unit = unitNanos(s.substring(numberEnd, unitEnd));
      String number = s.substring(at, numberEnd);
      if (unit == 0 || number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        return Optional.empty();
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
      at = unitEnd;
    }
    try {
      Duration d = Duration.ofNanos(nanos.toBigInteger().longValueExact()); // fractions of a ns dropped, as Go does
      return Optional.of(negative ? d.negated() : d);
    } catch (ArithmeticException e) {
      return Optional.empty(); // beyond ~292 years, as Go refuses it
    }
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 0L;
    };
  }

  private static void append(StringBuilder sb, long value, String unit) {
    if (value != 0) {
      sb.append(value).append(unit);
    }
  }
}
