package dev.onyx.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.DownOptions;
import dev.onyx.deploy.testsupport.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupted backup is refused by verify and by restore before anything stops; an encrypted one
 * restores with its passphrase and is refused, without detail, without it.
 */
@Tag("docker")
class BackupRefusalsIT {
  @RegisterExtension
  final TestProjects.Cleanup projects = new TestProjects.Cleanup();

  @TempDir
  Path dir;

  @Test
  void corruptedIsRefusedBeforeAnythingStopsAndEncryptedNeedsItsPassphrase() throws Exception {
    String project = projects.name("bkpref");
    Stack stack = BackupStacks.stack(project);
    Path state = dir.resolve("state");
    try (DockerEngine engine = DockerEngine.connect()) {
      BackupStacks.deploy(engine, stack, state);
      BackupStacks.writeData(engine, project, 4);
      String rows = BackupStacks.tableDigest(engine, project);
      String files = BackupStacks.filesDigest(engine, project);
      String password = BackupStacks.sh(engine, project, "db", "printf %s \"$POSTGRES_PASSWORD\"").stdout();
      Backups backups = Backups.on(engine);

      // corrupted: one byte in the middle of the volume item
      Path good = dir.resolve("good.onyxbackup");
      BackupManifest m = backups.create(project, stack, good, BackupOptions.defaults().withStateDir(state));
      byte[] b = Files.readAllBytes(good);
      int at = (int) (b.length - m.item("volume/files").orElseThrow().storedSize() / 2 - 2000);
      b[at] ^= 0x40;
      Path bad = Files.write(dir.resolve("bad.onyxbackup"), b);
      assertThatThrownBy(() -> Backups.verify(bad, null)).isInstanceOf(CorruptBackupException.class)
          .hasMessageContaining("volume/files");
      String dbStarted = BackupRoundTripIT.startedAt(engine, project, "db");
      String appStarted = BackupRoundTripIT.startedAt(engine, project, "app");
      BackupStacks.sh(engine, project, "app", "echo later > /data/later.txt");
      assertThatThrownBy(() -> backups.restore(bad, project, RestoreOptions.defaults().withStateDir(state).withForce(true)))
          .isInstanceOf(CorruptBackupException.class).hasMessageContaining("volume/files");
      assertThat(BackupRoundTripIT.startedAt(engine, project, "db")).isEqualTo(dbStarted);
      assertThat(BackupRoundTripIT.startedAt(engine, project, "app")).as("nothing was stopped").isEqualTo(appStarted);
      assertThat(BackupStacks.sh(engine, project, "app", "cat /data/later.txt").stdout()).isEqualTo("later\n");

      // encrypted: restores with the passphrase, refused without it (and with a wrong one), no detail leaked
      Path pass = Files.writeString(dir.resolve("pass"), "a long and secret passphrase\n");
      Path enc = dir.resolve("enc.onyxbackup");
      String filesAtEnc = BackupStacks.filesDigest(engine, project); // later.txt is there now
      backups.create(project, stack, enc, BackupOptions.defaults().withStateDir(state)
          .withPassphrase(Passphrase.fromFile(pass)));
      String appAfterBackup = BackupRoundTripIT.startedAt(engine, project, "app");
      assertThatThrownBy(() -> backups.restore(enc, project, RestoreOptions.defaults().withStateDir(state).withForce(true)))
          .isInstanceOf(CorruptBackupException.class)
          .hasMessage("the backup is encrypted: give its passphrase (--passphrase-file)");
      assertThatThrownBy(() -> backups.restore(enc, project, RestoreOptions.defaults().withStateDir(state).withForce(true)
          .withPassphrase(Passphrase.of("guess".toCharArray()))))
          .isInstanceOf(CorruptBackupException.class).hasMessage("the passphrase does not open this backup")
          .hasNoCause();
      assertThat(BackupRoundTripIT.startedAt(engine, project, "app")).isEqualTo(appAfterBackup);

      BackupStacks.sh(engine, project, "db", BackupStacks.PSQL + "-q -d shop -c 'delete from t'");
      BackupStacks.sh(engine, project, "app", "rm -rf /data/sub");
      BackupManifest restored = backups.restore(enc, project, RestoreOptions.defaults().withStateDir(state)
          .withForce(true).withPassphrase(Passphrase.fromFile(pass)));
      assertThat(restored.encrypted()).isTrue();
      assertThat(BackupStacks.tableDigest(engine, project)).isEqualTo(rows);
      assertThat(BackupStacks.filesDigest(engine, project)).isEqualTo(filesAtEnc).isNotEqualTo(files);
      assertThat(new String(Files.readAllBytes(enc), java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain(password).doesNotContain("shop");
      engine.down(project, DownOptions.defaults().withVolumes(true).withStateDir(state));
    }
  }
}
