package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.core.event.DeployEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SELinux relabel options reach the engine; {@code depends_on restart: true} restarts dependants. */
class RelabelAndRestartIT extends EngineITBase {
  @TempDir
  Path dir;

  static Service.Builder sleeper(String name) {
    return Service.builder(name).image(busybox).stopGracePeriod(Duration.ofSeconds(1))
        .command("sh", "-c", "exec sleep 3600");
  }

  DeployOptions options(List<DeployEvent> events) {
    return DeployOptions.defaults().withStateDir(dir.resolve("state")).withWorkingDir(dir)
        .withTimeout(Duration.ofMinutes(1)).withListener(events::add);
  }

  @Test
  void relabelOptionsReachTheEngineAsBindModes() throws Exception {
    String project = projects.name("relabel");
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/app.conf"), "x=1\n");
    Stack stack = Stack.builder(project).addVolume(Volume.named("data"))
        .addService(sleeper("app")
            .addMounts(Mount.bind("./conf", "/etc/app").asReadOnly().withSelinux(Mount.SelinuxLabel.PRIVATE),
                Mount.volume("data", "/data").withSelinux(Mount.SelinuxLabel.SHARED),
                Mount.anonymousVolume("/cache").withSelinux(Mount.SelinuxLabel.PRIVATE),
                Mount.tmpfs("/scratch"))
            .build())
        .build();
    List<DeployEvent> events = new ArrayList<>();
    DeployResult r = engine.apply(stack, options(events));
    InspectContainerResponse c = client.inspectContainerCmd(r.containerIds().get("app")).exec();
    assertThat(Arrays.stream(c.getHostConfig().getBinds()).map(Object::toString))
        .containsExactlyInAnyOrder(dir.resolve("conf") + ":/etc/app:ro,Z", project + "_data:/data:rw,z");
    assertThat(c.getHostConfig().getMounts()).extracting(com.github.dockerjava.api.model.Mount::getTarget)
        .containsExactlyInAnyOrder("/cache", "/scratch");
    assertThat(c.getMounts()).filteredOn(m -> "/etc/app".equals(m.getDestination().getPath()))
        .singleElement().satisfies(m -> assertThat(m.getMode()).contains("Z"));
    assertThat(c.getMounts()).filteredOn(m -> "/data".equals(m.getDestination().getPath()))
        .singleElement().satisfies(m -> assertThat(m.getMode()).contains("z"));
    assertThat(events).filteredOn(e -> e instanceof DeployEvent.Warning)
        .extracting(DeployEvent::describe).anySatisfy(w -> assertThat(w).contains("anonymous volume at /cache"));
    // the content is there and read-only
    assertThat(engine.exec(project, "app", List.of("cat", "/etc/app/app.conf")).stdout()).isEqualTo("x=1\n");
    assertThat(engine.exec(project, "app", List.of("touch", "/etc/app/new")).exitCode()).isNotZero();

    // unchanged: nothing to do; a changed relabel recreates
    assertThat(engine.plan(stack, options(new ArrayList<>())).isNoOp()).isTrue();
    Stack shared = stack.toBuilder().putService(stack.service("app").orElseThrow().toBuilder()
        .mounts(List.of(Mount.bind("./conf", "/etc/app").asReadOnly().withSelinux(Mount.SelinuxLabel.SHARED),
            Mount.volume("data", "/data").withSelinux(Mount.SelinuxLabel.SHARED),
            Mount.anonymousVolume("/cache").withSelinux(Mount.SelinuxLabel.PRIVATE),
            Mount.tmpfs("/scratch")))
        .build()).build();
    Plan p = engine.plan(shared, options(new ArrayList<>()));
    assertThat(p.actionFor("app").kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
    assertThat(p.actionFor("app").reason()).isEqualTo("changed: mounts");
  }

  @Test
  void aRecreatedDependencyRestartsDependantsWithRestartTrue() {
    String project = projects.name("dep-restart");
    Stack v1 = restartStack(project, "v1");
    DeployResult first = engine.apply(v1, options(new ArrayList<>()));
    String apiStarted = startedAt(first.containerIds().get("api"));
    String workerStarted = startedAt(first.containerIds().get("worker"));

    Stack v2 = restartStack(project, "v2");
    Plan p = engine.plan(v2, options(new ArrayList<>()));
    assertThat(p.actionFor("db").kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
    assertThat(p.actionFor("api").kind()).isEqualTo(PlannedAction.Kind.RESTART_CONTAINER);
    assertThat(p.actionFor("worker").kind()).isEqualTo(PlannedAction.Kind.NOTHING);

    DeployResult second = engine.apply(v2, options(new ArrayList<>()));
    assertThat(second.containerIds().get("db")).isNotEqualTo(first.containerIds().get("db"));
    // same container, started again; the dependant without restart: true was left alone
    assertThat(second.containerIds().get("api")).isEqualTo(first.containerIds().get("api"));
    assertThat(startedAt(second.containerIds().get("api"))).isNotEqualTo(apiStarted);
    assertThat(client.inspectContainerCmd(second.containerIds().get("api")).exec().getState().getRunning()).isTrue();
    assertThat(second.containerIds().get("worker")).isEqualTo(first.containerIds().get("worker"));
    assertThat(startedAt(second.containerIds().get("worker"))).isEqualTo(workerStarted);
    // and then it has converged
    assertThat(engine.plan(v2, options(new ArrayList<>())).isNoOp()).isTrue();
  }

  static Stack restartStack(String project, String dbVersion) {
    return Stack.builder(project)
        .addService(sleeper("db").environment(java.util.Map.of("VERSION", dbVersion)).build())
        .addService(sleeper("api").addDependsOn(DependsOn.started("db").withRestart()).build())
        .addService(sleeper("worker").addDependsOn(DependsOn.started("db")).build())
        .build();
  }

  static String startedAt(String id) {
    return client.inspectContainerCmd(id).exec().getState().getStartedAt();
  }
}
