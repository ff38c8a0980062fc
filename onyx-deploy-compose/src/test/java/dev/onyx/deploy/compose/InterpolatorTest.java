package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link Interpolator}: every operator compose has. */
class InterpolatorTest {
  private final Map<String, String> env = Map.of("SET", "value", "EMPTY", "", "HOST", "db", "PORT", "5432");
  private final Interpolator interpolator = new Interpolator(env::get);

  private String apply(String text) {
    return interpolator.apply(text);
  }

  @Test
  void replacesPlainAndBracedVariables() {
    assertThat(apply("$SET")).isEqualTo("value");
    assertThat(apply("${SET}")).isEqualTo("value");
    assertThat(apply("postgres://$HOST:${PORT}/x")).isEqualTo("postgres://db:5432/x");
    assertThat(apply("$SET.suffix")).isEqualTo("value.suffix");
  }

  @Test
  void unsetVariableIsBlank() {
    assertThat(apply("a${UNSET}b$UNSET")).isEqualTo("ab");
  }

  @Test
  void colonDashDefaultsWhenUnsetOrEmpty() {
    assertThat(apply("${UNSET:-d}")).isEqualTo("d");
    assertThat(apply("${EMPTY:-d}")).isEqualTo("d");
    assertThat(apply("${SET:-d}")).isEqualTo("value");
    assertThat(apply("${UNSET:-}")).isEmpty();
  }

  @Test
  void dashDefaultsOnlyWhenUnset() {
    assertThat(apply("${UNSET-d}")).isEqualTo("d");
    assertThat(apply("${EMPTY-d}")).isEmpty();
    assertThat(apply("${SET-d}")).isEqualTo("value");
  }

  @Test
  void colonQuestionFailsWhenUnsetOrEmpty() {
    assertThatThrownBy(() -> apply("${UNSET:?need UNSET}"))
        .hasMessage("required variable 'UNSET' is missing a value: need UNSET");
    assertThatThrownBy(() -> apply("${EMPTY:?must not be empty}"))
        .hasMessage("required variable 'EMPTY' is missing a value: must not be empty");
    assertThat(apply("${SET:?x}")).isEqualTo("value");
  }

  @Test
  void questionFailsOnlyWhenUnset() {
    assertThatThrownBy(() -> apply("${UNSET?gone}")).hasMessage("required variable 'UNSET' is missing a value: gone");
    assertThat(apply("${EMPTY?x}")).isEmpty();
  }

  @Test
  void colonPlusGivesAlternativeWhenSetAndNonEmpty() {
    assertThat(apply("${SET:+alt}")).isEqualTo("alt");
    assertThat(apply("${EMPTY:+alt}")).isEmpty();
    assertThat(apply("${UNSET:+alt}")).isEmpty();
  }

  @Test
  void plusGivesAlternativeWhenSet() {
    assertThat(apply("${SET+alt}")).isEqualTo("alt");
    assertThat(apply("${EMPTY+alt}")).isEqualTo("alt");
    assertThat(apply("${UNSET+alt}")).isEmpty();
  }

  @Test
  void nestedDefaults() {
    assertThat(apply("${UNSET:-${ALSO_UNSET:-deep}}")).isEqualTo("deep");
    assertThat(apply("${UNSET:-${SET}}")).isEqualTo("value");
    assertThat(apply("image:${UNSET:-repo/${HOST:-x}}-${PORT}")).isEqualTo("image:repo/db-5432");
    assertThat(apply("${SET:+${HOST}:${PORT}}")).isEqualTo("db:5432");
  }

  @Test
  void nestedRequiredVariableFailsOnlyWhenUsed() {
    assertThat(apply("${SET:-${UNSET:?never evaluated}}")).isEqualTo("value");
    assertThatThrownBy(() -> apply("${UNSET:-${ALSO:?inner}}")).hasMessageContaining("'ALSO'");
  }

  @Test
  void doubleDollarIsLiteralDollar() {
    assertThat(apply("$$SET")).isEqualTo("$SET");
    assertThat(apply("a$$$SET")).isEqualTo("a$value");
    assertThat(apply("$${SET}")).isEqualTo("${SET}");
    assertThat(apply("${UNSET:-$$x}")).isEqualTo("$x");
  }

  @Test
  void dollarNotFollowedByNameStays() {
    assertThat(apply("a$ b $")).isEqualTo("a$ b $");
    assertThat(apply("$(id -u)")).isEqualTo("$(id -u)");
  }

  @Test
  void closingBraceEndsTheFirstLevel() {
    assertThat(apply("${UNSET:-a}b}")).isEqualTo("ab}");
  }

  @Test
  void rejectsMalformedTemplates() {
    assertThatThrownBy(() -> apply("${}")).hasMessageStartingWith("invalid interpolation format in '${}'");
    assertThatThrownBy(() -> apply("${SET")).hasMessageStartingWith("invalid interpolation format");
    assertThatThrownBy(() -> apply("${SET:x}")).hasMessageStartingWith("invalid interpolation format");
  }
}
