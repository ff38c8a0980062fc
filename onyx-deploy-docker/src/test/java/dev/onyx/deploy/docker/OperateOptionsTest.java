package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tests for {@link DownOptions} and {@link LogOptions}: immutable, each {@code withX} a copy. */
class OperateOptionsTest {
  @Test
  void downOptionsDefaultToKeepingVolumesAndEachContainersGracePeriod() {
    DownOptions d = DownOptions.defaults();
    assertThat(d.volumes()).isFalse();
    assertThat(d.stopTimeout()).isEmpty();
    assertThat(d.stateDir()).isEqualTo(SecretStore.defaultStateDir());
  }

  @Test
  void downOptionsAreCopiedNotChanged() {
    DownOptions d = DownOptions.defaults();
    DownOptions all = d.withVolumes(true).withStopTimeout(Duration.ofSeconds(2)).withStateDir(Path.of("state"));
    assertThat(d.volumes()).isFalse();
    assertThat(all.volumes()).isTrue();
    assertThat(all.stopTimeout()).contains(Duration.ofSeconds(2));
    assertThat(all.stateDir()).isEqualTo(Path.of("state").toAbsolutePath());
    assertThatThrownBy(() -> d.withStopTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("stop timeout must be zero or more");
  }

  @Test
  void logOptionsReadEverythingUnlessToldOtherwise() {
    LogOptions all = LogOptions.all();
    assertThat(all.tail()).isEmpty();
    assertThat(all.follow()).isFalse();
    LogOptions last = all.withTail(10).withFollow(true);
    assertThat(last.tail()).hasValue(10);
    assertThat(last.follow()).isTrue();
    assertThat(all.tail()).isEmpty();
    assertThatThrownBy(() -> all.withTail(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tail must be zero or more lines, was -1");
  }
}
