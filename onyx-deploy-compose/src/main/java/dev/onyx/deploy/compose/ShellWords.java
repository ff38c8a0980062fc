package dev.onyx.deploy.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command string into argv exactly as compose does (go-shellwords without environment or
 * backtick parsing): whitespace separates words, single quotes are literal, a backslash escapes the
 * next character (also inside double quotes), and an unquoted {@code ; & | < >} ends the command —
 * compose drops the rest, so the reader does too (and logs a warning).
 */
final class ShellWords {
  private ShellWords() {}

  /** The words, and whether compose cut the line at a shell operator. */
  record Result(List<String> words, boolean truncated) {}

  static Result split(String line) {
    List<String> args = new ArrayList<>();
    StringBuilder buf = new StringBuilder();
    boolean escaped = false;
    boolean single = false;
    boolean dbl = false;
    boolean got = false;
    boolean truncated = false;
    for (int i = 0; i < line.length(); i++) {
      char r = line.charAt(i);
      if (escaped) {
        buf.append(r);
        escaped = false;
        got = true;
        continue;
      }
      if (r == '\\') {
        if (single) {
          buf.append(r);
        } else {
          escaped = true;
        }
        continue;
      }
      if (r == ' ' || r == '\t' || r == '\r' || r == '\n') {
        if (single || dbl) {
          buf.append(r);
        } else if (got) {
          args.add(buf.toString());
          buf.setLength(0);
          got = false;
        }
        continue;
      }
      if (r == '"' && !single) {
        dbl = !dbl;
        got = true;
        continue;
      }
      if (r == '\'' && !dbl) {
        single = !single;
        got = true;
        continue;
      }
      if ((r == ';' || r == '&' || r == '|' || r == '<' || r == '>') && !single && !dbl) {
        truncated = true;
        break;
      }
      buf.append(r);
      got = true;
    }
    if (got && !truncated || got && buf.length() > 0) {
      args.add(buf.toString());
    }
    if ((single || dbl) && !truncated) {
      throw new IllegalArgumentException("unterminated quote in '" + line + "'");
    }
    return new Result(args, truncated);
  }
}
