package dev.onyx.deploy.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, as compose writes them: {@code ByteSize.parse("2g")}, {@code ofMebibytes(512)}.
 * Units are binary (1k = 1024), as in compose and the Docker engine. {@link #toString()} gives the
 * shortest exact compose form ({@code 512m}, {@code 2g}, {@code 1536k}, {@code 100b}).
 *
 * @param bytes the size in bytes; never negative
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {
  private static final Pattern FORM =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "bkmgt";

  /** Refuses negative sizes. */
  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("size < 0: " + bytes);
    }
  }

  /**
   * @param bytes a size in bytes
   * @return that size
   */
  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  /**
   * @param kib a size in KiB
   * @return that size
   */
  public static ByteSize ofKibibytes(long kib) {
    return new ByteSize(Math.multiplyExact(kib, 1024L));
  }

  /**
   * @param mib a size in MiB
   * @return that size
   */
  public static ByteSize ofMebibytes(long mib) {
    return new ByteSize(Math.multiplyExact(mib, 1024L * 1024));
  }

  /**
   * @param gib a size in GiB
   * @return that size
   */
  public static ByteSize ofGibibytes(long gib) {
    return new ByteSize(Math.multiplyExact(gib, 1024L * 1024 * 1024));
  }

  /**
   * Parses a compose size: a number with an optional unit {@code b, k, m, g, t} (also {@code kb},
   * {@code mib}, any case). A plain number is bytes. Fractions are allowed ({@code 1.5g}); a
   * fraction of a byte is rounded to the nearest byte ({@code 0.3k} is 307 bytes).
   *
   * @param text the size, e.g. {@code 512m}
   * @return the size
   * @throws IllegalArgumentException if {@code text} is not a size
   */
  public static ByteSize parse(String text) {
    ByteSize simple = parseWhole(Checks.notNull(text, "text").trim());
    if (simple != null) {
      return simple;
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size '" + text + "' (expected e.g. 512m, 2g, 1024)");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    int power = unit.isEmpty() ? 0 : UNITS.indexOf(unit.charAt(0));
    java.math.BigDecimal value = new java.math.BigDecimal(m.group(1))
        .multiply(java.math.BigDecimal.valueOf(1024).pow(power));
    try {
      return new ByteSize(value.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("size out of range '" + text + "'", e);
    }
  }

  /**
   * The common form, a whole number with an optional unit ({@code 512m}, {@code 2GiB}, {@code 1024}),
   * read without a regex or BigDecimal (sizes are read for every service of a compose file); null
   * for any other form, or one too large, which {@link #parse} then reads (or refuses) the long way.
   */
  private static ByteSize parseWhole(String t) {
    int n = t.length();
    int i = 0;
    while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
      i++;
    }
    if (i == 0 || i > 15) {
      return null;
    }
    long value = Long.parseLong(t, 0, i, 10);
    int power = 0;
    for (int k = i; k < n; k++) {
      if (t.charAt(k) > 127) {
        return null; // the regex's case-insensitivity is ASCII only
      }
    }
    if (i < n) {
      int unit = UNITS.indexOf(Character.toLowerCase(t.charAt(i)));
      if (unit > 0) {
        power = unit;
        i++;
      }
    }
    String rest = t.substring(i);
    if (!rest.isEmpty() && !rest.equalsIgnoreCase("b") && !rest.equalsIgnoreCase("ib")) {
      return null;
    }
    for (int k = 0; k < power; k++) {
      if (value > Long.MAX_VALUE / 1024) {
        return null;
      }
      value *= 1024;
    }
    return new ByteSize(value);
  }

  /** @return the size in whole MiB, rounded down */
  public long toMebibytes() {
    return bytes / (1024L * 1024);
  }

  /**
   * @param other the size to add
   * @return {@code other} added to this size
   * @throws ArithmeticException if the sum overflows a {@code long}
   */
  public ByteSize plus(ByteSize other) {
    return new ByteSize(Math.addExact(bytes, other.bytes));
  }

  @Override
  public int compareTo(ByteSize o) {
    return Long.compare(bytes, o.bytes);
  }

  /**
   * @return the size for people, rounded to one decimal in the largest binary unit that keeps it at
   *     1 or more: {@code 512 B}, {@code 1.5 KiB}, {@code 729.6 MiB}, {@code 2.0 GiB}
   */
  public String toHumanString() {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** @return the shortest exact compose form: {@code 2g}, {@code 512m}, {@code 100b} */
  @Override
  public String toString() {
    if (bytes == 0) {
      return "0";
    }
    long v = bytes;
    int power = 0;
    while (power < 4 && v % 1024 == 0) {
      v /= 1024;
      power++;
    }
    return v + String.valueOf(UNITS.charAt(power));
  }
}
