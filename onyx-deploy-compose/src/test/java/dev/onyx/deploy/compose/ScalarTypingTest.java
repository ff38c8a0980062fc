package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written number matchers of {@link YamlLoader} against the regexes they replace. */
class ScalarTypingTest {
  private static final String ALPHABET = "0123456789_.eE+-xobinfINfaNAn7xX";

  @Test
  void intAndFloatMatchersEqualTheRegexes() {
    Random r = new Random(42);
    for (int round = 0; round < 1_000_000; round++) {
      int len = r.nextInt(9);
      StringBuilder b = new StringBuilder(len);
      for (int i = 0; i < len; i++) {
        b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
      }
      String v = b.toString();
      assertThat(YamlLoader.isInt(v)).as("isInt(%s)", v).isEqualTo(YamlLoader.INT.matcher(v).matches());
      assertThat(YamlLoader.isFloat(v)).as("isFloat(%s)", v).isEqualTo(YamlLoader.FLOAT.matcher(v).matches());
    }
  }

  @Test
  void typesCommonScalars() {
    assertThat(YamlLoader.plainType("8080")).isEqualTo(YNode.YScalar.Type.INT);
    assertThat(YamlLoader.plainType("0x1F")).isEqualTo(YNode.YScalar.Type.INT);
    assertThat(YamlLoader.plainType("0.5")).isEqualTo(YNode.YScalar.Type.FLOAT);
    assertThat(YamlLoader.plainType("-.inf")).isEqualTo(YNode.YScalar.Type.FLOAT);
    assertThat(YamlLoader.plainType("512m")).isEqualTo(YNode.YScalar.Type.STRING);
    assertThat(YamlLoader.plainType("20000:8080")).isEqualTo(YNode.YScalar.Type.STRING);
    assertThat(YamlLoader.plainType("10s")).isEqualTo(YNode.YScalar.Type.STRING);
  }
}
