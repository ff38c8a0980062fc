package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link Bundle#verify(Path)} and {@link Bundle#list(Path)} on damaged and crafted zips. */
class BundleVerifyTest {

  static Path bundle(Path dir) {
    FakeImages images = new FakeImages().with("shop/db:1").with("shop/api:1");
    images.tarSize = 1 << 20;
    Path zip = dir.resolve("shop.zip");
    new BundleWriter(BundleCreateTest.stack(), images, BundleOptions.defaults()).chunkSize(128 << 10).writeTo(zip);
    return zip;
  }

  /** @return entry name to (data offset, compressed size), in zip order */
  static List<long[]> dataRanges(Path zip, List<String> names) throws IOException {
    List<long[]> out = new java.util.ArrayList<>();
    try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry e : Collections.list(zf.getEntriesInPhysicalOrder())) {
        names.add(e.getName());
        out.add(new long[] {e.getDataOffset(), e.getCompressedSize()});
      }
    }
    return out;
  }

  static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5A);
    }
  }

  @Test
  void oneFlippedByteInAnyEntryFailsVerificationNamingThatEntry(@TempDir Path dir) throws Exception {
    Path good = bundle(dir);
    List<String> names = new java.util.ArrayList<>();
    List<long[]> ranges = dataRanges(good, names);
    assertThat(names).hasSizeGreaterThan(8);
    for (int i = 0; i < names.size(); i++) {
      Path bad = dir.resolve("bad-" + i + ".zip");
      Files.copy(good, bad);
      flip(bad, ranges.get(i)[0] + ranges.get(i)[1] / 2);
      String name = names.get(i);
      assertThatThrownBy(() -> Bundle.verify(bad)).as(name)
          .isInstanceOf(BundleVerificationException.class)
          .hasMessageContaining("entry " + name + " in " + bad)
          .hasMessageContaining("the bundle is damaged or was changed; get a fresh copy")
          .extracting(e -> ((BundleVerificationException) e).entry()).isEqualTo(Optional.of(name));
      Files.delete(bad);
    }
    assertThat(Bundle.verify(good).filesChecked()).isEqualTo(names.size() - 1);
  }

  static Path crafted(Path dir, String evilName) throws IOException {
    Path zip = dir.resolve("evil.zip");
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip)) {
      ZipArchiveEntry ok = new ZipArchiveEntry("compose/compose.yaml");
      z.putArchiveEntry(ok);
      z.write("services: {}\n".getBytes(StandardCharsets.UTF_8));
      z.closeArchiveEntry();
      ZipArchiveEntry evil = new ZipArchiveEntry(evilName);
      z.putArchiveEntry(evil);
      z.write("pwned\n".getBytes(StandardCharsets.UTF_8));
      z.closeArchiveEntry();
    }
    return zip;
  }

  @Test
  void traversalAndAbsolutePathsAreRefusedBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
    Path x = dir.resolve("x");
    for (String evil : List.of("../x", "compose/../../x", "/tmp/onyx-abs-" + ProcessHandle.current().pid())) {
      Path zip = crafted(dir, evil);
      assertThatThrownBy(() -> Bundle.verify(zip)).as(evil).isInstanceOf(BundleVerificationException.class)
          .hasMessageStartingWith("entry '" + evil + "' in " + zip)
          .hasMessageEndingWith("refused (a bundle holds only relative paths); nothing was extracted");
      assertThatThrownBy(() -> Bundle.list(zip)).isInstanceOf(BundleVerificationException.class);
      Files.delete(zip);
    }
    assertThat(x).doesNotExist();
    assertThat(Path.of("/tmp/onyx-abs-" + ProcessHandle.current().pid())).doesNotExist();
  }

  @Test
  void aSymbolicLinkEntryIsRefused(@TempDir Path dir) throws Exception {
    Path zip = dir.resolve("link.zip");
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip)) {
      ZipArchiveEntry link = new ZipArchiveEntry("compose/config/passwd");
      link.setUnixMode(0120777);
      z.putArchiveEntry(link);
      z.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
      z.closeArchiveEntry();
    }
    assertThatThrownBy(() -> Bundle.verify(zip)).isInstanceOf(BundleVerificationException.class)
        .hasMessage("entry 'compose/config/passwd' in " + zip
            + " is a symbolic link: refused (a bundle holds only files); nothing was extracted");
  }

  @Test
  void aManifestOfAnotherFormatVersionIsAClearError(@TempDir Path dir) throws Exception {
    Path good = bundle(dir);
    Path other = dir.resolve("v2.zip");
    try (ZipFile zf = ZipFile.builder().setPath(good).get(); ZipArchiveOutputStream z = new ZipArchiveOutputStream(other)) {
      for (ZipArchiveEntry e : Collections.list(zf.getEntriesInPhysicalOrder())) {
        if (e.getName().equals("manifest.json")) {
          String json;
          try (InputStream in = zf.getInputStream(e)) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"formatVersion\" : 2", "\"formatVersion\" : 7");
          }
          z.putArchiveEntry(new ZipArchiveEntry("manifest.json"));
          z.write(json.getBytes(StandardCharsets.UTF_8));
          z.closeArchiveEntry();
        } else {
          z.addRawArchiveEntry(e, zf.getRawInputStream(e));
        }
      }
    }
    assertThatThrownBy(() -> Bundle.verify(other)).isInstanceOf(BundleVerificationException.class)
        .hasMessage("manifest.json in " + other + " has bundle format version 7, but this onyx-deploy reads"
            + " versions 1 to 2: use a newer onyx-deploy to load it");
    assertThatThrownBy(() -> Bundle.list(other)).hasMessageContaining("format version 7");
  }

  @Test
  void anEntryNotInTheManifestOrAMissingOneIsRefused(@TempDir Path dir) throws Exception {
    Path good = bundle(dir);
    Path extra = dir.resolve("extra.zip");
    Path missing = dir.resolve("missing.zip");
    try (ZipFile zf = ZipFile.builder().setPath(good).get();
        ZipArchiveOutputStream a = new ZipArchiveOutputStream(extra);
        ZipArchiveOutputStream b = new ZipArchiveOutputStream(missing)) {
      for (ZipArchiveEntry e : Collections.list(zf.getEntriesInPhysicalOrder())) {
        a.addRawArchiveEntry(e, zf.getRawInputStream(e));
        if (!e.getName().equals("scripts/load.sh")) {
          b.addRawArchiveEntry(e, zf.getRawInputStream(e));
        }
      }
      a.putArchiveEntry(new ZipArchiveEntry("compose/evil.yaml"));
      a.write(1);
      a.closeArchiveEntry();
    }
    assertThatThrownBy(() -> Bundle.verify(extra)).hasMessage("entry compose/evil.yaml in " + extra
        + " is not listed in manifest.json: refused (the bundle was changed)");
    assertThatThrownBy(() -> Bundle.verify(missing)).hasMessage("entry scripts/load.sh is listed in manifest.json but missing from "
        + missing + ": the bundle is incomplete");
  }

  @Test
  void notAZipIsAClearError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.zip");
    Files.writeString(f, "hello");
    assertThatThrownBy(() -> Bundle.verify(f)).isInstanceOf(BundleVerificationException.class)
        .hasMessageStartingWith(f + " is not a readable zip file");
    assertThatThrownBy(() -> Bundle.verify(dir.resolve("nope.zip"))).isInstanceOf(ArchiveException.class)
        .hasMessage("bundle " + dir.resolve("nope.zip") + " does not exist or is not a file");
  }
}
