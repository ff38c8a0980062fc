package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed backup declarations and their labels. */
class BackupLabelsTest {
  @Test
  void helpersSetTheLabelsComposeFilesCarry() {
    Service db = BackupLabels.postgresDump(Service.builder("db").image("postgres:16")).build();
    assertThat(db.labels()).containsExactly(Map.entry("dev.onyx.deploy.backup", "postgres"));
    Service other = BackupLabels.postgresDump(Service.builder("db").image("postgres:16"), "onyx").build();
    assertThat(other.labels()).containsEntry("dev.onyx.deploy.backup.user", "onyx");
    assertThat(BackupLabels.dumpUser(db.labels())).isEqualTo("postgres");
    assertThat(BackupLabels.dumpUser(other.labels())).isEqualTo("onyx");
    assertThat(BackupLabels.skip(Volume.named("cache")).labels()).containsEntry("dev.onyx.deploy.backup", "skip");
    assertThat(BackupLabels.filesLive(Volume.named("s")).labels()).containsEntry("dev.onyx.deploy.backup", "files-live");
    assertThat(BackupLabels.filesWithWritersStopped(Volume.named("s")).labels())
        .containsEntry("dev.onyx.deploy.backup", "files");
  }

  @Test
  void readsDeclarationsBackAndNamesAWrongValue() {
    assertThat(BackupLabels.dumpMethod(Map.of())).isEmpty();
    assertThat(BackupLabels.dumpMethod(Map.of("dev.onyx.deploy.backup", "Postgres")))
        .contains(BackupLabels.DumpMethod.POSTGRES);
    assertThat(BackupLabels.volumeMode(Map.of("dev.onyx.deploy.backup", "skip"))).contains(BackupLabels.VolumeMode.SKIP);
    assertThatThrownBy(() -> BackupLabels.dumpMethod(Map.of("dev.onyx.deploy.backup", "mysql")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label dev.onyx.deploy.backup: 'mysql' is not a dump method (one of: postgres)");
    assertThatThrownBy(() -> BackupLabels.volumeMode(Map.of("dev.onyx.deploy.backup", "tar")))
        .hasMessage("label dev.onyx.deploy.backup: 'tar' is not a volume backup mode (one of: files, files-live, skip)");
    assertThatThrownBy(() -> BackupLabels.postgresDump(Service.builder("db"), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
