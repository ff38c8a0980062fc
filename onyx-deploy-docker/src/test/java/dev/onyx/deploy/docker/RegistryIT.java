package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployEvent.Direction;
import dev.onyx.deploy.core.event.DeployEvent.LayerPhase;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.testsupport.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and push through the API against real registries (Debian's docker-registry), one without
 * authentication and one with htpasswd (bcrypt) authentication: per-layer progress, the reasons of
 * failures (not found, unauthorised, unreachable) with the image and the registry named and no
 * credential anywhere, credentials from code, from a Docker configuration file and from
 * {@code DOCKER_AUTH_CONFIG}, and the pull step of an apply (missing images pulled before anything is
 * created; a failed pull creates nothing; the service's {@code pull_policy} wins).
 */
class RegistryIT extends EngineITBase {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String PASSWORD = "pw-" + RUN + "-s3cret";
  static final String LOCAL = "onyx-test/registry-it:" + RUN;

  static TestRegistry open;
  static TestRegistry locked;
  static String imageId;

  @BeforeAll
  static void startRegistriesAndBuildAnImageWithItsOwnLayer(@TempDir Path dir) throws Exception {
    open = TestRegistry.start();
    locked = TestRegistry.builder().withAuth("alice", PASSWORD).start();
    Files.writeString(dir.resolve("Dockerfile"), "FROM " + busybox + "\nRUN head -c 300000 /dev/urandom > /blob\n");
    imageId = engine.images().build(LOCAL, dir, Build.of("."), DeployListener.NONE);
  }

  @AfterAll
  static void stopRegistries() {
    engine.images().remove(LOCAL, Images.Removal.FORCE);
    for (TestRegistry r : new TestRegistry[] {open, locked}) {
      if (r != null) {
        r.close();
      }
    }
  }

  static RegistryOptions as(String user, String password, TestRegistry r) {
    return RegistryOptions.defaults().withCredentials(RegistryCredentials.of(r.address(), RegistryAuth.basic(user, password)));
  }

  static void tag(String source, String target) {
    int colon = target.lastIndexOf(':');
    client.tagImageCmd(source, target.substring(0, colon), target.substring(colon + 1)).exec();
  }

  /** Pushes, removes the image (its own layer too), pulls it back: every layer reports progress. */
  @Test
  void pushThenPullWithoutAuthReportsEveryLayerAndGivesTheSameImage() {
    String ref = open.image("it/app:" + RUN);
    tag(LOCAL, ref);
    List<DeployEvent> events = new CopyOnWriteArrayList<>();
    String digest = engine.images().push(ref, RegistryOptions.defaults(), events::add);
    assertThat(digest).startsWith("sha256:");
    assertThat(events).first().isEqualTo(new DeployEvent.ImageTransferStarted(ref, Direction.PUSH));
    assertThat(events).filteredOn(DeployEvent.LayerProgress.class::isInstance).isNotEmpty();
    assertThat(events).last().isInstanceOf(DeployEvent.ImageTransferred.class);

    engine.images().remove(ref, Images.Removal.FORCE);
    engine.images().remove(LOCAL, Images.Removal.FORCE);
    assertThat(engine.images().inspect(imageId)).isEmpty();
    events.clear();
    try {
      ImageInfo pulled = engine.images().pull(ref, RegistryOptions.defaults(), events::add);
      assertThat(pulled.id()).isEqualTo(imageId);
      List<DeployEvent.LayerProgress> layers = events.stream()
          .filter(DeployEvent.LayerProgress.class::isInstance).map(DeployEvent.LayerProgress.class::cast).toList();
      // the busybox base is on the engine; the image's own layer moves and reports its bytes
      assertThat(layers).anyMatch(l -> l.phase() == LayerPhase.ALREADY_PRESENT);
      assertThat(layers).anyMatch(l -> l.phase() == LayerPhase.DOWNLOADING && l.total() > 0 && l.done() == l.total());
      assertThat(layers).anyMatch(l -> l.phase() == LayerPhase.DONE);
      assertThat(events).last().isEqualTo(new DeployEvent.ImageTransferred(ref, Direction.PULL, imageId,
          ((DeployEvent.ImageTransferred) events.get(events.size() - 1)).took()));
    } finally {
      tag(ref, LOCAL);
      engine.images().remove(ref, Images.Removal.FORCE);
    }
  }

  @Test
  void aMissingImageAndAnUnreachableRegistryAreNamedWithTheirReason() throws Exception {
    String missing = open.image("it/none:" + RUN);
    assertThatThrownBy(() -> engine.images().pull(missing, RegistryOptions.defaults(), DeployListener.NONE))
        .isInstanceOfSatisfying(ImageTransferException.class, e -> {
          assertThat(e.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ImageTransferException.Reason.NOT_FOUND);
            assertThat(f.registry()).isEqualTo(open.address());
          });
          assertThat(e.getMessage()).contains(missing).contains("not found").contains("registry " + open.address());
        });
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String nowhere = "127.0.0.1:" + closed + "/it/app:1";
    assertThatThrownBy(() -> engine.images().pull(nowhere, RegistryOptions.defaults(), DeployListener.NONE))
        .isInstanceOfSatisfying(ImageTransferException.class, e -> {
          assertThat(e.failures().get(0).reason()).isEqualTo(ImageTransferException.Reason.UNREACHABLE);
          assertThat(e.getMessage()).contains(nowhere).contains("unreachable").contains("127.0.0.1:" + closed);
        });
  }

  @Test
  void withAuthTheRightPasswordPushesAndPullsAndAWrongOneIsRefusedWithoutShowingIt() {
    String ref = locked.image("it/private:" + RUN);
    tag(LOCAL, ref);
    try {
      assertThatThrownBy(() -> engine.images().push(ref, RegistryOptions.defaults()
          .withCredentials(RegistryCredentials.none()), DeployListener.NONE))
          .isInstanceOfSatisfying(ImageTransferException.class,
              e -> assertThat(e.failures().get(0).reason()).isEqualTo(ImageTransferException.Reason.UNAUTHORISED));
      assertThat(engine.images().push(ref, as("alice", PASSWORD, locked), DeployListener.NONE)).startsWith("sha256:");
      engine.images().remove(ref, Images.Removal.FORCE);

      List<DeployEvent> events = new CopyOnWriteArrayList<>();
      for (RegistryOptions wrong : List.of(as("alice", "not-" + PASSWORD, locked),
          RegistryOptions.defaults().withCredentials(RegistryCredentials.none()))) {
        assertThatThrownBy(() -> engine.images().pull(ref, wrong, events::add))
            .isInstanceOfSatisfying(ImageTransferException.class, e -> {
              assertThat(e.failures().get(0).reason()).isEqualTo(ImageTransferException.Reason.UNAUTHORISED);
              assertThat(e.getMessage()).contains(ref).contains("unauthorised").contains(locked.address())
                  .doesNotContain(PASSWORD);
            });
      }
      assertThat(events).allSatisfy(ev -> assertThat(ev.describe()).doesNotContain(PASSWORD));
      assertThat(as("alice", PASSWORD, locked).credentials().find(locked.address()).orElseThrow().toString())
          .doesNotContain(PASSWORD);

      assertThat(engine.images().pull(ref, as("alice", PASSWORD, locked), DeployListener.NONE).id()).isEqualTo(imageId);
    } finally {
      engine.images().remove(ref, Images.Removal.FORCE);
    }
  }

  @Test
  void credentialsComeFromADockerConfigFileAndFromDockerAuthConfig(@TempDir Path dir) throws Exception {
    String ref = locked.image("it/config:" + RUN);
    tag(LOCAL, ref);
    try {
      engine.images().push(ref, as("alice", PASSWORD, locked), DeployListener.NONE);
      engine.images().remove(ref, Images.Removal.FORCE);
      String auth = Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      String config = "{\"auths\":{\"http://" + locked.address() + "\":{\"auth\":\"" + auth + "\"}}}";
      Path file = Files.writeString(dir.resolve("config.json"), config);
      assertThat(engine.images().pull(ref, RegistryOptions.defaults()
          .withCredentials(RegistryCredentials.fromDockerConfig(file)), DeployListener.NONE).id()).isEqualTo(imageId);
      engine.images().remove(ref, Images.Removal.FORCE);
      RegistryCredentials env = DockerConfigCredentials.fromEnvironment(java.util.Map.of("DOCKER_AUTH_CONFIG", config));
      assertThat(engine.images().pull(ref, RegistryOptions.defaults().withCredentials(env), DeployListener.NONE).id())
          .isEqualTo(imageId);
    } finally {
      engine.images().remove(ref, Images.Removal.FORCE);
    }
  }

  @Test
  void applyPullsMissingImagesFirstAndAFailedPullCreatesNothing() {
    String ref = locked.image("it/apply:" + RUN);
    tag(LOCAL, ref);
    engine.images().push(ref, as("alice", PASSWORD, locked), DeployListener.NONE);
    engine.images().remove(ref, Images.Removal.FORCE);
    String project = projects.name("pull");
    Stack stack = Stack.builder(project)
        .addService(Service.builder("app").image(ref).command("sleep", "3600")
            .stopGracePeriod(java.time.Duration.ofSeconds(1)).build())
        .build();
    try {
      assertThatThrownBy(() -> engine.apply(stack, DeployOptions.defaults().withRegistryOptions(as("alice", "wrong", locked))))
          .isInstanceOf(ImageTransferException.class)
          .hasMessageContaining("for project " + project).hasMessageContaining("nothing was created");
      assertThat(engine.status(project)).isEmpty();
      assertThat(client.listNetworksCmd().withFilter("label", List.of(Names.PROJECT + "=" + project)).exec()).isEmpty();

      assertThatThrownBy(() -> engine.apply(stack, DeployOptions.defaults().withPullPolicy(PullPolicy.NEVER)))
          .isInstanceOf(DeployException.class).hasMessageContaining("pull policy never");
      assertThat(engine.status(project)).isEmpty();

      List<DeployEvent> events = new CopyOnWriteArrayList<>();
      engine.apply(stack, DeployOptions.defaults().withRegistryOptions(as("alice", PASSWORD, locked))
          .withListener(events::add));
      assertThat(events).first().isEqualTo(new DeployEvent.ImageTransferStarted(ref, Direction.PULL));
      assertThat(engine.status(project)).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("running"));

      // the service's pull_policy wins: "never" is not pulled even with --pull always (it is present)
      Stack never = stack.withService("app", b -> b.pullPolicy("never"));
      events.clear();
      engine.apply(never, DeployOptions.defaults().withPullPolicy(PullPolicy.ALWAYS).withListener(events::add));
      assertThat(events).noneMatch(DeployEvent.ImageTransferStarted.class::isInstance);
      events.clear();
      engine.apply(stack, DeployOptions.defaults().withPullPolicy(PullPolicy.ALWAYS)
          .withRegistryOptions(as("alice", PASSWORD, locked)).withListener(events::add));
      assertThat(events).contains(new DeployEvent.ImageTransferStarted(ref, Direction.PULL));
    } finally {
      engine.down(project, DownOptions.defaults().withVolumes(true));
      engine.images().remove(ref, Images.Removal.FORCE);
    }
  }
}
