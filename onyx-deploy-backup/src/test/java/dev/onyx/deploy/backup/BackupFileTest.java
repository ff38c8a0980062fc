package dev.onyx.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup file format without an engine: round trip, damage anywhere, encryption. */
class BackupFileTest {
  @TempDir
  Path dir;

  static byte[] sql(int size) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (b.length() < size) {
      b.append("INSERT INTO t VALUES (").append(i++).append(", 'row text ").append(i * 7919 % 1000).append("');\n");
    }
    return b.substring(0, size).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes a file with a 3 MB dump and a 2 MB volume item. */
  static Path write(Path file, Passphrase p) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      BackupFile.Writer w = new BackupFile.Writer(out, p);
      w.json('B', Map.of("project", "shop"));
      List<BackupManifest.Item> items = new ArrayList<>();
      items.add(w.item("dump/db", BackupManifest.Kind.POSTGRES_DUMP, "db", new ByteArrayInputStream(sql(3_000_000)), 6, 2));
      items.add(w.item("volume/files", BackupManifest.Kind.VOLUME, "files", new ByteArrayInputStream(random(2_000_000, 1)), 6, 2));
      BackupManifest m = new BackupManifest(1, "shop", Instant.parse("2026-01-02T03:04:05Z"), "test", false, p != null, items);
      w.json('M', ManifestJson.toMap(m));
      w.finish();
    }
    return file;
  }

  @Test
  void roundTripVerifiesAndListsEveryItem() throws Exception {
    Path f = write(dir.resolve("b.onyxbackup"), null);
    BackupManifest m = Backups.verify(f, null);
    assertThat(m.items()).extracting(BackupManifest.Item::name).containsExactly("dump/db", "volume/files");
    assertThat(m.item("dump/db").orElseThrow().size()).isEqualTo(3_000_000);
    assertThat(m.item("dump/db").orElseThrow().storedSize()).isLessThan(1_000_000);
    assertThat(Backups.list(f, null)).isEqualTo(m);
  }

  @Test
  void anItemsDataFramesFormAPlainGzipFile() throws Exception {
    Path f = write(dir.resolve("b.onyxbackup"), null);
    try (BackupFile.Reader r = BackupFile.Reader.open(f, null)) {
      r.skip(r.next());
      r.json(r.next(), "item");
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      BackupFile.FrameHead h;
      while ((h = r.next()).type() == 'D') {
        gz.writeBytes(r.payload(h));
      }
      assertThat(new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray())).readAllBytes()).isEqualTo(sql(3_000_000));
    }
  }

  @Test
  void aFlippedByteInsideAnItemIsReportedWithTheItemsName() throws Exception {
    Path f = write(dir.resolve("b.onyxbackup"), null);
    byte[] b = Files.readAllBytes(f);
    // the dump's data starts after the header, the begin and the item record: flip a byte well inside it
    int at = indexOf(b, "\"dump/db\"") + 4000;
    b[at] ^= 0x01;
    Files.write(f, b);
    assertThatThrownBy(() -> Backups.verify(f, null)).isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("item dump/db").extracting(e -> ((CorruptBackupException) e).item().orElseThrow())
        .isEqualTo("dump/db");
  }

  @Test
  void everySingleFlippedByteIsCaught() throws Exception {
    Path f = write(dir.resolve("b.onyxbackup"), null);
    byte[] good = Files.readAllBytes(f);
    Random r = new Random(7);
    List<Integer> positions = new ArrayList<>(List.of(0, 8, 9, 10, 11, 12, good.length - 1, good.length - 33,
        good.length - 40, indexOf(good, "\"manifest\"") > 0 ? indexOf(good, "\"manifest\"") : good.length - 200));
    for (int i = 0; i < 40; i++) {
      positions.add(r.nextInt(good.length));
    }
    for (int pos : positions) {
      byte[] b = good.clone();
      b[pos] ^= (byte) (1 << r.nextInt(8));
      Path bad = dir.resolve("bad-" + pos);
      Files.write(bad, b);
      assertThatThrownBy(() -> Backups.verify(bad, null)).as("byte %d of %d", pos, good.length)
          .isInstanceOf(CorruptBackupException.class);
    }
  }

  @Test
  void theStoredBytesCheckCatchesEverySingleFlippedByteAndNamesTheItem() throws Exception {
    Path f = write(dir.resolve("b.onyxbackup"), null);
    byte[] good = Files.readAllBytes(f);
    Verifier.Verified v = Verifier.verifyStored(f, null, s -> { });
    assertThat(v.manifest()).isEqualTo(Backups.verify(f, null));
    Random r = new Random(11);
    for (int i = 0; i < 40; i++) {
      int pos = i == 0 ? indexOf(good, "\"dump/db\"") + 4000 : r.nextInt(good.length);
      byte[] b = good.clone();
      b[pos] ^= (byte) (1 << r.nextInt(8));
      Path bad = dir.resolve("bad-" + pos);
      Files.write(bad, b);
      var refused = assertThatThrownBy(() -> Verifier.verifyStored(bad, null, s -> { })).as("byte %d of %d", pos,
          good.length).isInstanceOf(CorruptBackupException.class);
      if (i == 0) {
        refused.hasMessageContaining("item dump/db");
      }
    }
  }

  @Test
  void aReaderOpenedAtAnItemsOffsetReadsThatItemsContent() throws Exception {
    for (Passphrase p : new Passphrase[] {null, Passphrase.of("pw-123456".toCharArray())}) {
      Path f = write(dir.resolve("o" + (p == null) + ".onyxbackup"), p);
      Verifier.Verified v = Verifier.verifyStored(f, p, s -> { });
      try (BackupFile.Reader r = BackupFile.Reader.openAt(f, p, v.itemOffsets().get("volume/files"))) {
        Verifier.seek(r, "volume/files");
        try (Prefetch in = new Prefetch(r.content(), "test")) {
          assertThat(in.readAllBytes()).isEqualTo(random(2_000_000, 1));
          assertThat(in.finish().sha256()).isEqualTo(v.manifest().item("volume/files").orElseThrow().sha256());
        }
      }
    }
  }

  @Test
  void aTruncatedFileIsRefused() throws Exception {
    Path f = write(dir.resolve("b.onyxbackup"), null);
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 10));
    assertThatThrownBy(() -> Backups.verify(f, null)).isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void anEncryptedFileNeedsItsPassphraseAndSaysNothingElse() throws Exception {
    Path f = write(dir.resolve("e.onyxbackup"), Passphrase.of("correct horse battery staple".toCharArray()));
    byte[] raw = Files.readAllBytes(f);
    assertThat(indexOf(raw, "dump/db")).as("item names are not in clear text").isNegative();
    assertThat(indexOf(raw, "INSERT INTO")).isNegative();

    BackupManifest m = Backups.verify(f, Passphrase.of("correct horse battery staple".toCharArray()));
    assertThat(m.encrypted()).isTrue();
    assertThat(m.items()).hasSize(2);

    assertThatThrownBy(() -> Backups.verify(f, null)).isInstanceOf(CorruptBackupException.class)
        .hasMessage("the backup is encrypted: give its passphrase (--passphrase-file)");
    assertThatThrownBy(() -> Backups.verify(f, Passphrase.of("wrong".toCharArray())))
        .isInstanceOf(CorruptBackupException.class).hasMessage("the passphrase does not open this backup")
        .hasNoCause();
  }

  @Test
  void aFlippedByteInAnEncryptedFileFailsAuthentication() throws Exception {
    Passphrase p = Passphrase.of("pw-123456".toCharArray());
    Path f = write(dir.resolve("e.onyxbackup"), p);
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x10;
    Files.write(f, b);
    assertThatThrownBy(() -> Backups.verify(f, p)).isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("fails its authentication check");
  }

  @Test
  void aFileThatIsNotABackupIsRefused() throws Exception {
    Path f = dir.resolve("x");
    Files.writeString(f, "hello");
    assertThatThrownBy(() -> Backups.verify(f, null)).isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("is not an onyx-deploy backup");
  }

  @Test
  void aFileOfANewerFormatVersionIsRefusedWithWhatToDo() throws Exception {
    Path f = write(dir.resolve("b.onyxbackup"), null);
    byte[] b = Files.readAllBytes(f);
    b[BackupFile.MAGIC.length] = (byte) (BackupFile.VERSION + 1);
    Files.write(f, b);
    assertThatThrownBy(() -> Backups.verify(f, null)).isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("use a newer onyx-deploy");
  }

  /**
   * Backups written by the previous format (version 1, whose end checksum covers the items' data too;
   * the fixtures were written by that build: a 30,000-byte dump and a 20,000-byte volume, one of them
   * encrypted) are still verified, listed and read, and damage in them is still found.
   */
  @Test
  void backupsOfFormatVersion1AreStillReadAndChecked() throws Exception {
    Passphrase pass = Passphrase.of("fixture-passphrase".toCharArray());
    for (String name : List.of("v1-plain.onyxbackup", "v1-encrypted.onyxbackup")) {
      Path f = dir.resolve(name);
      try (var in = BackupFileTest.class.getResourceAsStream("/backup-format-1/" + name)) {
        Files.copy(in, f);
      }
      Passphrase p = name.contains("encrypted") ? pass : null;
      assertThat(Files.readAllBytes(f)[BackupFile.MAGIC.length]).isEqualTo((byte) 1);
      BackupManifest m = Backups.verify(f, p);
      assertThat(m.project()).isEqualTo("shop");
      assertThat(m.item("dump/db").orElseThrow().sha256()).isEqualTo(sha256Hex(sql(30_000)));
      assertThat(m.item("volume/files").orElseThrow().sha256()).isEqualTo(sha256Hex(random(20_000, 1)));
      assertThat(Backups.list(f, p)).isEqualTo(m);
      byte[] b = Files.readAllBytes(f);
      b[b.length / 2] ^= 0x10;
      Path damaged = Files.write(dir.resolve("damaged-" + name), b);
      assertThatThrownBy(() -> Backups.verify(damaged, p)).isInstanceOf(CorruptBackupException.class);
    }
  }

  private static String sha256Hex(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void passphrasesNeverPrintThemselves() throws Exception {
    Path pf = dir.resolve("pass");
    Files.writeString(pf, "s3cret-value\n");
    Passphrase p = Passphrase.fromFile(pf);
    assertThat(p.toString()).isEqualTo("***");
    assertThat(String.valueOf(p.chars())).isEqualTo("s3cret-value");
    assertThat(BackupOptions.defaults().withPassphrase(p).toString()).doesNotContain("s3cret");
  }

  @Test
  void retentionKeepsTheNewestBackupsAndNothingElseIsTouched() throws Exception {
    Path a = write(dir.resolve("a.onyxbackup"), null);
    Path b = Files.copy(a, dir.resolve("b.onyxbackup"));
    Path c = Files.copy(a, dir.resolve("c.onyxbackup"));
    Path other = Files.writeString(dir.resolve("notes.txt"), "keep me");
    Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(1000));
    Files.setLastModifiedTime(b, java.nio.file.attribute.FileTime.fromMillis(2000));
    Files.setLastModifiedTime(c, java.nio.file.attribute.FileTime.fromMillis(3000));
    Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(1));
    assertThat(Retention.keepLast(dir, 2)).containsExactly(a);
    assertThat(dir.resolve("notes.txt")).exists();
    assertThat(b).exists();
    assertThat(c).exists();
  }

  static int indexOf(byte[] hay, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i <= hay.length - n.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (hay[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
