package dev.onyx.deploy.swarm;

import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.ValidationProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The stack asks for something a Swarm cannot do ({@code privileged}, host {@code devices},
 * {@code network_mode: service:...}, a fixed address, ...). Thrown by {@link SwarmEngine#plan} and
 * {@link SwarmEngine#apply} before anything is made, with <em>every</em> problem, each with the
 * service's path and the reason:
 *
 * <pre>
 * stack 'shop' cannot be deployed to a Swarm (2 problems):
 *   services.vpn.privileged: Swarm services cannot run privileged containers
 *   services.usb.devices: Swarm services cannot use host devices (/dev/ttyUSB0)
 * </pre>
 *
 * <p>A {@link StackValidationException}, so callers that report invalid stacks report this alike.
 */
public class SwarmUnsupportedException extends StackValidationException {
  private static final long serialVersionUID = 1L;

  private final String stackName;

  /**
   * @param stackName the stack's name
   * @param problems every problem; at least one
   */
  public SwarmUnsupportedException(String stackName, List<ValidationProblem> problems) {
    super(stackName, problems);
    this.stackName = stackName;
  }

  /** @return the head line and one line per problem */
  @Override
  public String getMessage() {
    List<ValidationProblem> p = problems();
    String head = "stack '" + stackName + "' cannot be deployed to a Swarm (" + p.size()
        + (p.size() == 1 ? " problem" : " problems") + "):";
    return p.stream().map(x -> "  " + x).collect(Collectors.joining("\n", head + "\n", ""));
  }
}
