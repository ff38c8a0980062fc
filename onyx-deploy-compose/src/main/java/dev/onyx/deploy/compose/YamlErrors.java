package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YNode.Source;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns the YAML parser's syntax errors into messages that point where the user must look: for a
 * construct left open (a {@code [} list, a {@code {} mapping, a quoted string), the place it
 * started, and what was found where it should have ended.
 *
 * <pre>
 * compose.yaml:4:12: invalid YAML: flow sequence '[' not closed; found ':' at 5:12 (a key of the
 *     enclosing mapping?): close it with ']'
 * </pre>
 */
final class YamlErrors {
  private YamlErrors() {}

  static ComposeFormatException syntax(MarkedYAMLException e, String text, Source source) {
    Mark context = e.getContextMark();
    Mark problem = e.getProblemMark();
    String ctx = e.getContext() == null ? "" : e.getContext();
    String opened = ctx.contains("flow sequence") ? "flow sequence '[' not closed; "
        : ctx.contains("flow mapping") ? "flow mapping '{' not closed; "
        : ctx.contains("quoted scalar") ? "quoted string not closed; " : null;
    if (opened != null && context != null && problem != null) {
      String close = ctx.contains("flow sequence") ? "']'" : ctx.contains("flow mapping") ? "'}'" : "its quote";
      String found = suspiciousColon(text, context, problem);
      if (found == null) {
        found = found(e) + " at " + at(problem);
      }
      return new ComposeFormatException(source.name(), context.getLine() + 1, context.getColumn() + 1, "",
          "invalid YAML: " + opened + "found " + found + ": close it with " + close, e);
    }
    if (ctx.contains("block mapping") && e.getProblem() != null && e.getProblem().contains("expected <block end>")
        && context != null && problem != null) {
      return new ComposeFormatException(source.name(), problem.getLine() + 1, problem.getColumn() + 1, "",
          "invalid YAML: bad indentation: this line is indented neither as a key of the mapping that started at "
              + at(context) + " nor as a value under one of its keys", e);
    }
    Mark m = problem != null ? problem : context;
    String message = (e.getProblem() != null ? e.getProblem() : "invalid YAML")
        + (context != null && problem != null && !ctx.isEmpty() ? " (" + ctx.replace("while ", "") + " that started at "
            + at(context) + ")" : "");
    return new ComposeFormatException(source.name(), m == null ? 0 : m.getLine() + 1,
        m == null ? 0 : m.getColumn() + 1, "", "invalid YAML: " + message.replace('\n', ' '), e);
  }

  private static String at(Mark m) {
    return (m.getLine() + 1) + ":" + (m.getColumn() + 1);
  }

  /** What the parser found, in words: {@code end of file}, or the token as the parser names it. */
  private static String found(MarkedYAMLException e) {
    String p = e.getProblem() == null ? "" : e.getProblem();
    if (p.contains("<stream end>") || p.contains("end of stream")) {
      return "the end of the file";
    }
    int got = p.lastIndexOf("got ");
    int found = p.lastIndexOf("found ");
    int at = Math.max(got < 0 ? -1 : got + 4, found < 0 ? -1 : found + 6);
    return at < 0 ? p : p.substring(at);
  }

  /**
   * In a flow construct left open, the first later line that starts like a key of a block mapping
   * ({@code name:}), which is where the user most likely meant the construct to have ended.
   *
   * @return {@code ':' at LINE:COLUMN (...)}, or null
   */
  private static String suspiciousColon(String text, Mark from, Mark to) {
    String[] lines = text.split("\n", -1);
    for (int l = from.getLine() + 1; l <= Math.min(to.getLine(), lines.length - 1); l++) {
      String line = lines[l];
      int i = 0;
      while (i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || "_.-".indexOf(line.charAt(i)) >= 0)) {
        i++;
      }
      if (i > start && i < line.length() && line.charAt(i) == ':'
          && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
        return "':' at " + (l + 1) + ":" + (i + 1) + " (a key of the enclosing mapping?)";
      }
    }
    return null;
  }
}
