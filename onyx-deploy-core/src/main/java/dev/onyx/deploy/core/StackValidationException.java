package dev.onyx.deploy.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link Stack.Builder#build()} (and by the readers of other formats) when a stack does not
 * hold together. It carries <em>every</em> problem found, not just the first, each with its path:
 *
 * <pre>
 * stack 'shop' is invalid (2 problems):
 *   services.api.depends_on.db: no such service 'db'
 *   services.web.ports[0]: host port 80/tcp on 0.0.0.0 is also published by service 'proxy'
 * </pre>
 */
public class StackValidationException extends OnyxDeployException {
  private static final long serialVersionUID = 1L;

  private final transient List<ValidationProblem> problems;

  /**
   * @param stackName the stack's name, for the message
   * @param problems every problem found; at least one
   */
  public StackValidationException(String stackName, List<ValidationProblem> problems) {
    super(message(stackName, problems));
    this.problems = List.copyOf(problems);
  }

  /** @return every problem, in the order found (stable for a given stack) */
  public List<ValidationProblem> problems() {
    return problems;
  }

  private static String message(String stackName, List<ValidationProblem> problems) {
    String head = "stack '" + stackName + "' is invalid (" + problems.size()
        + (problems.size() == 1 ? " problem" : " problems") + "):";
    return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", head + "\n", ""));
  }
}
