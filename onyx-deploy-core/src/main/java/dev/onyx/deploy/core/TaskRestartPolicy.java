package dev.onyx.deploy.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * When a service's tasks are restarted, like {@code deploy.restart_policy} (the Swarm form of a
 * service's {@code restart}). Unset fields take the backend's defaults (condition {@code any}, no
 * delay, no attempt limit, no window).
 *
 * @param condition when to restart
 * @param delay the wait between restart attempts
 * @param maxAttempts the most restarts before giving up; empty for no limit
 * @param window how long to wait before deciding whether a restart worked
 */
public record TaskRestartPolicy(Optional<Condition> condition, Optional<Duration> delay,
    Optional<Integer> maxAttempts, Optional<Duration> window) {

  /** Never restart: a one-shot task (a migration, a job). */
  public static final TaskRestartPolicy NONE = of(Condition.NONE);

  /** When to restart ({@code condition}). */
  public enum Condition {
    /** Never ({@code none}). */
    NONE,
    /** After a non-zero exit ({@code on-failure}). */
    ON_FAILURE,
    /** Whatever the exit ({@code any}, the default). */
    ANY;

    /** @return the compose spelling ({@code on-failure}) */
    public String composeName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Checks for nulls. */
  public TaskRestartPolicy {
    Checks.notNull(condition, "condition");
    Checks.notNull(delay, "delay");
    Checks.notNull(maxAttempts, "maxAttempts");
    Checks.notNull(window, "window");
  }

  /**
   * @param condition when to restart
   * @return a policy with only that condition
   */
  public static TaskRestartPolicy of(Condition condition) {
    return new TaskRestartPolicy(Optional.of(Checks.notNull(condition, "condition")), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /**
   * @param attempts the most restarts
   * @return a copy with that limit
   */
  public TaskRestartPolicy withMaxAttempts(int attempts) {
    return new TaskRestartPolicy(condition, delay, Optional.of(attempts), window);
  }

  /**
   * @param value the wait between attempts
   * @return a copy with that delay
   */
  public TaskRestartPolicy withDelay(Duration value) {
    return new TaskRestartPolicy(condition, Optional.of(Checks.notNull(value, "delay")), maxAttempts, window);
  }

  /**
   * @param value the window
   * @return a copy with that window
   */
  public TaskRestartPolicy withWindow(Duration value) {
    return new TaskRestartPolicy(condition, delay, maxAttempts, Optional.of(Checks.notNull(value, "window")));
  }
}
