package dev.onyx.deploy.compose;

import java.util.List;
import java.util.Map;

/**
 * A small deterministic YAML (block style) emitter for compose documents. The tree is made of
 * {@link Map} (insertion order is kept), {@link List}, {@link String} (a value compose interpolates:
 * {@code $} is written as {@code $$}), {@link Raw} (a string written without that escaping, e.g. a
 * {@code ${VAR}} reference), {@link Number} and {@link Boolean} (plain), {@link Octal} and
 * {@code null}. Strings are quoted whenever a YAML 1.1 or 1.2 parser could read them as anything but
 * that string (booleans, numbers, null, timestamps, indicators); multi-line values are written
 * double-quoted with escapes, so they survive exactly.
 */
final class YamlEmitter {
  /** A string written as is, without {@code $} escaping (still quoted when YAML needs it). */
  record Raw(String value) {}

  /** An octal number written as {@code 0440} (file modes, as compose documents them). */
  record Octal(int value) {}

  // Plain-safe shapes, matched by hand (the emitter checks every scalar; a regex costs a matcher each):
  // PLAIN_WORD (?:[A-Za-z_/]|\.\.?/)[A-Za-z0-9_./:@+=-]*
  // PLAIN_UNIT [0-9]+(\.[0-9]+)?[a-z]+([0-9]+(\.[0-9]+)?[a-z]+)*
  /** The words some YAML version reads as a boolean or null (see {@link #isReserved}). */
  static final java.util.List<String> RESERVED = java.util.List.of("y", "n", "yes", "no", "true", "false", "on",
      "off", "null");

  private final StringBuilder out = new StringBuilder(4096);

  private YamlEmitter() {}

  /** @param root the document's top-level mapping @return the YAML text, ending with a newline */
  static String emit(Map<String, ?> root) {
    YamlEmitter e = new YamlEmitter();
    e.mapping(root, 0);
    return e.out.toString();
  }

  private void indent(int n) {
    for (int i = 0; i < n; i++) {
      out.append(' ');
    }
  }

  private void mapping(Map<String, ?> map, int indent) {
    for (Map.Entry<String, ?> e : map.entrySet()) {
      indent(indent);
      entry(e.getKey(), e.getValue(), indent);
    }
  }

  /** Writes {@code key: value} whose first line is already indented. */
  private void entry(String key, Object value, int indent) {
    out.append(quote(key)).append(':');
    if (value == null) {
      out.append('\n');
    } else if (value instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        out.append(" {}\n");
      } else {
        out.append('\n');
        mapping(cast(m), indent + 2);
      }
    } else if (value instanceof List<?> l) {
      if (l.isEmpty()) {
        out.append(" []\n");
      } else {
        out.append('\n');
        sequence(l, indent + 2);
      }
    } else {
      out.append(' ').append(scalar(value)).append('\n');
    }
  }

  private void sequence(List<?> list, int indent) {
    for (Object item : list) {
      indent(indent);
      out.append('-');
      if (item instanceof Map<?, ?> m && !m.isEmpty()) {
        out.append(' ');
        boolean first = true;
        for (Map.Entry<String, ?> e : cast(m).entrySet()) {
          if (!first) {
            indent(indent + 2);
          }
          first = false;
          entry(e.getKey(), e.getValue(), indent + 2);
        }
      } else if (item instanceof List<?> l && !l.isEmpty()) {
        out.append('\n');
        sequence(l, indent + 2);
      } else if (item instanceof Map<?, ?>) {
        out.append(" {}\n");
      } else if (item instanceof List<?>) {
        out.append(" []\n");
      } else if (item == null) {
        out.append(" null\n");
      } else {
        out.append(' ').append(scalar(item)).append('\n');
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> cast(Map<?, ?> m) {
    return (Map<String, ?>) m;
  }

  static String scalar(Object value) {
    if (value instanceof String s) {
      return quote(s.indexOf('$') < 0 ? s : s.replace("$", "$$"));
    }
    if (value instanceof Raw r) {
      return quote(r.value());
    }
    if (value instanceof Octal o) {
      return "0" + Integer.toOctalString(o.value());
    }
    if (value instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as YAML");
  }

  /** @return the string as a plain scalar when that is unambiguous, else double-quoted */
  static String quote(String s) {
    if (isPlainSafe(s)) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
              || c == '\ufeff' || Character.isSurrogate(c) && !validSurrogate(s, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** Whether {@code s} matches {@code (?:[A-Za-z_/]|\.\.?/)[A-Za-z0-9_./:@+=-]*}. */
  static boolean isPlainWord(String s) {
    int start;
    char c = s.isEmpty() ? 0 : s.charAt(0);
    if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '/') {
      start = 1;
    } else if (s.startsWith("./")) {
      start = 2;
    } else if (s.startsWith("../")) {
      start = 3;
    } else {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char x = s.charAt(i);
      if (!(x >= 'A' && x <= 'Z' || x >= 'a' && x <= 'z' || x >= '0' && x <= '9' || x == '_' || x == '.'
          || x == '/' || x == ':' || x == '@' || x == '+' || x == '=' || x == '-')) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} matches {@code [0-9]+(\.[0-9]+)?[a-z]+([0-9]+(\.[0-9]+)?[a-z]+)*}. */
  static boolean isPlainUnit(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    int i = 0;
    while (i < n) {
      int from = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == from) {
        return false;
      }
      if (i < n && s.charAt(i) == '.') {
        from = ++i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        if (i == from) {
          return false;
        }
      }
      from = i;
      while (i < n && s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
        i++;
      }
      if (i == from) {
        return false;
      }
    }
    return true;
  }

  static boolean isPlainSafe(String s) {
    if (s.isEmpty() || s.endsWith(":")) {
      return false;
    }
    if (isPlainWord(s)) {
      return !isReserved(s);
    }
    return isPlainUnit(s) && !s.startsWith("0x") && !s.startsWith("0o")
        && !s.startsWith("0b");
  }

  /**
   * Whether a plain word reads as a boolean or null in some YAML version, in any case ({@code Yes},
   * {@code OFF}): {@link #RESERVED}, looked up by length first (this runs for every key and value).
   */
  private static boolean isReserved(String s) {
    switch (s.length()) {
      case 1 -> {
        char c = (char) (s.charAt(0) | 0x20); // ASCII lower case; s is a plain word, so ASCII
        return c == 'y' || c == 'n';
      }
      case 2 -> {
        return s.equalsIgnoreCase("no") || s.equalsIgnoreCase("on");
      }
      case 3 -> {
        return s.equalsIgnoreCase("yes") || s.equalsIgnoreCase("off");
      }
      case 4 -> {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("null");
      }
      case 5 -> {
        return s.equalsIgnoreCase("false");
      }
      default -> {
        return false;
      }
    }
  }
}
