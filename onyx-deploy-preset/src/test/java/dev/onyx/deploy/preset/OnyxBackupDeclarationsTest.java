package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.BackupLabels;
import dev.onyx.deploy.core.BackupLabels.VolumeMode;
import dev.onyx.deploy.core.Stack;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The preset declares what a backup takes, as labels that compose files carry. */
class OnyxBackupDeclarationsTest {
  private static Optional<VolumeMode> mode(Stack s, String volume) {
    return BackupLabels.volumeMode(s.volume(volume).orElseThrow().labels());
  }

  @Test
  void upstreamLayoutDumpsTheDatabaseCopiesStoresAndSkipsCaches() {
    Stack s = OnyxStack.builder().withLogging(true).build();
    assertThat(BackupLabels.dumpMethod(s.service(OnyxStack.RELATIONAL_DB).orElseThrow().labels()))
        .contains(BackupLabels.DumpMethod.POSTGRES);
    assertThat(BackupLabels.dumpUser(s.service(OnyxStack.RELATIONAL_DB).orElseThrow().labels())).isEqualTo("postgres");
    assertThat(mode(s, "db_volume")).as("covered by the dump").isEmpty();
    assertThat(mode(s, "minio_data")).contains(VolumeMode.FILES_LIVE);
    assertThat(mode(s, "file-system")).contains(VolumeMode.FILES_LIVE);
    assertThat(mode(s, "api_server_logs")).contains(VolumeMode.FILES_LIVE);
    assertThat(mode(s, "opensearch-data")).contains(VolumeMode.FILES);
    assertThat(mode(s, "model_cache_huggingface")).contains(VolumeMode.SKIP);
    assertThat(mode(s, "indexing_huggingface_model_cache")).contains(VolumeMode.SKIP);
    assertThat(mode(s, "elasticsearch-data")).contains(VolumeMode.SKIP);
    assertThat(s.services().stream().filter(x -> BackupLabels.dumpMethod(x.labels()).isPresent()))
        .extracting(dev.onyx.deploy.core.Service::name).containsExactly(OnyxStack.RELATIONAL_DB);
  }

  @Test
  void classicLayoutDumpsItsPostgres() {
    Stack s = OnyxStack.builder().layout(Layout.CLASSIC).build();
    assertThat(BackupLabels.dumpMethod(s.service(OnyxStack.POSTGRES).orElseThrow().labels()))
        .contains(BackupLabels.DumpMethod.POSTGRES);
    assertThat(mode(s, "model_cache_huggingface")).contains(VolumeMode.SKIP);
    assertThat(mode(s, "file-system")).contains(VolumeMode.FILES_LIVE);
  }
}
