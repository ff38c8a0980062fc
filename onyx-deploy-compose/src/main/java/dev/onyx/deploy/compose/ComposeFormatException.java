package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.OnyxDeployException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a compose file cannot be read or a compose project cannot be written because its
 * content is not what the Compose Specification allows. The message names the file, the line and
 * column (1-based, when known), the path inside the document and what is wrong, for example:
 *
 * <pre>
 * compose.yaml:14:7 services.web.ports[1]: invalid port '80:80:80:80'
 * </pre>
 *
 * <p>The parts are also available one by one ({@link #file()}, {@link #line()}, {@link #column()},
 * {@link #path()}, {@link #problem()}) for tools that point at the spot. Messages never contain a
 * secret value.
 *
 * <p>A reader reports every problem of the files at once: {@link #problems()} lists them all, each
 * with its own location (the parts above are the first one's), and the message has one line per
 * problem:
 *
 * <pre>
 * compose.yaml has 2 problems:
 *   compose.yaml:14:7 services.web.ports[1]: invalid port '80:80:80:80'
 *   compose.yaml:9:9 services.api.depends_on.db: no such service 'db'
 * </pre>
 */
public class ComposeFormatException extends OnyxDeployException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String path;
  private final String problem;
  private final transient List<ComposeFormatException> problems;

  /**
   * @param file the file name as the user knows it (e.g. {@code compose.yaml}); may be null if unknown
   * @param line the 1-based line, or 0 if unknown
   * @param column the 1-based column, or 0 if unknown
   * @param path the path inside the document (e.g. {@code services.web.ports[1]}); may be null or empty
   * @param problem what is wrong and, where possible, what to try
   */
  public ComposeFormatException(@Nullable String file, int line, int column, @Nullable String path, String problem) {
    this(file, line, column, path, problem, null);
  }

  /**
   * @param file the file name as the user knows it (e.g. {@code compose.yaml}); may be null if unknown
   * @param line the 1-based line, or 0 if unknown
   * @param column the 1-based column, or 0 if unknown
   * @param path the path inside the document (e.g. {@code services.web.ports[1]}); may be null or empty
   * @param problem what is wrong and, where possible, what to try
   * @param cause the underlying failure (e.g. the YAML parser's), kept for diagnosis; may be null
   */
  public ComposeFormatException(
      @Nullable String file, int line, int column, @Nullable String path, String problem, @Nullable Throwable cause) {
    super(format(file, line, column, path, problem), cause);
    this.file = file == null ? "" : file;
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
    this.path = path == null ? "" : path;
    this.problem = problem == null ? "" : problem;
    this.problems = List.of(this);
  }

  /**
   * Several problems found at once.
   *
   * @param all the problems, each with its location; at least one
   */
  public ComposeFormatException(List<ComposeFormatException> all) {
    super(summary(all), all.get(0).getCause());
    ComposeFormatException first = all.get(0);
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.path = first.path;
    this.problem = first.problem;
    this.problems = List.copyOf(all);
  }

  /** @return every problem found, each with its own location (this one alone when it is one) */
  public List<ComposeFormatException> problems() {
    return problems;
  }

  /** @return the file name, or empty if unknown */
  public Optional<String> file() {
    return file.isEmpty() ? Optional.empty() : Optional.of(file);
  }

  /** @return the 1-based line, or 0 if unknown */
  public int line() {
    return line;
  }

  /** @return the 1-based column, or 0 if unknown */
  public int column() {
    return column;
  }

  /** @return the path inside the document (e.g. {@code services.web.ports[1]}), or "" if none */
  public String path() {
    return path;
  }

  /** @return what is wrong, without the location prefix */
  public String problem() {
    return problem;
  }

  private static String summary(List<ComposeFormatException> all) {
    if (all.size() == 1) {
      return all.get(0).getMessage();
    }
    String file = all.get(0).file;
    StringBuilder sb = new StringBuilder(file.isEmpty() ? "the compose files have " : file + " has ")
        .append(all.size()).append(" problems:");
    for (ComposeFormatException e : all) {
      sb.append("\n  ").append(e.getMessage());
    }
    return sb.toString();
  }

  private static String format(@Nullable String file, int line, int column, @Nullable String path, String problem) {
    StringBuilder sb = new StringBuilder();
    if (file != null && !file.isEmpty()) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
        if (column > 0) {
          sb.append(':').append(column);
        }
      }
    }
    if (path != null && !path.isEmpty()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(path);
    }
    if (sb.length() > 0) {
      sb.append(": ");
    }
    sb.append(problem == null ? "" : problem);
    return sb.toString();
  }
}
