package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@link Bundle.Creator} with an in-memory image store: layout, checksums, secrets,
 * atomicity. The same with the real engine is {@code BundleIT}.
 */
class BundleCreateTest {
  static final String SECRET_VALUE = "s3cr3t-VALUE-never-in-a-bundle";

  static Stack stack() {
    return Stack.builder("shop")
        .addSecret(Secret.generated("db_password"), Secret.ofValue("license", SECRET_VALUE))
        .addService(Service.builder("db").image("shop/db:1").secretEnv("DB_PASSWORD", "db_password").build())
        .addService(Service.builder("api").image("shop/api:1").build())
        .addService(Service.builder("worker").image("shop/api:1").build())
        .build();
  }

  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesTheLayoutWithTheManifestLastAndChecksumsThatVerify(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1").with("shop/api:1");
    List<DeployEvent> events = new CopyOnWriteArrayList<>();
    Path zip = dir.resolve("shop.zip");
    BundleManifest m = new Bundle.Creator(stack(), images).listener(events::add).chunkSize(256 << 10).writeTo(zip);

    assertThat(files(dir)).containsExactly("shop.zip");
    List<String> names = new ArrayList<>();
    try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry e : Collections.list(zf.getEntriesInPhysicalOrder())) {
        names.add(e.getName());
        if (!e.getName().equals(Bundle.IMAGES_ENTRY)) {
          try (InputStream in = zf.getInputStream(e)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(e.getName()).doesNotContain(SECRET_VALUE);
          }
        }
        assertThat(e.getUnixMode()).as(e.getName()).isEqualTo(e.getName().endsWith(".sh") ? 0100755 : 0100644);
      }
    }
    assertThat(names.get(0)).isEqualTo("compose/compose.yaml");
    assertThat(names).contains("compose/.env.example", "scripts/load.sh", "scripts/deploy.sh", "scripts/load.ps1",
        "scripts/deploy.ps1", "images/images.tar", "README.md");
    assertThat(names.subList(names.size() - 2, names.size())).containsExactly("SHA256SUMS", "manifest.json");
    assertThat(names).noneMatch(n -> n.startsWith("compose/secrets/") || n.equals("compose/.env"));

    assertThat(m.stack()).isEqualTo("shop");
    assertThat(m.images()).extracting(BundleManifest.Image::reference).containsExactly("shop/db:1", "shop/api:1");
    assertThat(m.images().get(1).services()).containsExactly("api", "worker");
    assertThat(m.files()).extracting(BundleManifest.FileEntry::path).containsExactlyElementsOf(names.subList(0, names.size() - 1));
    assertThat(m.secrets()).extracting(BundleManifest.SecretEntry::name).containsExactly("db_password", "license");
    assertThat(m.secrets().get(0).variable()).contains("DB_PASSWORD");
    assertThat(Bundle.list(zip)).isEqualTo(m);

    VerifyReport r = Bundle.verify(zip);
    assertThat(r.filesChecked()).isEqualTo(m.files().size());
    assertThat(r.bytesChecked()).isEqualTo(m.totalSize());
    assertThat(events).anyMatch(e -> e instanceof DeployEvent.Progress p && p.task().equals("save images") && p.fraction() == 1.0);

    // extract everything the way an operator does (unzip), then sha256sum -c SHA256SUMS must pass
    Path out = dir.resolve("x");
    try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
        Path t = out.resolve(e.getName());
        Files.createDirectories(t.getParent());
        try (InputStream in = zf.getInputStream(e)) {
          Files.copy(in, t);
        }
      }
    }
    ScriptsTest.Result sums = ScriptsTest.run(out, "sha256sum", "-c", "SHA256SUMS");
    assertThat(sums.exit()).as(sums.out() + sums.err()).isZero();
    assertThat(sums.out().lines().count()).isEqualTo(m.files().size() - 1);
    String readme = Files.readString(out.resolve("README.md"));
    assertThat(readme).contains("## Requirements", "Docker Compose v2.1", "**Disk**", "**Memory**", "## Steps",
        "## What is inside", "`shop/api:1`", "scripts\\deploy.ps1");
  }

  @Test
  void aStreamFailingHalfWayLeavesNoFileAtAll(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1").with("shop/api:1");
    Path zip = dir.resolve("shop.zip");
    Bundle.Creator c = new Bundle.Creator(stack(), images).chunkSize(64 << 10)
        .imageStreamFilter(in -> new FailingAfter(in, 1 << 20));
    assertThatThrownBy(() -> c.writeTo(zip)).isInstanceOf(ArchiveException.class)
        .hasMessageContaining("writing bundle " + zip + " failed: engine connection reset")
        .hasMessageContaining("nothing was written to " + zip);
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void anInterruptedCreateLeavesNoFileAtAll(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1").with("shop/api:1");
    Path zip = dir.resolve("shop.zip");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        new Bundle.Creator(stack(), images).chunkSize(64 << 10).imageStreamFilter(Slow::new).writeTo(zip);
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    Thread.sleep(500);
    t.interrupt();
    t.join(30_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOf(ArchiveException.class).hasMessageContaining("interrupted");
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void missingImagesAreReportedByNameBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1");
    assertThatThrownBy(() -> new Bundle.Creator(stack(), images).writeTo(dir.resolve("shop.zip")))
        .isInstanceOf(MissingImagesException.class)
        .hasMessage("cannot bundle stack 'shop': 1 image(s) are not on the engine: shop/api:1 (service api, no build)."
            + " Pull, load or build them first; nothing was written.")
        .extracting(e -> ((MissingImagesException) e).images()).isEqualTo(List.of("shop/api:1"));
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void missingImagesOfServicesWithABuildAreBuilt(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1");
    Stack s = Stack.builder("shop")
        .addService(Service.builder("db").image("shop/db:1").build())
        .addService(Service.builder("api").build(Build.of("./api")).build())
        .build();
    BundleManifest m = new Bundle.Creator(s, images).projectDirectory(dir).writeTo(dir.resolve("shop.zip"));
    assertThat(images.built).containsExactly("shop-api from api");
    assertThat(m.images()).extracting(BundleManifest.Image::reference).containsExactly("shop/db:1", "shop-api");
  }

  @Test
  void theEstimateCountsASharedBaseOnce() {
    var a = new dev.onyx.deploy.docker.ImageInfo("sha256:a", List.of(), 300, List.of("l1", "l2", "l3"));
    var b = new dev.onyx.deploy.docker.ImageInfo("sha256:b", List.of(), 200, List.of("l1", "l4"));
    assertThat(Bundle.estimate(List.of(a, b))).isEqualTo(300 + 100);
    assertThat(Map.of()).isEmpty();
  }

  /** A stream that fails after some bytes, like an engine connection that breaks. */
  static final class FailingAfter extends FilterInputStream {
    private long left;

    FailingAfter(InputStream in, long bytes) {
      super(in);
      this.left = bytes;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new IOException("engine connection reset");
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** A slow stream, so that the create can be interrupted in the middle. */
  static final class Slow extends FilterInputStream {
    Slow(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      }
      return super.read(b, off, Math.min(len, 16 << 10));
    }
  }
}
