package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tests for {@link DotEnvFile}. */
class DotEnvFileTest {
  @Test
  void parsesComposeSyntax() {
    DotEnvFile env = DotEnvFile.parse("# c\nA=plain # comment\nexport B='single $x'\nC=\"l1\\nl2 \\$y\"\n"
        + "D=\"multi\nline\"\nE=\nbroken line\nA=again\n");
    assertThat(env.get("A")).contains("again");
    assertThat(env.get("B")).contains("single $x");
    assertThat(env.get("C")).contains("l1\nl2 $y");
    assertThat(env.get("D")).contains("multi\nline");
    assertThat(env.get("E")).contains("");
    assertThat(env.get("Z")).isEmpty();
    assertThat(env.keys()).containsExactly("A", "B", "C", "D", "E");
  }

  @Test
  void keepsCommentsOrderAndTextWhenAddingAndReplacing() {
    String text = "# header\r\nA=1   # keep me\n\nB='x'\n";
    DotEnvFile env = DotEnvFile.parse(text).with("C", "new").with("B", "changed").withComment("end");
    assertThat(env.render()).isEqualTo("# header\nA=1   # keep me\n\nB=changed\nC=new\n# end\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "with space", "it's", "dollar $HOME ${X}", "quote \"x\"",
      "hash # x", "back\\slash", "multi\nline", "both ' and \" and $", "tab\tx", "=eq=", "ünïcode"})
  void writesValuesThatReadBackExactly(String value) {
    DotEnvFile env = DotEnvFile.empty().with("K", value);
    assertThat(DotEnvFile.parse(env.render()).get("K")).contains(value);
  }

  @Test
  void neverShowsValuesInToString() {
    assertThat(DotEnvFile.parse("PASSWORD=hunter2\n").toString()).isEqualTo("DotEnvFile[PASSWORD]");
  }
}
