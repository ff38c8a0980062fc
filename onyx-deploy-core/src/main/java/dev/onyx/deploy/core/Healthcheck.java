package dev.onyx.deploy.core;

import java.time.Duration;
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
 * Healthcheck.none()   // disables a healthcheck the image defines
 * </pre>
 *
 * @param kind the form of the test
 * @param test the command: the argv for {@code CMD}, one shell string for {@code CMD-SHELL}, empty
 *     for {@code NONE}
 * @param interval time between checks
 * @param timeout time one check may take
 * @param retries consecutive failures that make the container unhealthy
 * @param startPeriod time during which failures don't count
 * @param startInterval time between checks during the start period (engine API 1.44+)
 */
public record Healthcheck(
    Kind kind,
    List<String> test,
    Optional<Duration> interval,
    Optional<Duration> timeout,
    Optional<Integer> retries,
    Optional<Duration> startPeriod,
    Optional<Duration> startInterval) {

  /** The form of a healthcheck test. */
  public enum Kind {
    /** Run the argv directly ({@code ["CMD", ...]}). */
    CMD,
    /** Run one string through the container's shell ({@code ["CMD-SHELL", "..."]}). */
    CMD_SHELL,
    /** No healthcheck: disables one the image defines ({@code ["NONE"]}, {@code disable: true}). */
    NONE;

    /** @return {@code CMD}, {@code CMD-SHELL} or {@code NONE}, as compose and the engine write it */
    public String composeName() {
      return this == CMD_SHELL ? "CMD-SHELL" : name();
    }
  }

  /** Checks for nulls and copies the test. */
  public Healthcheck {
    Checks.notNull(kind, "kind");
    test = Checks.list(test, "test");
    Checks.notNull(interval, "interval");
    Checks.notNull(timeout, "timeout");
    Checks.notNull(retries, "retries");
    Checks.notNull(startPeriod, "startPeriod");
    Checks.notNull(startInterval, "startInterval");
  }

  /**
   * @param argv the command and its arguments
   * @return a {@code CMD} healthcheck
   */
  public static Healthcheck cmd(String... argv) {
    return new Healthcheck(Kind.CMD, List.of(argv), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * @param command a shell command line
   * @return a {@code CMD-SHELL} healthcheck
   */
  public static Healthcheck shell(String command) {
    return new Healthcheck(Kind.CMD_SHELL, List.of(command), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** @return a healthcheck that disables the image's own */
  public static Healthcheck none() {
    return new Healthcheck(Kind.NONE, List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * @param d the interval
   * @return a copy with that interval
   */
  public Healthcheck withInterval(Duration d) {
    return new Healthcheck(kind, test, Optional.of(d), timeout, retries, startPeriod, startInterval);
  }

  /**
   * @param d the timeout
   * @return a copy with that timeout
   */
  public Healthcheck withTimeout(Duration d) {
    return new Healthcheck(kind, test, interval, Optional.of(d), retries, startPeriod, startInterval);
  }

  /**
   * @param n the retries
   * @return a copy with that many retries
   */
  public Healthcheck withRetries(int n) {
    return new Healthcheck(kind, test, interval, timeout, Optional.of(n), startPeriod, startInterval);
  }

  /**
   * @param d the start period
   * @return a copy with that start period
   */
  public Healthcheck withStartPeriod(Duration d) {
    return new Healthcheck(kind, test, interval, timeout, retries, Optional.of(d), startInterval);
  }

  /**
   * @param d the start interval
   * @return a copy with that start interval
   */
  public Healthcheck withStartInterval(Duration d) {
    return new Healthcheck(kind, test, interval, timeout, retries, startPeriod, Optional.of(d));
  }

  /** @return the test as compose and the engine write it: {@code ["CMD", "curl", ...]} */
  public List<String> engineTest() {
    java.util.ArrayList<String> all = new java.util.ArrayList<>();
    all.add(kind.composeName());
    all.addAll(test);
    return List.copyOf(all);
  }
}
