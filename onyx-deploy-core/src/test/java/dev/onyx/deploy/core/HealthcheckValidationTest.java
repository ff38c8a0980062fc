package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for the healthcheck rules of {@link Validator}. */
class HealthcheckValidationTest {

  private static final Healthcheck CHECK = Healthcheck.cmd("curl", "-f", "http://localhost/health");

  private static Service with(Healthcheck h) {
    return service("a").healthcheck(h).build();
  }

  @Test
  void rejectsAZeroInterval() {
    assertOnly("services.a.healthcheck.interval", "must be > 0 (was 0s)", with(CHECK.withInterval(Duration.ZERO)));
  }

  @Test
  void rejectsANegativeInterval() {
    assertOnly("services.a.healthcheck.interval", "must be > 0 (was -1s)",
        with(CHECK.withInterval(Duration.ofSeconds(-1))));
  }

  @Test
  void rejectsAZeroTimeout() {
    assertOnly("services.a.healthcheck.timeout", "must be > 0 (was 0s)", with(CHECK.withTimeout(Duration.ZERO)));
  }

  @Test
  void rejectsANegativeTimeout() {
    assertOnly("services.a.healthcheck.timeout", "must be > 0 (was -500ms)",
        with(CHECK.withTimeout(Duration.ofMillis(-500))));
  }

  @Test
  void rejectsAZeroStartInterval() {
    assertOnly("services.a.healthcheck.start_interval", "must be > 0 (was 0s)",
        with(CHECK.withStartInterval(Duration.ZERO)));
  }

  @Test
  void rejectsANegativeStartInterval() {
    assertOnly("services.a.healthcheck.start_interval", "must be > 0 (was -2s)",
        with(CHECK.withStartInterval(Duration.ofSeconds(-2))));
  }

  @Test
  void rejectsANegativeStartPeriod() {
    assertOnly("services.a.healthcheck.start_period", "must be >= 0 (was -1m)",
        with(CHECK.withStartPeriod(Duration.ofMinutes(-1))));
  }

  @Test
  void rejectsNegativeRetries() {
    assertOnly("services.a.healthcheck.retries", "must be >= 0 (was -1)", with(CHECK.withRetries(-1)));
  }

  @Test
  void rejectsDurationsBelowTheEnginesMinimumOfOneMillisecond() {
    assertThat(Problems.ofServices(with(CHECK.withInterval(Duration.ofNanos(500_000))
        .withTimeout(Duration.ofMillis(1)).withStartPeriod(Duration.ofNanos(1))
        .withStartInterval(Duration.ofNanos(999_999)))))
        .containsExactly(
            new ValidationProblem("services.a.healthcheck.interval",
                "must be at least 1ms, the engine's minimum (was 500us)"),
            new ValidationProblem("services.a.healthcheck.start_interval",
                "must be at least 1ms, the engine's minimum (was 999us999ns)"),
            new ValidationProblem("services.a.healthcheck.start_period",
                "must be 0 or at least 1ms, the engine's minimum (was 1ns)"));
  }

  @Test
  void acceptsAZeroStartPeriodAndZeroRetries() {
    assertThatCode(() -> Problems.valid(with(Healthcheck.shell("pg_isready")
        .withInterval(Duration.ofSeconds(5)).withTimeout(Duration.ofSeconds(3))
        .withStartPeriod(Duration.ZERO).withStartInterval(Duration.ofSeconds(1)).withRetries(0))))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsNoneWithOtherFieldsNamingThem() {
    assertOnly("services.a.healthcheck", "NONE disables the healthcheck, so interval, retries must not be set",
        with(Healthcheck.none().withInterval(Duration.ofSeconds(5)).withRetries(3)));
  }

  @Test
  void rejectsNoneWithATest() {
    assertOnly("services.a.healthcheck", "NONE disables the healthcheck, so test, timeout, start_period, "
            + "start_interval must not be set",
        with(Healthcheck.builder(Healthcheck.Kind.NONE).test(List.of("true"))
            .timeout(Duration.ofSeconds(1)).startPeriod(Duration.ofSeconds(1))
            .startInterval(Duration.ofSeconds(1)).build()));
  }

  @Test
  void acceptsAPlainNone() {
    assertThatCode(() -> Problems.valid(with(Healthcheck.none()))).doesNotThrowAnyException();
  }

  @Test
  void rejectsAnEmptyTest() {
    assertOnly("services.a.healthcheck.test", "must not be empty", with(Healthcheck.cmd()));
  }

  @Test
  void rejectsABlankShellTest() {
    assertOnly("services.a.healthcheck.test", "must not be empty", with(Healthcheck.shell("  ")));
  }
}
