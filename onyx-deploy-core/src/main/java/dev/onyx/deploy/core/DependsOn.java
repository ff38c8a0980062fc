package dev.onyx.deploy.core;

import java.util.Locale;

/**
 * A service's dependency on another, like one entry of the long form of {@code depends_on}.
 *
 * @param service the service depended on
 * @param condition what the dependency must reach before this service starts
 * @param required whether a dependency that fails (or is disabled by profile) is an error; when
 *     false, a warning
 * @param restart whether this service is restarted when the dependency is updated
 */
public record DependsOn(String service, Condition condition, boolean required, boolean restart) {

  /** What a dependency must reach. */
  public enum Condition {
    /** {@code service_started}: its container has started. */
    STARTED,
    /** {@code service_healthy}: its healthcheck passes. */
    HEALTHY,
    /** {@code service_completed_successfully}: it ran and exited with 0 (one-shots, migrations). */
    COMPLETED_SUCCESSFULLY;

    private final String composeName = "service_" + name().toLowerCase(Locale.ROOT);

    /** @return the compose spelling, e.g. {@code service_healthy} */
    public String composeName() {
      return composeName;
    }

    /**
     * @param text a compose condition, e.g. {@code service_healthy}
     * @return the condition
     * @throws IllegalArgumentException for anything else
     */
    public static Condition parse(String text) {
      for (Condition c : values()) {
        if (c.composeName().equals(text)) {
          return c;
        }
      }
      throw new IllegalArgumentException("invalid condition '" + text + "' (expected service_started, "
          + "service_healthy or service_completed_successfully)");
    }
  }

  /** Checks for nulls. */
  public DependsOn {
    Checks.notNull(service, "service");
    Checks.notNull(condition, "condition");
  }

  /**
   * @param service the service
   * @return a required dependency on its start
   */
  public static DependsOn started(String service) {
    return new DependsOn(service, Condition.STARTED, true, false);
  }

  /**
   * @param service the service
   * @return a required dependency on its health
   */
  public static DependsOn healthy(String service) {
    return new DependsOn(service, Condition.HEALTHY, true, false);
  }

  /**
   * @param service the one-shot
   * @return a required dependency on its successful completion
   */
  public static DependsOn completed(String service) {
    return new DependsOn(service, Condition.COMPLETED_SUCCESSFULLY, true, false);
  }

  /** @return a copy whose failure is only a warning */
  public DependsOn optional() {
    return new DependsOn(service, condition, false, restart);
  }

  /** @return a copy that restarts the dependant when the dependency is updated */
  public DependsOn withRestart() {
    return new DependsOn(service, condition, required, true);
  }
}
