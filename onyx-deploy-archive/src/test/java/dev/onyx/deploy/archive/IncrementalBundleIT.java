package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ImageInfo;
import dev.onyx.deploy.docker.Images;
import dev.onyx.deploy.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Incremental (upgrade) bundles against the real engine: image v1 (busybox + a 4 MB layer) and v2 (v1
 * + a small layer). The v2 bundle made on the v1 bundle (or on an inventory of an engine holding v1)
 * is a small fraction of the full one; where v1 is loaded it loads with v2's original id; where v1 is
 * missing it is refused, naming the v1 bundle, with nothing loaded.
 */
@Tag("docker")
class IncrementalBundleIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String V1 = "onyx-test/incremental:v1-" + RUN;
  static final String V2 = "onyx-test/incremental:v2-" + RUN;

  static DockerEngine engine;
  static Path work;
  static Path v1Zip;
  static String v1Id;

  static Stack stack(String image) {
    return Stack.builder("incr").addService(Service.builder("app").image(image).command("sleep", "3600").build()).build();
  }

  @BeforeAll
  static void buildTwoVersionsAndBundleTheFirst() throws Exception {
    TestImages.busybox();
    engine = DockerEngine.connect();
    work = Files.createTempDirectory("onyx-incremental-it-");
    Path a = Files.createDirectories(work.resolve("v1"));
    Files.writeString(a.resolve("Dockerfile"), "FROM " + TestImages.BUSYBOX + "\nRUN head -c 4000000 /dev/urandom > /big\n");
    v1Id = engine.images().build(V1, a, Build.of("."), DeployListener.NONE);
    Path b = Files.createDirectories(work.resolve("v2"));
    Files.writeString(b.resolve("Dockerfile"), "FROM " + V1 + "\nRUN echo " + RUN + " > /v2\n");
    engine.images().build(V2, b, Build.of("."), DeployListener.NONE);
    v1Zip = work.resolve("app-v1.zip");
    Bundle.create(stack(V1), engine, v1Zip);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (engine != null) {
      engine.images().remove(V2, Images.Removal.FORCE);
      engine.images().remove(V1, Images.Removal.FORCE);
      engine.close();
    }
    if (work != null) {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void ensure(String ref, Path bundle) {
    if (engine.images().inspect(ref).isEmpty()) {
      Bundle.load(bundle, engine);
    }
  }

  /** @return v2's id, building it again (on v1) when an earlier test removed it */
  static String v2() {
    return engine.images().inspect(V2).map(ImageInfo::id)
        .orElseGet(() -> engine.images().build(V2, work.resolve("v2"), Build.of("."), DeployListener.NONE));
  }

  static List<String> engineImages() {
    return engine.images().list().stream().map(ImageInfo::id).sorted().toList();
  }

  @Test
  void theUpgradeIsSmallLoadsOnTopOfItsBaseAndIsRefusedWithoutIt() throws Exception {
    Path full = work.resolve("app-v2-full.zip");
    Path inc = work.resolve("app-v2-inc.zip");
    ensure(V1, v1Zip);
    String v2Id = v2();
    BundleManifest fullM = Bundle.create(stack(V2), engine, full);
    BundleManifest incM = Bundle.create(stack(V2), engine, inc, BundleOptions.defaults().withSince(v1Zip));

    long fullTar = fullM.file(Bundle.IMAGES_ENTRY).orElseThrow().size();
    long incTar = incM.file(Bundle.IMAGES_ENTRY).orElseThrow().size();
    assertThat(incTar).as("incremental %d vs full %d bytes", incTar, fullTar).isLessThan(fullTar / 20);
    assertThat(Files.size(inc)).isLessThan(Files.size(full) / 10);
    assertThat(incM.base().orElseThrow().id()).isEqualTo(Bundle.id(v1Zip));
    assertThat(incM.images().get(0).expectedLayers()).isEqualTo(engine.images().inspect(V1).orElseThrow().layers());
    assertThat(incM.images().get(0).baseImage()).contains(v1Id);
    VerifyReport verified = Bundle.verify(inc);
    assertThat(verified.manifest().incremental()).isTrue();

    // v1 on the engine, v2 not: loads, with v2's original id
    engine.images().remove(V2, Images.Removal.FORCE);
    assertThat(engine.images().inspect(V2)).isEmpty();
    Bundle.load(inc, engine);
    assertThat(engine.images().inspect(V2).map(ImageInfo::id)).contains(v2Id);

    // neither v1 nor v2: refused before anything is loaded, naming the v1 bundle
    engine.images().remove(V2, Images.Removal.FORCE);
    engine.images().remove(V1, Images.Removal.FORCE);
    List<String> before = engineImages();
    assertThatThrownBy(() -> Bundle.load(inc, engine))
        .isInstanceOfSatisfying(MissingBaseException.class, e -> {
          assertThat(e.base().name()).isEqualTo("app-v1.zip");
          assertThat(e.getMessage()).contains("app-v1.zip", V2, "nothing was loaded");
        });
    assertThat(engineImages()).isEqualTo(before);

    // the base first, then the upgrade
    Bundle.load(v1Zip, engine);
    Bundle.load(inc, engine);
    assertThat(engine.images().inspect(V2).map(ImageInfo::id)).contains(v2Id);
    assertThat(engine.images().inspect(V1).map(ImageInfo::id)).contains(v1Id);
  }

  @Test
  void anInventoryOfTheTargetServesAsTheBase() throws Exception {
    ensure(V1, v1Zip);
    engine.images().remove(V2, Images.Removal.FORCE); // the target has v1 only
    LayerInventory inv = Bundle.inventory(engine);
    Path invFile = work.resolve("target.json");
    inv.write(invFile);
    LayerInventory read = LayerInventory.read(invFile);
    assertThat(read.id()).isEqualTo(inv.id());
    assertThat(read.images()).anyMatch(i -> i.id().equals(v1Id));

    Path inc = work.resolve("app-v2-on-inventory.zip");
    engine.images().build(V2, work.resolve("v2"), Build.of("."), DeployListener.NONE);
    BundleManifest m = Bundle.create(stack(V2), engine, inc, BundleOptions.defaults().withSince(read));
    assertThat(m.base().orElseThrow().kind()).isEqualTo("inventory");
    assertThat(m.base().orElseThrow().id()).isEqualTo(read.id());
    assertThat(m.images().get(0).expectedLayers()).hasSize(engine.images().inspect(V1).orElseThrow().layers().size());
    String id = engine.images().inspect(V2).orElseThrow().id();
    engine.images().remove(V2, Images.Removal.FORCE);
    Bundle.load(inc, engine);
    assertThat(engine.images().inspect(V2).map(ImageInfo::id)).contains(id);
  }
}
