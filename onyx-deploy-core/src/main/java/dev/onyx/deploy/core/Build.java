package dev.onyx.deploy.core;

import java.util.Map;
import java.util.Optional;

/**
 * How a service's image is built, like a service's {@code build}.
 *
 * <pre>
 * Build.of("./backend").withDockerfile("Dockerfile.prod").withArg("VERSION", "1.2").withTarget("runtime")
 * </pre>
 *
 * @param context the build context: a folder (relative to the project folder) or a URL
 * @param dockerfile the Dockerfile, relative to the context; empty means {@code Dockerfile}
 * @param args build arguments (a null value means "taken from the environment")
 * @param target the stage to build in a multi-stage Dockerfile
 */
public record Build(String context, Optional<String> dockerfile, Map<String, String> args,
    Optional<String> target) {

  /** Checks for nulls and copies the arguments. */
  public Build {
    Checks.notNull(context, "context");
    Checks.notNull(dockerfile, "dockerfile");
    args = Checks.orderedMap(args, "args");
    Checks.notNull(target, "target");
  }

  /**
   * @param context the build context
   * @return a build of that context's {@code Dockerfile}
   */
  public static Build of(String context) {
    return new Build(context, Optional.empty(), Map.of(), Optional.empty());
  }

  /**
   * @param file the Dockerfile
   * @return a copy with that Dockerfile
   */
  public Build withDockerfile(String file) {
    return new Build(context, Optional.of(file), args, target);
  }

  /**
   * @param name the argument
   * @param value its value
   * @return a copy with it added
   */
  public Build withArg(String name, String value) {
    Map<String, String> m = new java.util.LinkedHashMap<>(args);
    m.put(name, value);
    return new Build(context, dockerfile, m, target);
  }

  /**
   * @param stage the stage
   * @return a copy building that stage
   */
  public Build withTarget(String stage) {
    return new Build(context, dockerfile, args, Optional.of(stage));
  }
}
