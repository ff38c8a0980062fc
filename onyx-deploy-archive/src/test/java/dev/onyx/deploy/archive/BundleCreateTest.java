package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.docker.PullPolicy;
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
 * Tests for {@link BundleWriter} with an in-memory image store: layout, checksums, secrets,
 * atomicity, pulls, compose variables and version, stale parts, incremental bundles. The same with
 * the real engine is {@code BundleIT} and {@code IncrementalBundleIT}.
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
    BundleManifest m = new BundleWriter(stack(), images, BundleOptions.defaults().withListener(events::add))
        .chunkSize(256 << 10).writeTo(zip);

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
    assertThat(m.composeVersion()).isEqualTo("2.1.1");
    assertThat(m.incremental()).isFalse();
    assertThat(readme).contains("## Requirements", "Docker Compose 2.1.1 or newer", "**Disk**", "**Memory**", "## Steps",
        "## What is inside", "`shop/api:1`", "scripts\\deploy.ps1");
  }

  @Test
  void aStreamFailingHalfWayLeavesNoFileAtAll(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1").with("shop/api:1");
    Path zip = dir.resolve("shop.zip");
    BundleWriter c = new BundleWriter(stack(), images, BundleOptions.defaults()).chunkSize(64 << 10)
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
        new BundleWriter(stack(), images, BundleOptions.defaults()).chunkSize(64 << 10).imageStreamFilter(Slow::new)
            .writeTo(zip);
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
    assertThatThrownBy(() -> new BundleWriter(stack(), images, BundleOptions.defaults().withPullPolicy(PullPolicy.NEVER))
        .writeTo(dir.resolve("shop.zip")))
        .isInstanceOf(MissingImagesException.class)
        .hasMessage("cannot bundle stack 'shop': 1 image(s) are not on the engine: shop/api:1 (service api, not "
            + "pulled: pull policy never). Pull, load or build them first; nothing was written.")
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
    BundleManifest m = new BundleWriter(s, images, BundleOptions.defaults().withProjectDirectory(dir))
        .writeTo(dir.resolve("shop.zip"));
    assertThat(images.built).containsExactly("shop-api from api");
    assertThat(m.images()).extracting(BundleManifest.Image::reference).containsExactly("shop/db:1", "shop-api");
  }

  @Test
  void missingImagesArePulledFirstByDefault(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1").inRegistry("shop/api:1");
    BundleManifest m = new BundleWriter(stack(), images, BundleOptions.defaults()).writeTo(dir.resolve("shop.zip"));
    assertThat(images.pulled).containsExactly("shop/api:1");
    assertThat(m.images()).extracting(BundleManifest.Image::reference).containsExactly("shop/db:1", "shop/api:1");
    assertThatThrownBy(() -> new BundleWriter(stack(), new FakeImages().with("shop/db:1"), BundleOptions.defaults())
        .writeTo(dir.resolve("other.zip"))).hasMessageContaining("shop/api:1");
    assertThat(files(dir)).containsExactly("shop.zip");
  }

  @Test
  void composeVariablesGoIntoEnvExampleAndTheComposeVersionFollowsTheFile(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1").with("shop/api:1");
    Stack s = stack().withService("api", b -> b.addEnvFiles(new dev.onyx.deploy.core.EnvFile("extra.env", false)));
    Path zip = dir.resolve("shop.zip");
    BundleManifest m = new BundleWriter(s, images, BundleOptions.defaults()
        .withComposeVariable("COMPOSE_PROFILES", "s3-filestore")).writeTo(zip);
    try (ZipFile zf = ZipFile.builder().setPath(zip).get();
        InputStream in = zf.getInputStream(zf.getEntry("compose/.env.example"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\nCOMPOSE_PROFILES=s3-filestore\n");
    }
    assertThat(m.composeVersion()).isEqualTo("2.24.0");
    try (ZipFile zf = ZipFile.builder().setPath(zip).get();
        InputStream in = zf.getInputStream(zf.getEntry("scripts/deploy.sh"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("version_at_least \"$have\" 2.24.0", "(it uses env_file with required: false (2.24.0))");
    }
  }

  @Test
  void staleWorkFilesOfAKilledCreateAreRemovedButNotOnesInUse(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1").with("shop/api:1");
    Path stale = Files.writeString(dir.resolve(".shop.zip.12345.part"), "half a bundle");
    Path staleSpool = Files.writeString(dir.resolve(".shop.zip.abc.layers.part"), "a layer");
    Path busy = Files.writeString(dir.resolve(".shop.zip.999.part"), "another create at work");
    Path other = Files.writeString(dir.resolve(".other.zip.1.part"), "not ours");
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(busy,
        java.nio.file.StandardOpenOption.WRITE); var lock = ch.lock()) {
      new BundleWriter(stack(), images, BundleOptions.defaults()).writeTo(dir.resolve("shop.zip"));
      assertThat(files(dir)).containsExactlyInAnyOrder("shop.zip", busy.getFileName().toString(),
          other.getFileName().toString());
    }
    assertThat(stale).doesNotExist();
    assertThat(staleSpool).doesNotExist();
  }

  /**
   * On top of an inventory holding the base layer, the image stream leaves out the base layer's file,
   * and the manifest says what the target must hold.
   */
  @Test
  void anIncrementalBundleLeavesOutTheLayersOfItsBase(@TempDir Path dir) throws Exception {
    FakeImages images = new FakeImages().with("shop/db:1").with("shop/api:1");
    String baseLayer = images.images.get("shop/db:1").layers().get(0);
    LayerInventory inv = LayerInventory.of("test engine", java.time.Instant.parse("2026-01-01T00:00:00Z"),
        List.of(new LayerInventory.Image(FakeImages.digest(new byte[] {1}), List.of("shop/base:0"), List.of(baseLayer))));
    Path full = dir.resolve("full.zip");
    Path inc = dir.resolve("inc.zip");
    new BundleWriter(stack(), images, BundleOptions.defaults()).writeTo(full);
    BundleManifest m = new BundleWriter(stack(), images, BundleOptions.defaults().withSince(inv)).writeTo(inc);

    assertThat(m.incremental()).isTrue();
    assertThat(m.base().orElseThrow().kind()).isEqualTo("inventory");
    assertThat(m.base().orElseThrow().id()).isEqualTo(inv.id());
    assertThat(m.images()).allSatisfy(i -> {
      assertThat(i.expectedLayers()).containsExactly(baseLayer);
      assertThat(i.baseImage()).contains(inv.images().get(0).id());
    });
    long fullTar = Bundle.list(full).file(Bundle.IMAGES_ENTRY).orElseThrow().size();
    long incTar = m.file(Bundle.IMAGES_ENTRY).orElseThrow().size();
    assertThat(fullTar - incTar).isGreaterThanOrEqualTo(images.layers.get(baseLayer).length);
    List<String> entries = new ArrayList<>();
    try (ZipFile zf = ZipFile.builder().setPath(inc).get();
        var t = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            zf.getInputStream(zf.getEntry(Bundle.IMAGES_ENTRY)))) {
      for (var e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertThat(entries).contains(baseLayer.substring(7) + "/VERSION", "manifest.json")
        .doesNotContain(baseLayer.substring(7) + "/layer.tar");
    assertThat(entries.stream().filter(n -> n.endsWith("/layer.tar"))).hasSize(2);
    assertThat(Bundle.verify(inc).manifest()).isEqualTo(m);

    // on top of the full bundle: everything it holds is left out
    BundleManifest again = new BundleWriter(stack(), images, BundleOptions.defaults().withSince(full))
        .writeTo(dir.resolve("again.zip"));
    assertThat(again.base().orElseThrow().id()).isEqualTo(Bundle.id(full));
    assertThat(again.base().orElseThrow().name()).isEqualTo("full.zip");
    assertThat(again.images()).allSatisfy(i -> assertThat(i.expectedLayers()).isEqualTo(i.layers()));
    assertThat(files(dir)).containsExactlyInAnyOrder("full.zip", "inc.zip", "again.zip");
  }

  @Test
  void aLayerIsLeftOutOnlyWhereItsWholeChainIsInTheBase() {
    String a = FakeImages.digest(new byte[] {1});
    String b = FakeImages.digest(new byte[] {2});
    String c = FakeImages.digest(new byte[] {3});
    IncrementalBase base = new IncrementalBase(new BundleManifest.Base("inventory", "sha256:x", "inv.json", "e",
        java.time.Instant.EPOCH), List.of(new LayerInventory.Image("sha256:old", List.of(), List.of(a, b))));
    var info = (java.util.function.Function<List<String>, dev.onyx.deploy.docker.ImageInfo>)
        l -> new dev.onyx.deploy.docker.ImageInfo("sha256:i", List.of(), 1, l);
    Map<String, dev.onyx.deploy.docker.ImageInfo> infos = new java.util.LinkedHashMap<>();
    infos.put("up", info.apply(List.of(a, b, c)));      // a, b present as a chain
    infos.put("moved", info.apply(List.of(c, b)));      // b on top of c: a different chain
    IncrementalBase.Plan p = base.plan(infos);
    assertThat(p.expected().get("up")).containsExactly(a, b);
    assertThat(p.expected().get("moved")).isEmpty();
    assertThat(p.baseImage()).containsOnlyKeys("up");
    assertThat(p.omitted()).containsExactly(a); // b is needed by "moved"
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
