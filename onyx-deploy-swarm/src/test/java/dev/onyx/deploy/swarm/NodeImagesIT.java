package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.Placement;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.EngineApi;
import dev.onyx.deploy.docker.Images;
import dev.onyx.deploy.testsupport.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's image on every node: refused before anything is made when a node that may run it
 * lacks it and no registry is set; pushed to a registry the nodes pull from when one is.
 */
class NodeImagesIT extends SwarmITBase {
  /** An image made on the manager only: the worker never has it unless it pulls it. */
  static final String ONLY_ON_MANAGER = "onyx-test/swarm-manager-only:1";

  @BeforeAll
  static void managerOnlyImage(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM " + busybox + "\nRUN echo made-on-the-manager > /marker\n");
    engine.engine().images().build(ONLY_ON_MANAGER, dir, Build.of("."),
        DeployListener.NONE);
    swarm.removeFromWorker(ONLY_ON_MANAGER);
  }

  @AfterAll
  static void removeImage() {
    engine.engine().images().remove(ONLY_ON_MANAGER, Images.Removal.FORCE);
  }

  private static Stack stack(String name, Deploy deploy) {
    return Stack.builder(name).addService(Service.builder("app").image(ONLY_ON_MANAGER)
        .command(List.of("sh", "-c", "cat /marker; exec sleep 3600")).stopGracePeriod(Duration.ofSeconds(1))
        .deploy(deploy).build()).build();
  }

  @Test
  void refusesBeforeAnythingIsMadeWhenANodeLacksTheImageAndNoRegistryIsSet() {
    Stack s = stack("oxsw-noimg", Deploy.builder().replicas(2).build());

    assertThatThrownBy(() -> engine.apply(s, SwarmOptions.defaults()))
        .isInstanceOf(SwarmUnsupportedException.class)
        .hasMessageContaining("services.app.image: image " + ONLY_ON_MANAGER)
        .hasMessageContaining("is not on node")
        .hasMessageContaining(dev.onyx.deploy.testsupport.TwoNodeSwarm.WORKER_ADDRESS)
        .hasMessageContaining("and no registry is set");

    assertThat(objectsOf("oxsw-noimg")).isZero();
    assertThat(engine.api().objectsLabelled("services", Names.IMAGE_CHECK + "=oxsw-noimg")).isEmpty();
  }

  @Test
  void aServicePinnedToNodesThatHoldTheImageIsDeployed() {
    Stack s = stack("oxsw-pinned", Deploy.builder().placement(Placement.constraints("node.role == manager")).build());
    try {
      engine.apply(s, SwarmOptions.defaults().withTimeout(Duration.ofMinutes(2)));
      assertThat(engine.status("oxsw-pinned")).singleElement().satisfies(st -> {
        assertThat(st.ready()).isTrue();
        assertThat(st.tasks()).singleElement().satisfies(t -> assertThat(t.nodeId()).contains(swarm.managerNodeId()));
      });
    } finally {
      engine.down("oxsw-pinned");
    }
  }

  @Test
  void pushesToTheRegistryAndEveryNodePullsItByDigest() throws Exception {
    Stack s = stack("oxsw-reg", Deploy.builder().replicas(2).build());
    TestRegistry registry = TestRegistry.builder().alsoServeThrough(swarm::inWorkerNamespace).start();
    String pushed = registry.image("onyx-test/swarm-manager-only:1");
    List<String> onWorker = new ArrayList<>(List.of(pushed));
    try (registry) {
      List<DeployEvent> events = Collections.synchronizedList(new ArrayList<>());
      SwarmOptions o = SwarmOptions.defaults().withRegistry(registry.address()).withTimeout(Duration.ofMinutes(2));

      engine.apply(s, o.withListener(events::add));

      assertThat(events).contains(new DeployEvent.ActionStarted("push image " + pushed));
      assertThat(events).anyMatch(e -> e instanceof DeployEvent.ImageTransferred t && t.image().equals(pushed)
          && t.direction() == DeployEvent.Direction.PUSH);
      Map<String, Object> app = services("oxsw-reg").get("app");
      String byDigest = String.valueOf(EngineApi.at(app, "Spec", "TaskTemplate", "ContainerSpec", "Image"));
      assertThat(byDigest).startsWith(pushed + "@sha256:");
      onWorker.add(byDigest.replace(":1@", "@"));
      SwarmServiceStatus st = engine.status("oxsw-reg").get(0);
      assertThat(st.running()).isEqualTo(2);
      assertThat(st.tasks().stream().map(t -> t.nodeId().orElseThrow()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(swarm.managerNodeId(), swarm.workerNodeId());

      events.clear();
      assertThat(engine.apply(s, o.withListener(events::add)).wasNoOp()).isTrue();
      assertThat(events).noneMatch(e -> e instanceof DeployEvent.ActionStarted a && a.action().startsWith("push"));
    } finally {
      engine.down("oxsw-reg");
      engine.engine().images().remove(pushed, Images.Removal.FORCE);
      swarm.removeFromWorker(onWorker.toArray(String[]::new));
    }
  }
}
