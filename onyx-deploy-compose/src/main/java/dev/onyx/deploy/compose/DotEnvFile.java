package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.core.OnyxDeployException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content of a compose {@code .env} file, read and changed without losing what a person wrote
 * in it: comments, blank lines, order and the exact text of lines that are not changed are kept;
 * new variables are appended at the end. Immutable: {@link #with(String, String)} returns a copy.
 *
 * <pre>
 * DotEnvFile env = DotEnvFile.read(dir.resolve(".env"));
 * if (env.get("DB_PASSWORD").isEmpty()) {
 *   env = env.withComment("secret db_password (generated)").with("DB_PASSWORD", value);
 * }
 * Files.writeString(dir.resolve(".env"), env.render());
 * </pre>
 *
 * <p>Syntax understood (as compose's): {@code KEY=value}, an optional {@code export } prefix,
 * {@code 'single quoted'} values (literal), {@code "double quoted"} values (with {@code \n},
 * {@code \t}, {@code \\}, {@code \"}, {@code \$} escapes; may span lines) and unquoted values (trimmed,
 * a {@code " #"} starts a comment). {@link #get(String)} gives the literal value, without
 * interpolating {@code ${...}} references. Values written by {@link #with(String, String)} are quoted
 * so that compose reads back exactly that value.
 */
public final class DotEnvFile {
  private static final Pattern ENTRY =
      Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\\s*=\\s*(.*)$", Pattern.DOTALL);
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:@+,=%^-]*");

  /** One line (or a multi-line quoted entry): its text, and the variable it sets, if any. */
  private record Line(String text, String key, String value) {}

  private final List<Line> lines;

  private DotEnvFile(List<Line> lines) {
    this.lines = List.copyOf(lines);
  }

  /** @return an empty file */
  public static DotEnvFile empty() {
    return new DotEnvFile(List.of());
  }

  /**
   * @param file a {@code .env} file (UTF-8)
   * @return its content, or {@link #empty()} if the file does not exist
   * @throws OnyxDeployException if it exists but cannot be read (the cause is the {@link IOException})
   */
  public static DotEnvFile read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return empty();
    } catch (IOException e) {
      throw new OnyxDeployException("cannot read " + file + ": " + Messages.describe(e) + " (check its permissions)", e);
    }
  }

  /**
   * @param text the content of a {@code .env} file
   * @return the parsed content; lines that are not assignments are kept as they are
   */
  public static DotEnvFile parse(String text) {
    Objects.requireNonNull(text, "text == null");
    List<Line> result = new ArrayList<>();
    String[] raw = text.split("\n", -1);
    int n = raw.length;
    if (n > 0 && raw[n - 1].isEmpty()) {
      n--; // the text ended with a newline
    }
    for (int i = 0; i < n; i++) {
      String line = stripCr(raw[i]);
      Matcher m = ENTRY.matcher(line);
      if (line.stripLeading().startsWith("#") || !m.matches()) {
        result.add(new Line(line, null, null));
        continue;
      }
      String key = m.group(1);
      String rest = m.group(2);
      if (rest.startsWith("'") || rest.startsWith("\"")) {
        char q = rest.charAt(0);
        StringBuilder text2 = new StringBuilder(line);
        String body = rest.substring(1);
        int close = closing(body, q);
        int j = i;
        while (close < 0 && j + 1 < n) {
          j++;
          String next = stripCr(raw[j]);
          text2.append('\n').append(next);
          body = body + "\n" + next;
          close = closing(body, q);
        }
        if (close < 0) { // unterminated: keep the line as is, as compose would fail on it
          result.add(new Line(line, null, null));
          continue;
        }
        i = j;
        String inner = body.substring(0, close);
        result.add(new Line(text2.toString(), key, q == '\'' ? inner : unescape(inner)));
      } else {
        String v = rest;
        int hash = v.indexOf(" #");
        if (hash >= 0) {
          v = v.substring(0, hash);
        }
        result.add(new Line(line, key, v.strip()));
      }
    }
    return new DotEnvFile(result);
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static int closing(String body, char q) {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (q == '"' && c == '\\') {
        i++;
      } else if (c == q) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case '\\', '"', '$', '\'' -> sb.append(e);
          default -> sb.append('\\').append(e);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * @param key a variable
   * @return its literal value (the last assignment wins, as in compose), or empty if not set
   */
  public Optional<String> get(String key) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (key.equals(lines.get(i).key)) {
        return Optional.of(lines.get(i).value);
      }
    }
    return Optional.empty();
  }

  /**
   * Tells whether the file sets a variable.
   *
   * @param key a variable
   * @return whether the file sets it
   */
  public boolean contains(String key) {
    return get(key).isPresent();
  }

  /** @return the variables set, in order of first appearance */
  public List<String> keys() {
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    for (Line l : lines) {
      if (l.key != null) {
        keys.add(l.key);
      }
    }
    return List.copyOf(keys);
  }

  /**
   * @param key the variable (letters, digits, {@code _}, not starting with a digit)
   * @param value its literal value
   * @return a copy where the variable's last assignment is replaced in place, or, if it is not set,
   *     appended at the end
   */
  public DotEnvFile with(String key, String value) {
    Objects.requireNonNull(value, "value == null");
    if (!ENTRY.matcher(key + "=").matches()) {
      throw new IllegalArgumentException("invalid variable name '" + key + "'");
    }
    List<Line> copy = new ArrayList<>(lines);
    Line line = new Line(key + "=" + quote(value), key, value);
    for (int i = copy.size() - 1; i >= 0; i--) {
      if (key.equals(copy.get(i).key)) {
        copy.set(i, line);
        return new DotEnvFile(copy);
      }
    }
    copy.add(line);
    return new DotEnvFile(copy);
  }

  /**
   * @param comment a comment (one line per line of text; {@code "# "} is added)
   * @return a copy with the comment appended
   */
  public DotEnvFile withComment(String comment) {
    List<Line> copy = new ArrayList<>(lines);
    for (String c : comment.split("\n", -1)) {
      copy.add(new Line(c.isEmpty() ? "#" : "# " + c, null, null));
    }
    return new DotEnvFile(copy);
  }

  /**
   * Appends an empty line (to separate groups of variables).
   *
   * @return a copy with a blank line appended
   */
  public DotEnvFile withBlankLine() {
    List<Line> copy = new ArrayList<>(lines);
    copy.add(new Line("", null, null));
    return new DotEnvFile(copy);
  }

  /** @return whether the file has no lines at all */
  public boolean isEmpty() {
    return lines.isEmpty();
  }

  /** @return the file's text: every line followed by a newline */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (Line l : lines) {
      sb.append(l.text).append('\n');
    }
    return sb.toString();
  }

  /**
   * @param value a literal value
   * @return the value as it must be written after {@code KEY=} for compose to read it back exactly:
   *     bare when safe, else single-quoted, else double-quoted with escapes
   */
  public static String quote(String value) {
    if (SAFE.matcher(value).matches()) {
      return value;
    }
    if (value.indexOf('\'') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return "'" + value + "'";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '$' -> sb.append("\\$");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DotEnvFile d && render().equals(d.render());
  }

  @Override
  public int hashCode() {
    return render().hashCode();
  }

  /** @return the variable names only (values may be secrets) */
  @Override
  public String toString() {
    return "DotEnvFile" + keys();
  }
}
