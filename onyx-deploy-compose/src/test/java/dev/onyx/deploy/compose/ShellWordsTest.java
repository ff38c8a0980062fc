package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link ShellWords}: splits as compose (go-shellwords) does, checked against compose 2.26. */
class ShellWordsTest {
  @Test
  void splitsLikeCompose() {
    assertThat(ShellWords.split("redis-server --save \"\" --appendonly no 'a b' c\\ d \"e\\\"f\" 'g\\h' \"i\\j\"").words())
        .containsExactly("redis-server", "--save", "", "--appendonly", "no", "a b", "c d", "e\"f", "g\\h", "ij");
  }

  @Test
  void keepsShellCharactersInsideQuotes() {
    assertThat(ShellWords.split("/bin/sh -c 'trap exit TERM; while :; do sleep 1 & wait $${!}; done;'").words())
        .containsExactly("/bin/sh", "-c", "trap exit TERM; while :; do sleep 1 & wait $${!}; done;");
  }

  @Test
  void stopsAtAnUnquotedShellOperatorAsComposeDoes() {
    ShellWords.Result r = ShellWords.split("echo a && echo b");
    assertThat(r.words()).containsExactly("echo", "a");
    assertThat(r.truncated()).isTrue();
  }

  @Test
  void blankIsNoWords() {
    assertThat(ShellWords.split("   ").words()).isEqualTo(List.of());
  }
}
