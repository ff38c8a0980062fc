package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests for {@link Secret}. */
class SecretTest {

  private static final String VALUE = "s3cr3t-Value-never-shown";

  @Test
  void neverShowsTheValueInToString() {
    Secret s = Secret.ofValue("db_password", VALUE);
    assertThat(s.toString()).doesNotContain(VALUE).doesNotContain("s3cr3t")
        .isEqualTo("Secret[name=db_password, source=VALUE, value=****]");
  }

  @Test
  void neverShowsTheValueInAStacksToString() {
    Stack stack = Stack.builder("shop").addSecret(Secret.ofValue("pw", VALUE))
        .addService(Service.builder("db").image("postgres:16").secretEnv("POSTGRES_PASSWORD", "pw").build())
        .build();
    assertThat(stack.toString()).doesNotContain(VALUE);
    assertThat(stack.secrets().toString()).doesNotContain(VALUE);
    assertThat(stack.services().toString()).doesNotContain(VALUE);
  }

  @Test
  void describesEachSource() {
    assertThat(Secret.generated("a")).hasToString("Secret[name=a, source=GENERATED]");
    assertThat(Secret.fromFile("b", "./b.txt")).hasToString("Secret[name=b, source=FILE, location=./b.txt]");
    assertThat(Secret.fromEnvironment("c", "C_VAR")).hasToString("Secret[name=c, source=ENVIRONMENT, location=C_VAR]");
  }

  @Test
  void exposesWhereTheValueComesFrom() {
    assertThat(Secret.fromFile("b", "./b.txt").location()).contains("./b.txt");
    assertThat(Secret.fromEnvironment("c", "C_VAR").source()).isEqualTo(Secret.Source.ENVIRONMENT);
    assertThat(Secret.generated("a").location()).isEmpty();
    assertThat(Secret.generated("a").value()).isEmpty();
    assertThat(Secret.generated("a").generatedLength()).isEqualTo(32);
    assertThat(Secret.fromFile("b", "x").generatedLength()).isZero();
  }

  @Test
  void returnsACopyOfTheValue() {
    Secret s = Secret.ofValue("pw", VALUE);
    byte[] first = s.value().orElseThrow();
    first[0] = 'X';
    assertThat(new String(s.value().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(VALUE);
  }

  @Test
  void generatesValuesOfTheRequestedLengthFromLettersAndDigits() {
    assertThat(Secret.generated("a").generateValue()).hasSize(32).matches("[A-Za-z0-9]{32}");
    assertThat(Secret.generated("a", 64).generateValue()).hasSize(64).matches("[A-Za-z0-9]{64}");
    assertThat(Secret.generated("a", 16).generateValue()).matches("[A-Za-z0-9]{16}");
    assertThat(Secret.fromFile("f", "x").generateValue()).matches("[A-Za-z0-9]{32}");
  }

  @Test
  void generatesADifferentValueEachTimeUsingTheWholeAlphabet() {
    Secret s = Secret.generated("a");
    Set<String> values = new HashSet<>();
    Set<Character> chars = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String v = s.generateValue();
      values.add(v);
      v.chars().forEach(c -> chars.add((char) c));
    }
    assertThat(values).hasSize(200);
    // 6400 draws from 62 symbols: missing one has a chance of about 62 * e^-103.
    assertThat(chars).hasSize(62);
  }

  @Test
  void generatesPasswordsMixingCharacterClasses() {
    Secret s = Secret.generatedPassword("admin_password", 20);
    assertThat(s.mixedCharacterClasses()).isTrue();
    assertThat(Secret.generated("x").mixedCharacterClasses()).isFalse();
    for (int i = 0; i < 50; i++) {
      assertThat(s.generateValue()).hasSize(20).matches("[A-Za-z][A-Za-z0-9._-]{19}")
          .containsPattern("[A-Z]").containsPattern("[a-z]").containsPattern("[0-9]").containsPattern("[._-]");
    }
    assertThat(s).isNotEqualTo(Secret.generated("admin_password", 20));
    assertThat(s.withName("other").mixedCharacterClasses()).isTrue();
    assertThatThrownBy(() -> Secret.generatedPassword("pw", 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generated secret 'pw': length 8 < 16");
  }

  @Test
  void refusesGeneratedSecretsShorterThanSixteen() {
    assertThatThrownBy(() -> Secret.generated("pw", 15)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generated secret 'pw': length 15 < 16");
  }

  @Test
  void comparesNameSourceLocationLengthAndValue() {
    assertThat(Secret.ofValue("pw", "a")).isEqualTo(Secret.ofValue("pw", "a"))
        .hasSameHashCodeAs(Secret.ofValue("pw", "a"))
        .isNotEqualTo(Secret.ofValue("pw", "b"))
        .isNotEqualTo(Secret.ofValue("other", "a"));
    assertThat(Secret.ofValue("pw", "")).isNotEqualTo(Secret.generated("pw"));
    assertThat(Secret.generated("pw")).isEqualTo(Secret.generated("pw")).isNotEqualTo(Secret.generated("pw", 40));
    assertThat(Secret.fromFile("pw", "a")).isNotEqualTo(Secret.fromFile("pw", "b"))
        .isNotEqualTo(Secret.fromEnvironment("pw", "a"));
    assertThat(Secret.generated("pw")).isNotEqualTo("pw");
  }

  @Test
  void renamesKeepingEverythingElse() {
    Secret s = Secret.ofValue("pw", VALUE).withName("db_pw");
    assertThat(s.name()).isEqualTo("db_pw");
    assertThat(s).isEqualTo(Secret.ofValue("db_pw", VALUE));
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> Secret.generated(null)).hasMessage("name == null");
    assertThatThrownBy(() -> Secret.ofValue("pw", null)).hasMessage("value == null");
    assertThatThrownBy(() -> Secret.fromFile("pw", null)).hasMessage("path == null");
    assertThatThrownBy(() -> Secret.fromEnvironment("pw", null)).hasMessage("variable == null");
  }
}
