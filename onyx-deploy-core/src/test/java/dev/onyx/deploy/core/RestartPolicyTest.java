package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link RestartPolicy}. */
class RestartPolicyTest {

  @Test
  void parsesEveryMode() {
    assertThat(RestartPolicy.parse("no")).isEqualTo(RestartPolicy.NO);
    assertThat(RestartPolicy.parse("always")).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(RestartPolicy.parse("unless-stopped")).isEqualTo(RestartPolicy.UNLESS_STOPPED);
    assertThat(RestartPolicy.parse("on-failure")).isEqualTo(RestartPolicy.ON_FAILURE);
    assertThat(RestartPolicy.parse(" Always ")).isEqualTo(RestartPolicy.ALWAYS);
  }

  @Test
  void parsesOnFailureWithRetries() {
    RestartPolicy p = RestartPolicy.parse("on-failure:3");
    assertThat(p).isEqualTo(RestartPolicy.onFailure(3));
    assertThat(p.mode()).isEqualTo(RestartPolicy.Mode.ON_FAILURE);
    assertThat(p.maxRetries()).contains(3);
  }

  @Test
  void printsTheComposeForm() {
    assertThat(RestartPolicy.onFailure(3)).hasToString("on-failure:3");
    assertThat(RestartPolicy.UNLESS_STOPPED).hasToString("unless-stopped");
    assertThat(RestartPolicy.ON_FAILURE).hasToString("on-failure");
    assertThat(RestartPolicy.NO).hasToString("no");
    assertThat(RestartPolicy.ALWAYS).hasToString("always");
  }

  @Test
  void roundTripsEveryForm() {
    for (String text : new String[] {"no", "always", "on-failure", "on-failure:0", "on-failure:10", "unless-stopped"}) {
      assertThat(RestartPolicy.parse(text)).hasToString(text);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "sometimes", "on-failure:", "on-failure:x", "on-failure:-1", "always:3", "unless_stopped"})
  void rejectsAnythingElse(String text) {
    assertThatThrownBy(() -> RestartPolicy.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid restart policy '" + text + "' (expected no, always, on-failure[:N] or unless-stopped)");
  }

  @Test
  void rejectsNegativeRetries() {
    assertThatThrownBy(() -> RestartPolicy.onFailure(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("restart policy on-failure: retry count -1 < 0");
  }

  @Test
  void rejectsRetriesForAnotherMode() {
    assertThatThrownBy(() -> new RestartPolicy(RestartPolicy.Mode.ALWAYS, Optional.of(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("restart policy always takes no retry count (only on-failure does)");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> new RestartPolicy(null, Optional.empty())).hasMessage("mode == null");
    assertThatThrownBy(() -> RestartPolicy.parse(null)).hasMessage("text == null");
  }
}
