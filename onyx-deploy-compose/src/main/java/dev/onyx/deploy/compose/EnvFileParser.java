package dev.onyx.deploy.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@code .env} and {@code env_file} files for the compose reader, as compose does:
 * {@code KEY=value} lines, an optional {@code export} prefix, {@code #} comments (inline after a space
 * for unquoted values), single quotes (literal), double quotes (escapes, may span lines) and variable
 * expansion in unquoted and double-quoted values. A bare {@code KEY} takes the value from the lookup,
 * if it has one.
 */
final class EnvFileParser {
  private EnvFileParser() {}

  /** A line that cannot be read; {@code line} is 1-based. */
  static final class EnvFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;

    EnvFileException(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  /**
   * @param text the file's content
   * @param lookup values from outside the file (they win over the file's own values when expanding)
   * @return the variables in file order
   */
  static Map<String, String> parse(String text, Function<String, String> lookup) {
    Map<String, String> vars = new LinkedHashMap<>();
    Interpolator expander = new Interpolator(k -> {
      String v = lookup.apply(k);
      return v != null ? v : vars.get(k);
    });
    String s = text.replace("\r\n", "\n");
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1);
    }
    int i = 0;
    int line = 1;
    int n = s.length();
    while (i < n) {
      int eol = s.indexOf('\n', i);
      if (eol < 0) {
        eol = n;
      }
      String raw = s.substring(i, eol);
      String trimmed = raw.strip();
      int startLine = line;
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        i = eol + 1;
        line++;
        continue;
      }
      int lead = raw.indexOf(trimmed);
      String rest = trimmed;
      if (rest.startsWith("export ") || rest.startsWith("export\t")) {
        String after = rest.substring(7).stripLeading();
        lead += rest.length() - after.length();
        rest = after;
      }
      int eq = rest.indexOf('=');
      if (eq < 0) {
        String key = rest.strip();
        checkKey(key, startLine);
        String v = lookup.apply(key);
        if (v != null) {
          vars.put(key, v);
        }
        i = eol + 1;
        line++;
        continue;
      }
      String key = rest.substring(0, eq).strip();
      checkKey(key, startLine);
      int valueStart = i + lead + eq + 1;
      while (valueStart < eol && (s.charAt(valueStart) == ' ' || s.charAt(valueStart) == '\t')) {
        valueStart++;
      }
      char q = valueStart < eol ? s.charAt(valueStart) : '\n';
      String value;
      int next;
      if (q == '\'' || q == '"') {
        int end = valueStart + 1;
        StringBuilder sb = new StringBuilder();
        boolean closed = false;
        while (end < n) {
          char c = s.charAt(end);
          if (c == q) {
            closed = true;
            break;
          }
          if (c == '\\' && q == '"' && end + 1 < n) {
            char e = s.charAt(end + 1);
            switch (e) {
              case 'n' -> sb.append('\n');
              case 'r' -> sb.append('\r');
              case 't' -> sb.append('\t');
              case '"' -> sb.append('"');
              case '\\' -> sb.append('\\');
              case '$' -> sb.append("$$");
              default -> sb.append('\\').append(e);
            }
            end += 2;
            continue;
          }
          if (c == '\n') {
            line++;
          }
          sb.append(c);
          end++;
        }
        if (!closed) {
          throw new EnvFileException(startLine, "unterminated quoted value for '" + key + "'");
        }
        value = q == '"' ? expand(expander, sb.toString(), startLine) : sb.toString();
        int lineEnd = s.indexOf('\n', end);
        next = lineEnd < 0 ? n : lineEnd + 1;
      } else {
        String v = s.substring(valueStart, eol);
        int hash = commentStart(v);
        if (hash >= 0) {
          v = v.substring(0, hash);
        }
        value = expand(expander, v.strip(), startLine);
        next = eol + 1;
      }
      vars.put(key, value);
      i = next;
      line++;
    }
    return vars;
  }

  private static int commentStart(String v) {
    for (int k = 0; k < v.length(); k++) {
      if (v.charAt(k) == '#' && (k == 0 || v.charAt(k - 1) == ' ' || v.charAt(k - 1) == '\t')) {
        return k;
      }
    }
    return -1;
  }

  private static String expand(Interpolator expander, String v, int line) {
    try {
      return expander.apply(v);
    } catch (Interpolator.InterpolationException e) {
      throw new EnvFileException(line, e.getMessage());
    }
  }

  private static void checkKey(String key, int line) {
    boolean invalid = key.isEmpty();
    for (int i = 0; i < key.length(); i++) {
      invalid |= Character.isWhitespace(key.charAt(i));
    }
    if (invalid) {
      throw new EnvFileException(line, "invalid variable name '" + key + "' (expected KEY=value)");
    }
  }
}
