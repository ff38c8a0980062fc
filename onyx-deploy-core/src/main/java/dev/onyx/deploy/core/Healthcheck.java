package dev.onyx.deploy.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the engine checks that a service is healthy, like a service's {@code healthcheck}. Unset
 * durations and retries take the engine's defaults (interval 30s, timeout 30s, retries 3, start
 * period 0s, start interval 5s).
 *
 * <pre>
 * Healthcheck.cmd("curl", "-f", "http://localhost:8080/health").withInterval(Duration.ofSeconds(5))
 * Healthcheck.shell("pg_isready -U postgres")
 * Healthcheck.none()                                            // disables a healthcheck the image defines
 * Healthcheck.imageTest().withInterval(Duration.ofSeconds(5))   // the image's test, checked more often
 * </pre>
 *
 * <p>Immutable; made by the factories above or {@link #builder(Kind)}.
 */
public final class Healthcheck {
  /** The form of a healthcheck test. */
  public enum Kind {
    /** Run the argv directly ({@code ["CMD", ...]}). */
    CMD,
    /** Run one string through the container's shell ({@code ["CMD-SHELL", "..."]}). */
    CMD_SHELL,
    /** No healthcheck: disables one the image defines ({@code ["NONE"]}, {@code disable: true}). */
    NONE,
    /** No test here: the image's own test, with the timing set here (a healthcheck without {@code test}). */
    IMAGE;

    /** @return {@code CMD}, {@code CMD-SHELL} or {@code NONE}, as compose and the engine write it */
    public String composeName() {
      return this == CMD_SHELL ? "CMD-SHELL" : name();
    }
  }

  private record Values(Kind kind, List<String> test, Optional<Duration> interval, Optional<Duration> timeout,
      Optional<Integer> retries, Optional<Duration> startPeriod, Optional<Duration> startInterval) {
  }

  private final Values v;

  private Healthcheck(Values v) {
    this.v = v;
  }

  /**
   * @param kind the form of the test
   * @return a builder with that kind and nothing else set
   */
  public static Builder builder(Kind kind) {
    return new Builder(kind);
  }

  /**
   * @param argv the command and its arguments
   * @return a {@code CMD} healthcheck
   */
  public static Healthcheck cmd(String... argv) {
    return builder(Kind.CMD).test(Checks.array("test", argv)).build();
  }

  /**
   * @param command a shell command line
   * @return a {@code CMD-SHELL} healthcheck
   */
  public static Healthcheck shell(String command) {
    return builder(Kind.CMD_SHELL).test(List.of(Checks.notNull(command, "command"))).build();
  }

  /** @return a healthcheck that disables the image's own */
  public static Healthcheck none() {
    return builder(Kind.NONE).build();
  }

  /** @return the image's own test, without changes yet: add timings with the {@code with} methods */
  public static Healthcheck imageTest() {
    return builder(Kind.IMAGE).build();
  }

  /** @return a builder holding these values */
  public Builder toBuilder() {
    Builder b = new Builder(v.kind);
    b.test.addAll(v.test);
    b.interval = v.interval;
    b.timeout = v.timeout;
    b.retries = v.retries;
    b.startPeriod = v.startPeriod;
    b.startInterval = v.startInterval;
    return b;
  }

  /** @return the form of the test */
  public Kind kind() {
    return v.kind;
  }

  /**
   * @return the command: the argv for {@code CMD}, one shell string for {@code CMD-SHELL}, empty for
   *     {@code NONE} and {@code IMAGE}
   */
  public List<String> test() {
    return v.test;
  }

  /** @return time between checks ({@code interval}) */
  public Optional<Duration> interval() {
    return v.interval;
  }

  /** @return time one check may take ({@code timeout}) */
  public Optional<Duration> timeout() {
    return v.timeout;
  }

  /** @return consecutive failures that make the container unhealthy ({@code retries}) */
  public Optional<Integer> retries() {
    return v.retries;
  }

  /** @return time during which failures don't count ({@code start_period}) */
  public Optional<Duration> startPeriod() {
    return v.startPeriod;
  }

  /** @return time between checks during the start period, engine API 1.44+ ({@code start_interval}) */
  public Optional<Duration> startInterval() {
    return v.startInterval;
  }

  /**
   * @param d the interval
   * @return a copy with that interval
   */
  public Healthcheck withInterval(Duration d) {
    return toBuilder().interval(d).build();
  }

  /**
   * @param d the timeout
   * @return a copy with that timeout
   */
  public Healthcheck withTimeout(Duration d) {
    return toBuilder().timeout(d).build();
  }

  /**
   * @param n the retries
   * @return a copy with that many retries
   */
  public Healthcheck withRetries(int n) {
    return toBuilder().retries(n).build();
  }

  /**
   * @param d the start period
   * @return a copy with that start period
   */
  public Healthcheck withStartPeriod(Duration d) {
    return toBuilder().startPeriod(d).build();
  }

  /**
   * @param d the start interval
   * @return a copy with that start interval
   */
  public Healthcheck withStartInterval(Duration d) {
    return toBuilder().startInterval(d).build();
  }

  /**
   * @return the test as compose and the engine write it: {@code ["CMD", "curl", ...]}; empty for
   *     {@link Kind#IMAGE} (the engine then keeps the image's)
   */
  public List<String> engineTest() {
    if (v.kind == Kind.IMAGE) {
      return List.of();
    }
    List<String> all = new ArrayList<>();
    all.add(v.kind.composeName());
    all.addAll(v.test);
    return List.copyOf(all);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Healthcheck h && v.equals(h.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "Healthcheck" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link Healthcheck}. Not thread-safe. */
  public static final class Builder {
    private final Kind kind;
    private final List<String> test = new ArrayList<>();
    private Optional<Duration> interval = Optional.empty();
    private Optional<Duration> timeout = Optional.empty();
    private Optional<Integer> retries = Optional.empty();
    private Optional<Duration> startPeriod = Optional.empty();
    private Optional<Duration> startInterval = Optional.empty();

    private Builder(Kind kind) {
      this.kind = Checks.notNull(kind, "kind");
    }

    /**
     * @param values the argv ({@code CMD}) or the one shell line ({@code CMD-SHELL}), replacing any
     *     set before
     * @return this builder
     */
    public Builder test(List<String> values) {
      List<String> copy = Checks.list(values, "test");
      test.clear();
      test.addAll(copy);
      return this;
    }

    /**
     * @param value time between checks
     * @return this builder
     */
    public Builder interval(Duration value) {
      interval = Optional.of(Checks.notNull(value, "interval"));
      return this;
    }

    /**
     * @param value time one check may take
     * @return this builder
     */
    public Builder timeout(Duration value) {
      timeout = Optional.of(Checks.notNull(value, "timeout"));
      return this;
    }

    /**
     * @param value consecutive failures that make the container unhealthy
     * @return this builder
     */
    public Builder retries(int value) {
      retries = Optional.of(value);
      return this;
    }

    /**
     * @param value time during which failures don't count
     * @return this builder
     */
    public Builder startPeriod(Duration value) {
      startPeriod = Optional.of(Checks.notNull(value, "startPeriod"));
      return this;
    }

    /**
     * @param value time between checks during the start period
     * @return this builder
     */
    public Builder startInterval(Duration value) {
      startInterval = Optional.of(Checks.notNull(value, "startInterval"));
      return this;
    }

    /** @return the healthcheck; its values are checked by the stack's validation */
    public Healthcheck build() {
      return new Healthcheck(new Values(kind, List.copyOf(test), interval, timeout, retries, startPeriod,
          startInterval));
    }
  }
}
