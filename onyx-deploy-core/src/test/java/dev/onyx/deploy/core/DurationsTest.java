package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tests for {@link Durations}: the compose spelling, both ways. */
class DurationsTest {
  @Test
  void formatsAsComposeSpellsDurations() {
    assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ofHours(49))).isEqualTo("49h");
    assertThat(Durations.format(Duration.ofNanos(1_002_003))).isEqualTo("1ms2us3ns");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofMillis(-500))).isEqualTo("-500ms");
  }

  @Test
  void parsesGoDurations() {
    assertThat(Durations.parse("3m")).contains(Duration.ofMinutes(3));
    assertThat(Durations.parse("180s")).contains(Duration.ofSeconds(180));
    assertThat(Durations.parse("1m30s")).contains(Duration.ofSeconds(90));
    assertThat(Durations.parse("1.5h")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse(".5s")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("2µs")).contains(Duration.ofNanos(2000));
    assertThat(Durations.parse("-1s")).contains(Duration.ofSeconds(-1));
    assertThat(Durations.parse(" 0 ")).contains(Duration.ZERO);
    assertThat(Durations.parse("1.5ns")).contains(Duration.ofNanos(1));
    assertThat(Durations.parse("1h2m3.5s")).contains(Duration.ofSeconds(3723, 500_000_000));
  }

  @Test
  void refusesWhatIsNotADuration() {
    assertThat(Durations.parse("180")).isEmpty(); // a bare number needs a unit, as in compose
    assertThat(Durations.parse("")).isEmpty();
    assertThat(Durations.parse("3x")).isEmpty();
    assertThat(Durations.parse("s")).isEmpty();
    assertThat(Durations.parse("1..5s")).isEmpty();
    assertThat(Durations.parse("1s2")).isEmpty();
    assertThat(Durations.parse("999999999999h")).isEmpty();
  }

  @Test
  void formatAndParseAgree() {
    for (Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(3661), Duration.ofNanos(123_456_789)}) {
      assertThat(Durations.parse(Durations.format(d))).contains(d);
    }
  }
}
