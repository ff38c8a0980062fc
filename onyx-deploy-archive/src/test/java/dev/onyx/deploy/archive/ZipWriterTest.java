package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.internal.ParallelDeflater;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ZipWriter}: what it writes reads back with three independent zip readers. */
class ZipWriterTest {

  /**
   * @param zip64From 0 forces every ZIP64 record (extra fields in the central directory, the ZIP64
   *     end records), as a zip with a 5 GiB image stream would have
   */
  @ParameterizedTest
  @ValueSource(longs = {0L, 0xFFFFFFFFL})
  void writesAZipThatOtherReadersRead(long zip64From, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("b.zip");
    byte[] big = FakeImages.sample(700_000, 9);
    byte[] yaml = "services:\n  web:\n    image: busybox\n".repeat(10).getBytes(StandardCharsets.UTF_8);
    byte[] script = "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ZipWriter z = new ZipWriter(ch, LocalDateTime.of(2026, 1, 2, 3, 4, 6), zip64From);
      z.add("compose/compose.yaml", yaml, 0644, 6);
      z.add("scripts/load.sh", script, 0755, 6);
      OutputStream out = z.beginStreamed("images/images.tar", 0644);
      ParallelDeflater.Result r = new ParallelDeflater(6, 2, 65536).deflate(new ByteArrayInputStream(big), out, n -> { });
      z.endStreamed(r.crc(), r.size(), r.compressedSize());
      z.add("manifest.json", "{}".getBytes(StandardCharsets.UTF_8), 0644, 6);
      z.finish();
      z.close();
    }

    try (ZipFile zf = ZipFile.builder().setPath(file).get()) {
      List<ZipArchiveEntry> entries = Collections.list(zf.getEntriesInPhysicalOrder());
      assertThat(entries).extracting(ZipArchiveEntry::getName)
          .containsExactly("compose/compose.yaml", "scripts/load.sh", "images/images.tar", "manifest.json");
      assertThat(entries.get(1).getUnixMode()).isEqualTo(0100755);
      assertThat(entries.get(0).getMethod()).isEqualTo(ZipArchiveEntry.DEFLATED);
      assertThat(entries.get(3).getMethod()).isEqualTo(ZipArchiveEntry.STORED);
      assertThat(entries.get(2).getSize()).isEqualTo(big.length);
      try (InputStream in = zf.getInputStream(entries.get(2))) {
        assertThat(in.readAllBytes()).isEqualTo(big);
      }
      try (InputStream in = zf.getInputStream(entries.get(1))) {
        assertThat(in.readAllBytes()).isEqualTo(script);
      }
    }
    try (java.util.zip.ZipFile jz = new java.util.zip.ZipFile(file.toFile())) {
      assertThat(jz.size()).isEqualTo(4);
      try (InputStream in = jz.getInputStream(jz.getEntry("images/images.tar"))) {
        assertThat(in.readAllBytes()).isEqualTo(big);
      }
      assertThat(LocalDateTime.ofInstant(jz.getEntry("manifest.json").getLastModifiedTime().toInstant(),
          java.time.ZoneId.systemDefault())).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 6));
    }
    // the streaming reader reads the local headers only: their patched CRC and sizes must be right
    List<String> names = new ArrayList<>();
    try (InputStream fin = Files.newInputStream(file); ZipArchiveInputStream zin = new ZipArchiveInputStream(fin)) {
      ZipArchiveEntry e;
      while ((e = zin.getNextEntry()) != null) {
        names.add(e.getName());
        byte[] content = zin.readAllBytes();
        if (e.getName().equals("images/images.tar")) {
          assertThat(content).isEqualTo(big);
        }
      }
    }
    assertThat(names).hasSize(4);
    assertThat(Files.size(file)).isLessThan(big.length);
  }
}
