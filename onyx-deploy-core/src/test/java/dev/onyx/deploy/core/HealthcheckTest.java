package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link Healthcheck}. */
class HealthcheckTest {

  @Test
  void writesACmdTestAsTheEngineDoes() {
    assertThat(Healthcheck.cmd("curl", "-f", "http://localhost:8080/health").engineTest())
        .containsExactly("CMD", "curl", "-f", "http://localhost:8080/health");
  }

  @Test
  void writesAShellTestAsOneString() {
    assertThat(Healthcheck.shell("pg_isready -U postgres && echo ok").engineTest())
        .containsExactly("CMD-SHELL", "pg_isready -U postgres && echo ok");
  }

  @Test
  void writesNoneAlone() {
    assertThat(Healthcheck.none().engineTest()).containsExactly("NONE");
    assertThat(Healthcheck.none().kind().composeName()).isEqualTo("NONE");
  }

  @Test
  void leavesDurationsUnsetByDefault() {
    Healthcheck h = Healthcheck.shell("true");
    assertThat(h.interval()).isEmpty();
    assertThat(h.timeout()).isEmpty();
    assertThat(h.retries()).isEmpty();
    assertThat(h.startPeriod()).isEmpty();
    assertThat(h.startInterval()).isEmpty();
  }

  @Test
  void setsEachFieldOnACopy() {
    Healthcheck base = Healthcheck.cmd("true");
    Healthcheck h = base.withInterval(Duration.ofSeconds(5)).withTimeout(Duration.ofSeconds(3)).withRetries(10)
        .withStartPeriod(Duration.ofSeconds(30)).withStartInterval(Duration.ofSeconds(1));
    assertThat(h).isEqualTo(Healthcheck.builder(Healthcheck.Kind.CMD).test(List.of("true"))
        .interval(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(3)).retries(10)
        .startPeriod(Duration.ofSeconds(30)).startInterval(Duration.ofSeconds(1)).build());
    assertThat(base.interval()).isEmpty();
  }

  @Test
  void copiesTheTest() {
    List<String> argv = new java.util.ArrayList<>(List.of("curl", "-f"));
    Healthcheck h = Healthcheck.builder(Healthcheck.Kind.CMD).test(argv).build();
    argv.add("x");
    assertThat(h.test()).containsExactly("curl", "-f");
    assertThatThrownBy(() -> h.engineTest().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> Healthcheck.builder(null)).hasMessage("kind == null");
    assertThatThrownBy(() -> Healthcheck.cmd("a", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void tellsWhetherAServiceHasAHealthcheck() {
    Service.Builder b = Service.builder("a").image("x");
    assertThat(b.build().hasHealthcheck()).isFalse();
    assertThat(b.healthcheck(Healthcheck.none()).build().hasHealthcheck()).isFalse();
    assertThat(b.healthcheck(Healthcheck.shell("true")).build().hasHealthcheck()).isTrue();
  }
}
