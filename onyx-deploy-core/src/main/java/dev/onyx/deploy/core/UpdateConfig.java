package dev.onyx.deploy.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How a Swarm rolls an update or a rollback of a service, like {@code deploy.update_config} and
 * {@code deploy.rollback_config}. Unset fields take Swarm's defaults (parallelism 1, delay 0,
 * failure action {@code pause}, monitor 5s, max failure ratio 0, order {@code stop-first}).
 *
 * @param parallelism how many tasks change at once; 0 for all at once
 * @param delay the wait between two groups of tasks
 * @param failureAction what to do when a task fails to update
 * @param monitor how long each task is watched for failure after it changed
 * @param maxFailureRatio the share of tasks that may fail (0 to 1)
 * @param order whether the old task stops before the new one starts, or after
 */
public record UpdateConfig(
    Optional<Integer> parallelism,
    Optional<Duration> delay,
    Optional<FailureAction> failureAction,
    Optional<Duration> monitor,
    Optional<Double> maxFailureRatio,
    Optional<Order> order) {

  /** Nothing set: Swarm's defaults. */
  public static final UpdateConfig DEFAULTS = builder().build();

  /** What happens when an update fails ({@code failure_action}). */
  public enum FailureAction {
    /** Keep going ({@code continue}). */
    CONTINUE,
    /** Roll back to the previous version ({@code rollback}; not allowed in a rollback config). */
    ROLLBACK,
    /** Stop and wait for the operator ({@code pause}). */
    PAUSE;

    /** @return the compose spelling */
    public String composeName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether new tasks start before old ones stop ({@code order}). */
  public enum Order {
    /** Stop the old task, then start the new one ({@code stop-first}). */
    STOP_FIRST,
    /** Start the new task, then stop the old one ({@code start-first}). */
    START_FIRST;

    /** @return the compose spelling ({@code stop-first}) */
    public String composeName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Checks for nulls. */
  public UpdateConfig {
    Checks.notNull(parallelism, "parallelism");
    Checks.notNull(delay, "delay");
    Checks.notNull(failureAction, "failureAction");
    Checks.notNull(monitor, "monitor");
    Checks.notNull(maxFailureRatio, "maxFailureRatio");
    Checks.notNull(order, "order");
  }

  /** @return a builder with nothing set */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these settings */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.parallelism = parallelism;
    b.delay = delay;
    b.failureAction = failureAction;
    b.monitor = monitor;
    b.maxFailureRatio = maxFailureRatio;
    b.order = order;
    return b;
  }

  /** A mutable builder of {@link UpdateConfig}. Not thread-safe. */
  public static final class Builder {
    private Optional<Integer> parallelism = Optional.empty();
    private Optional<Duration> delay = Optional.empty();
    private Optional<FailureAction> failureAction = Optional.empty();
    private Optional<Duration> monitor = Optional.empty();
    private Optional<Double> maxFailureRatio = Optional.empty();
    private Optional<Order> order = Optional.empty();

    private Builder() {}

    /**
     * @param value tasks changed at once; 0 for all
     * @return this builder
     */
    public Builder parallelism(int value) {
      parallelism = Optional.of(value);
      return this;
    }

    /**
     * @param value the wait between groups
     * @return this builder
     */
    public Builder delay(Duration value) {
      delay = Optional.of(Checks.notNull(value, "delay"));
      return this;
    }

    /**
     * @param value what a failure does
     * @return this builder
     */
    public Builder failureAction(FailureAction value) {
      failureAction = Optional.of(Checks.notNull(value, "failureAction"));
      return this;
    }

    /**
     * @param value how long a changed task is watched
     * @return this builder
     */
    public Builder monitor(Duration value) {
      monitor = Optional.of(Checks.notNull(value, "monitor"));
      return this;
    }

    /**
     * @param value the share of tasks that may fail, 0 to 1
     * @return this builder
     */
    public Builder maxFailureRatio(double value) {
      maxFailureRatio = Optional.of(value);
      return this;
    }

    /**
     * @param value stop-first or start-first
     * @return this builder
     */
    public Builder order(Order value) {
      order = Optional.of(Checks.notNull(value, "order"));
      return this;
    }

    /** @return the value; ranges are checked by the stack's validation */
    public UpdateConfig build() {
      return new UpdateConfig(parallelism, delay, failureAction, monitor, maxFailureRatio, order);
    }
  }
}
