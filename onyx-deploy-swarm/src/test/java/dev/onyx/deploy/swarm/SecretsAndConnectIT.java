package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.EngineApi;
import dev.onyx.deploy.docker.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated secrets made once and kept; a worker is not a manager. */
class SecretsAndConnectIT extends SwarmITBase {

  private static Stack withGeneratedSecret(String name) {
    return Stack.builder(name).addSecret(Secret.generated("token"))
        .addService(Service.builder("app").image(busybox).stopGracePeriod(Duration.ofSeconds(1))
            .command(List.of("sh", "-c", "exec sleep 3600"))
            .addSecrets(FileReference.of("token")).secretEnv("TOKEN", "token").build())
        .build();
  }

  private static String secretName(String stack) {
    List<Map<String, Object>> secrets = engine.api().secrets(stack);
    assertThat(secrets).hasSize(1);
    return String.valueOf(EngineApi.at(secrets.get(0), "Spec", "Name"));
  }

  private static String env(String stack) {
    return String.valueOf(EngineApi.at(services(stack).get("app"), "Spec", "TaskTemplate", "ContainerSpec", "Env"));
  }

  @Test
  void aGeneratedSecretIsMadeOnceAndKept(@TempDir Path dir) {
    Stack s = withGeneratedSecret("oxsw-gen");
    SwarmOptions here = SwarmOptions.defaults().withStateDir(dir.resolve("here")).withTimeout(Duration.ofMinutes(2));
    try {
      engine.apply(s, here);
      String first = secretName("oxsw-gen");
      assertThat(first).startsWith("oxsw-gen_token_");
      String value = read(dir.resolve("here/oxsw-gen/secrets/token"));
      assertThat(env("oxsw-gen")).contains("TOKEN=" + value);

      // another machine, without the kept value: the secret object and the value in the service are reused
      SwarmOptions elsewhere = here.withStateDir(dir.resolve("elsewhere"));
      assertThat(engine.apply(s, elsewhere).wasNoOp()).isTrue();
      assertThat(secretName("oxsw-gen")).isEqualTo(first);
      assertThat(read(dir.resolve("elsewhere/oxsw-gen/secrets/token"))).isEqualTo(value);

      // down and up again from here: the kept value makes the same secret
      engine.down("oxsw-gen");
      engine.apply(s, here);
      assertThat(secretName("oxsw-gen")).isEqualTo(first);
    } finally {
      engine.down("oxsw-gen");
    }
  }

  @Test
  void anExternalSecretIsUsedAsItIsAndOutlivesTheStack() {
    Stack s = Stack.builder("oxsw-ext").addSecret(Secret.external("shared_token"))
        .addService(Service.builder("app").image(busybox).stopGracePeriod(Duration.ofSeconds(1))
            .command(List.of("sh", "-c", "exec sleep 3600")).addSecrets(FileReference.of("shared_token")).build())
        .build();
    SwarmOptions o = SwarmOptions.defaults().withTimeout(Duration.ofMinutes(2));

    assertThatThrownBy(() -> engine.apply(s, o)).isInstanceOf(SwarmUnsupportedException.class)
        .hasMessageContaining("secrets.shared_token: the external secret shared_token is not on the swarm; "
            + "create it first ('docker secret create shared_token FILE')");
    assertThat(objectsOf("oxsw-ext")).isZero();

    String id = engine.api().createObject("secrets", "shared_token", "made elsewhere".getBytes(), Map.of());
    try {
      engine.apply(s, o);
      assertThat(String.valueOf(EngineApi.at(services("oxsw-ext").get("app"), "Spec", "TaskTemplate",
          "ContainerSpec", "Secrets"))).contains("SecretID=" + id, "SecretName=shared_token");
      engine.down("oxsw-ext");
      assertThat(objectsOf("oxsw-ext")).isZero();
      assertThat(engine.api().named("secrets", "shared_token")).isPresent();
    } finally {
      engine.down("oxsw-ext");
      engine.api().removeObject("secrets", id);
    }
  }

  @Test
  void aWorkerIsNotAManagerAndSaysWhereToGo() {
    assertThatThrownBy(() -> SwarmEngine.connect(EngineConfig.of(swarm.workerHost())))
        .isInstanceOf(NotSwarmManagerException.class)
        .hasMessage("the Docker engine at " + swarm.workerHost() + " is a worker of its swarm, not a manager: "
            + "connect to a manager instead (DOCKER_HOST; 'docker node ls' on a manager lists them)");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
