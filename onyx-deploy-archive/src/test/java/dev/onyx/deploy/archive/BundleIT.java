package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ExecResult;
import dev.onyx.deploy.docker.ImageInfo;
import dev.onyx.deploy.docker.Images;
import dev.onyx.deploy.docker.ServiceStatus;
import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Offline bundles against the real engine: two locally built images sharing the busybox base (one
 * built by the bundle itself from its service's {@code build}), bundled, removed, loaded back.
 */
@Tag("docker")
class BundleIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String TAG_A = "onyx-test/bundle-a:" + RUN;
  static final String TAG_B = "onyx-test/bundle-b:" + RUN;

  static DockerEngine engine;
  static Path work;
  static Path zip;
  static Stack stack;
  static BundleManifest manifest;
  static String idA;
  static String idB;

  @BeforeAll
  static void bundleTwoImagesSharingABase() throws Exception {
    TestImages.busybox();
    engine = DockerEngine.connect();
    work = Files.createTempDirectory("onyx-bundle-it-");
    Path a = Files.createDirectories(work.resolve("a"));
    Files.writeString(a.resolve("Dockerfile"), "FROM " + TestImages.BUSYBOX + "\nCOPY a.txt /a.txt\n");
    Files.writeString(a.resolve("a.txt"), "image a " + RUN + "\n");
    idA = engine.images().build(TAG_A, a, Build.of("a"), DeployListener.NONE);
    Path b = Files.createDirectories(work.resolve("b"));
    Files.writeString(b.resolve("Dockerfile"), "FROM " + TestImages.BUSYBOX + "\nCOPY b.txt /b.txt\n");
    Files.writeString(b.resolve("b.txt"), "image b " + RUN + "\n");
    assertThat(engine.images().inspect(TAG_B)).isEmpty();

    stack = Stack.builder("bundleit")
        .addSecret(Secret.generated("token"))
        .addService(Service.builder("a").image(TAG_A)
            .command("sh", "-c", "echo \"$TOKEN_ENV\" > /tmp/e; exec sleep 3600")
            .secretEnv("TOKEN_ENV", "token")
            .addSecrets(FileReference.of("token"))
            .stopGracePeriod(java.time.Duration.ofSeconds(1))
            .build())
        .addService(Service.builder("b").image(TAG_B).build(Build.of("b"))
            .command("sleep", "3600")
            .stopGracePeriod(java.time.Duration.ofSeconds(1))
            .addDependsOn(DependsOn.started("a"))
            .build())
        .build();
    zip = work.resolve("bundleit.zip");
    manifest = Bundle.create(stack, engine, zip, BundleOptions.defaults().withProjectDirectory(work));
    idB = engine.images().inspect(TAG_B).orElseThrow().id();
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (engine != null) {
      engine.images().remove(TAG_A, Images.Removal.FORCE);
      engine.images().remove(TAG_B, Images.Removal.FORCE);
      engine.close();
    }
    if (work != null) {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void removeImages() {
    engine.images().remove(TAG_A, Images.Removal.FORCE);
    engine.images().remove(TAG_B, Images.Removal.FORCE);
    assertThat(engine.images().inspect(TAG_A)).isEmpty();
    assertThat(engine.images().inspect(TAG_B)).isEmpty();
  }

  static void restoreImages() {
    if (engine.images().inspect(TAG_A).isEmpty() || engine.images().inspect(TAG_B).isEmpty()) {
      Bundle.load(zip, engine);
    }
  }

  @Test
  void theManifestListsBothImagesAndTheBuiltOne() {
    assertThat(manifest.images()).extracting(BundleManifest.Image::reference).containsExactly(TAG_A, TAG_B);
    assertThat(manifest.images()).extracting(BundleManifest.Image::id).containsExactly(idA, idB);
    assertThat(manifest.images().get(1).tags()).contains(TAG_B);
    assertThat(Bundle.verify(zip).filesChecked()).isEqualTo(manifest.files().size());
  }

  @Test
  void loadBringsTheImagesBackWithTheSameIdsAndTheStackDeploys() throws Exception {
    String project = TestProjects.uniqueName("bundle-load");
    Path dir = work.resolve("extract-" + project);
    removeImages();
    try {
      LoadResult r = Bundle.load(zip, engine, LoadOptions.defaults().withExtractTo(dir).withDeployAs(project));

      assertThat(engine.images().inspect(TAG_A).map(ImageInfo::id)).contains(idA);
      assertThat(engine.images().inspect(TAG_B).map(ImageInfo::id)).contains(idB);
      assertThat(r.images()).extracting(BundleManifest.Image::id).containsExactly(idA, idB);
      assertThat(r.deployedProject()).contains(project);
      assertThat(r.generatedSecrets()).containsExactly("token");
      assertThat(dir.resolve("compose.yaml")).exists();
      assertThat(dir.resolve(".env.example")).exists();

      List<ServiceStatus> status = engine.status(project);
      assertThat(status).extracting(ServiceStatus::service).containsExactlyInAnyOrder("a", "b");
      assertThat(status).allMatch(s -> s.state().equals("running"), "all running: " + status);
      String token = Files.readString(dir.resolve("secrets/token")).strip();
      assertThat(token).matches("[A-Za-z0-9]{32}");
      ExecResult file = engine.exec(project, "a", List.of("cat", "/run/secrets/token"));
      assertThat(file.stdout().strip()).isEqualTo(token);
      ExecResult env = engine.exec(project, "a", List.of("cat", "/tmp/e"));
      assertThat(env.stdout().strip()).isEqualTo(token);
    } finally {
      TestProjects.removeAll(project);
      restoreImages();
    }
  }

  static Path extractImagesTar(Path to) throws IOException {
    try (ZipFile zf = ZipFile.builder().setPath(zip).get(); InputStream in = zf.getInputStream(zf.getEntry(Bundle.IMAGES_ENTRY))) {
      Files.copy(in, to);
    }
    return to;
  }

  @Test
  void theImagesTarHoldsTheSharedLayerOnceAndDockerLoadAcceptsIt() throws Exception {
    Path tar = extractImagesTar(work.resolve("images-" + RUN + ".tar"));
    List<String> layerFiles = new ArrayList<>();
    JsonNode tarManifest = null;
    try (TarArchiveInputStream t = new TarArchiveInputStream(Files.newInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = t.getNextEntry()) != null) {
        if (e.getName().endsWith("/layer.tar") || e.getName().startsWith("blobs/")) {
          layerFiles.add(e.getName());
        }
        if (e.getName().equals("manifest.json")) {
          tarManifest = new ObjectMapper().readTree(t.readAllBytes());
        }
      }
    }
    assertThat(tarManifest).isNotNull();
    assertThat(tarManifest.size()).isEqualTo(2);
    List<String> layersA = new ArrayList<>();
    List<String> layersB = new ArrayList<>();
    tarManifest.get(0).get("Layers").forEach(n -> layersA.add(n.asText()));
    tarManifest.get(1).get("Layers").forEach(n -> layersB.add(n.asText()));
    assertThat(layersA).hasSize(2);
    assertThat(layersB).hasSize(2);
    // the busybox base layer is the first layer of both images, and its file is in the tar once
    assertThat(layersA.get(0)).isEqualTo(layersB.get(0));
    assertThat(Collections.frequency(layerFiles, layersA.get(0))).isEqualTo(1);
    Set<String> union = new HashSet<>(layersA);
    union.addAll(layersB);
    assertThat(union).hasSize(3);
    assertThat(layerFiles.stream().filter(union::contains).toList()).hasSize(3);

    removeImages();
    try {
      Process p = new ProcessBuilder("docker", "load", "-i", tar.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains(TAG_A, TAG_B);
      assertThat(engine.images().inspect(TAG_A).map(ImageInfo::id)).contains(idA);
      assertThat(engine.images().inspect(TAG_B).map(ImageInfo::id)).contains(idB);
    } finally {
      Files.deleteIfExists(tar);
      restoreImages();
    }
  }

  /**
   * What an operator does on a machine without onyx-deploy: unzip, {@code sh scripts/deploy.sh}
   * (checksums, docker load, secrets, {@code docker compose up -d --wait}) with the real docker CLI
   * and Compose v2.
   */
  @Test
  void theShellDeployScriptRunsTheBundleWithDockerCompose() throws Exception {
    String project = TestProjects.uniqueName("bundle-sh");
    Path root = work.resolve("unzipped-" + project);
    try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
        Path t = root.resolve(e.getName());
        Files.createDirectories(t.getParent());
        try (InputStream in = zf.getInputStream(e)) {
          Files.copy(in, t);
        }
      }
    }
    removeImages();
    try {
      Process p = new ProcessBuilder("sh", "scripts/deploy.sh", project).directory(root.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("Checking the bundle's files against SHA256SUMS", "Generated secret 'token'",
          "'" + project + "' is up");
      assertThat(engine.images().inspect(TAG_A).map(ImageInfo::id)).contains(idA);
      assertThat(engine.images().inspect(TAG_B).map(ImageInfo::id)).contains(idB);
      List<ServiceStatus> status = engine.status(project);
      assertThat(status).extracting(ServiceStatus::service).containsExactlyInAnyOrder("a", "b");
      assertThat(status).allMatch(st -> st.state().equals("running"), "all running: " + status);
      String token = Files.readString(root.resolve("compose/secrets/token"));
      assertThat(engine.exec(project, "a", List.of("cat", "/run/secrets/token")).stdout().strip()).isEqualTo(token.strip());
      assertThat(engine.exec(project, "a", List.of("cat", "/tmp/e")).stdout().strip()).isEqualTo(token.strip());
      assertThat(Files.readString(root.resolve("compose/.env"))).contains("=" + token.strip());
    } finally {
      TestProjects.removeAll(project);
      restoreImages();
    }
  }

  @Test
  void aFlippedByteIsRefusedByVerifyAndLoadImportsNothing() throws Exception {
    List<String> names = new ArrayList<>();
    List<long[]> ranges = BundleVerifyTest.dataRanges(zip, names);
    removeImages();
    try {
      for (String entry : List.of(Bundle.IMAGES_ENTRY, "compose/compose.yaml", "manifest.json", "scripts/deploy.ps1")) {
        int i = names.indexOf(entry);
        Path bad = work.resolve("bad.zip");
        Files.copy(zip, bad);
        BundleVerifyTest.flip(bad, ranges.get(i)[0] + ranges.get(i)[1] / 2);
        assertThatThrownBy(() -> Bundle.verify(bad)).as(entry).isInstanceOf(BundleVerificationException.class)
            .hasMessageContaining("entry " + entry + " in " + bad);
        Path dir = work.resolve("not-extracted");
        assertThatThrownBy(() -> Bundle.load(bad, engine, LoadOptions.defaults().withExtractTo(dir))).as(entry)
            .isInstanceOf(BundleVerificationException.class)
            .extracting(e -> ((BundleVerificationException) e).entry().orElseThrow()).isEqualTo(entry);
        assertThat(dir).doesNotExist();
        assertThat(engine.images().inspect(TAG_A)).as("nothing imported").isEmpty();
        assertThat(engine.images().inspect(TAG_B)).as("nothing imported").isEmpty();
        Files.delete(bad);
      }
    } finally {
      restoreImages();
    }
  }

  @Test
  void aCraftedZipWithTraversalPathsIsRefusedAndNothingIsWrittenOutside() throws Exception {
    Path inside = Files.createDirectories(work.resolve("slip/inside"));
    String abs = work.resolve("slip/absolute.txt").toString();
    for (String evil : List.of("../x", "compose/../../x", abs)) {
      Path crafted = work.resolve("slip/evil.zip");
      try (ZipFile zf = ZipFile.builder().setPath(zip).get(); ZipArchiveOutputStream z = new ZipArchiveOutputStream(crafted)) {
        for (ZipArchiveEntry e : Collections.list(zf.getEntriesInPhysicalOrder())) {
          z.addRawArchiveEntry(e, zf.getRawInputStream(e));
        }
        z.putArchiveEntry(new ZipArchiveEntry(evil));
        z.write("pwned".getBytes(StandardCharsets.UTF_8));
        z.closeArchiveEntry();
      }
      Path target = inside.resolve("project");
      assertThatThrownBy(() -> Bundle.load(crafted, engine, LoadOptions.defaults().withExtractTo(target))).as(evil)
          .isInstanceOf(BundleVerificationException.class)
          .hasMessageContaining("entry '" + evil + "'").hasMessageContaining("refused");
      assertThat(target).doesNotExist();
      Files.delete(crafted);
    }
    assertThat(work.resolve("slip/x")).doesNotExist();
    assertThat(work.resolve("x")).doesNotExist();
    assertThat(Path.of(abs)).doesNotExist();
  }

  @Test
  void anEngineStreamFailingHalfWayLeavesNothingAtTheFinalPath() throws Exception {
    Path dir = Files.createDirectories(work.resolve("fail"));
    Path out = dir.resolve("half.zip");
    BundleWriter c = new BundleWriter(stack, ImageStore.of(engine.images()),
        BundleOptions.defaults().withProjectDirectory(work)).chunkSize(64 << 10)
        .imageStreamFilter(in -> new BundleCreateTest.FailingAfter(in, 512 << 10));
    assertThatThrownBy(() -> c.writeTo(out)).isInstanceOf(ArchiveException.class)
        .hasMessageContaining("engine connection reset").hasMessageContaining("nothing was written to " + out);
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.toList()).as("no temporary file left").isEmpty();
    }
  }

  @Test
  void imagesThatAreMissingAreNamedBeforeAnythingIsWritten() throws Exception {
    Path dir = Files.createDirectories(work.resolve("missing"));
    String ghost = "onyx-test/ghost:" + RUN;
    Stack s = stack.withService(Service.builder("ghost").image(ghost).command("sleep", "1").build());
    assertThatThrownBy(() -> Bundle.create(s, engine, dir.resolve("x.zip"),
        BundleOptions.defaults().withPullPolicy(dev.onyx.deploy.docker.PullPolicy.NEVER)))
        .isInstanceOf(MissingImagesException.class)
        .hasMessageContaining(ghost + " (service ghost, not pulled: pull policy never)")
        .extracting(e -> ((MissingImagesException) e).images()).isEqualTo(List.of(ghost));
    try (Stream<Path> l = Files.list(dir)) {
      assertThat(l.toList()).isEmpty();
    }
  }
}
