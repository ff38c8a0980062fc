package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Secret;
import org.junit.jupiter.api.Test;

/** Tests for {@link Secret#generatedPassword(String, int)}, the core addition the preset needs. */
class GeneratedPasswordTest {

  @Test
  void mixesEveryCharacterClassEvenWhenShort() {
    Secret s = Secret.generatedPassword("p", 16);
    assertThat(s.source()).isEqualTo(Secret.Source.GENERATED);
    assertThat(s.generatedLength()).isEqualTo(16);
    for (int i = 0; i < 500; i++) {
      assertThat(s.generateValue()).hasSize(16).matches("[A-Za-z][A-Za-z0-9._-]{15}")
          .matches(".*[A-Z].*").matches(".*[a-z].*").matches(".*[0-9].*").matches(".*[._-].*");
    }
  }

  @Test
  void isADifferentSecretFromAPlainGeneratedOneAndKeepsItsKindWhenRenamed() {
    Secret p = Secret.generatedPassword("p", 32);
    assertThat(p).isEqualTo(Secret.generatedPassword("p", 32)).isNotEqualTo(Secret.generated("p", 32));
    assertThat(p.withName("q").mixedCharacterClasses()).isTrue();
    assertThat(Secret.generated("p").mixedCharacterClasses()).isFalse();
    assertThat(Secret.generated("p").generateValue()).matches("[A-Za-z0-9]{32}");
    assertThat(p.toString()).doesNotContain(p.generateValue());
  }

  @Test
  void refusesShortLengths() {
    assertThatThrownBy(() -> Secret.generatedPassword("p", 15)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15 < 16");
  }
}
