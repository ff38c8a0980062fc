package dev.onyx.deploy.compose;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compose variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}}, nested values ({@code ${A:-${B:-x}}}) and {@code $$} for a literal {@code $}. A
 * {@code $} not followed by a name or brace stays as it is, as in compose.
 */
final class Interpolator {
  private static final Logger LOG = LoggerFactory.getLogger(Interpolator.class);

  /** A bad template or a missing required variable; the caller adds the location. */
  static final class InterpolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InterpolationException(String message) {
      super(message, null, false, false);
    }
  }

  private final Function<String, String> lookup;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** @param lookup the value of a variable, or null when it is not set */
  Interpolator(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /** @return whether {@code text} has anything to interpolate */
  static boolean needs(String text) {
    return text.indexOf('$') >= 0;
  }

  String apply(String text) {
    if (!needs(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        i = braced(text, i, out);
      } else if (isNameStart(next)) {
        int end = i + 1;
        while (end < n && isNamePart(text.charAt(end))) {
          end++;
        }
        out.append(value(text.substring(i + 1, end)));
        i = end;
      } else {
        out.append('$');
        i++;
      }
    }
    return out.toString();
  }

  private int braced(String text, int dollar, StringBuilder out) {
    int n = text.length();
    int p = dollar + 2;
    int nameStart = p;
    if (p < n && isNameStart(text.charAt(p))) {
      p++;
      while (p < n && isNamePart(text.charAt(p))) {
        p++;
      }
    }
    String name = text.substring(nameStart, p);
    if (name.isEmpty()) {
      throw invalid(text);
    }
    if (p >= n) {
      throw invalid(text);
    }
    if (text.charAt(p) == '}') {
      out.append(value(name));
      return p + 1;
    }
    String op;
    if (text.startsWith(":-", p) || text.startsWith(":?", p) || text.startsWith(":+", p)) {
      op = text.substring(p, p + 2);
    } else if (text.charAt(p) == '-' || text.charAt(p) == '?' || text.charAt(p) == '+') {
      op = text.substring(p, p + 1);
    } else {
      throw invalid(text);
    }
    int argStart = p + op.length();
    int depth = 0;
    int q = argStart;
    while (q < n) {
      char c = text.charAt(q);
      if (c == '$' && q + 1 < n && text.charAt(q + 1) == '$') {
        q += 2;
        continue;
      }
      if (c == '$' && q + 1 < n && text.charAt(q + 1) == '{') {
        depth++;
        q += 2;
        continue;
      }
      if (c == '}') {
        if (depth == 0) {
          break;
        }
        depth--;
      }
      q++;
    }
    if (q >= n) {
      throw invalid(text);
    }
    String arg = text.substring(argStart, q);
    String v = lookup.apply(name);
    boolean set = v != null;
    boolean nonEmpty = set && !v.isEmpty();
    switch (op) {
      case ":-" -> out.append(nonEmpty ? v : apply(arg));
      case "-" -> out.append(set ? v : apply(arg));
      case ":?" -> {
        if (!nonEmpty) {
          throw required(name, arg);
        }
        out.append(v);
      }
      case "?" -> {
        if (!set) {
          throw required(name, arg);
        }
        out.append(v);
      }
      case ":+" -> out.append(nonEmpty ? apply(arg) : "");
      case "+" -> out.append(set ? apply(arg) : "");
      default -> throw invalid(text);
    }
    return q + 1;
  }

  private InterpolationException required(String name, String arg) {
    String msg = apply(arg);
    return new InterpolationException("required variable '" + name + "' is missing a value"
        + (msg.isEmpty() ? "" : ": " + msg));
  }

  private String value(String name) {
    String v = lookup.apply(name);
    if (v == null) {
      if (warned.add(name)) {
        LOG.warn("The \"{}\" variable is not set. Defaulting to a blank string.", name);
      }
      return "";
    }
    return v;
  }

  private static InterpolationException invalid(String text) {
    return new InterpolationException("invalid interpolation format in '" + text
        + "' (use $VAR, ${VAR}, ${VAR:-default}, ${VAR:?error}, ${VAR:+alt}, or $$ for a literal $)");
  }

  static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
