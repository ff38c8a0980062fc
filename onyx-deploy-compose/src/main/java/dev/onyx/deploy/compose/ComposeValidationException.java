package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.ValidationProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stack read from compose files that does not hold together: the {@link StackValidationException}
 * of core validation, with where in the files each problem is (file, line and column of the
 * offending entry, or of its nearest enclosing one). The message lists every problem as
 * {@code FILE:LINE:COLUMN PATH: PROBLEM}:
 *
 * <pre>
 * stack 'shop' is invalid (1 problem):
 *   compose.yaml:7:9 services.web.depends_on.db: no such service 'db'
 * </pre>
 */
public final class ComposeValidationException extends StackValidationException {
  private static final long serialVersionUID = 1L;

  private final String stackName;
  private final transient Map<ValidationProblem, String> locations;

  ComposeValidationException(StackValidationException cause, String stackName,
      Map<ValidationProblem, String> locations) {
    super(stackName, cause.problems());
    initCause(cause);
    this.stackName = stackName;
    this.locations = Map.copyOf(locations);
  }

  /**
   * @param problem one of {@link #problems()}
   * @return where it is, as {@code FILE:LINE:COLUMN}, if known
   */
  public Optional<String> location(ValidationProblem problem) {
    return Optional.ofNullable(locations.get(problem));
  }

  /** @return every problem as one line: {@code FILE:LINE:COLUMN PATH: PROBLEM} (without a location if unknown) */
  public List<String> locatedProblems() {
    List<String> out = new ArrayList<>();
    for (ValidationProblem p : problems()) {
      out.add(location(p).map(l -> l + " ").orElse("") + p.path() + ": " + p.message());
    }
    return out;
  }

  /** @return the summary line and one located line per problem */
  @Override
  public String getMessage() {
    int n = problems().size();
    StringBuilder sb = new StringBuilder("stack '" + stackName + "' is invalid (" + n
        + (n == 1 ? " problem" : " problems") + "):");
    for (String line : locatedProblems()) {
      sb.append("\n  ").append(line);
    }
    return sb.toString();
  }
}
