package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.OnyxDeployException;
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
 */
public class ComposeFormatException extends OnyxDeployException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String path;
  private final String problem;

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
