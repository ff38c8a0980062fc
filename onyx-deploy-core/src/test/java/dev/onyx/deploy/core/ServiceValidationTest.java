package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for the per-service rules of {@link Validator} not covered by a more specific test class. */
class ServiceValidationTest {

  @Test
  void rejectsAServiceWithNeitherImageNorBuild() {
    assertOnly("services.api", "needs an image or a build", Service.builder("api").build());
  }

  @Test
  void acceptsAServiceWithOnlyABuild() {
    assertThatCode(() -> Problems.valid(Service.builder("api").build(Build.of("./api")).build()))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsABlankImage() {
    assertOnly("services.api.image", "must not be blank", Service.builder("api").image(" ").build());
  }

  @Test
  void rejectsClashingContainerNames() {
    assertOnly("services.b.container_name", "'shop-db' is also used by service 'a'",
        service("a").containerName("shop-db").build(),
        service("b").containerName("shop-db").build());
  }

  @Test
  void rejectsAnInvalidContainerName() {
    assertOnly("services.a.container_name", "invalid container name 'shop/db' (use letters, digits, '.', '-'"
        + " and '_', starting with a letter or digit)", service("a").containerName("shop/db").build());
  }

  @Test
  void acceptsDistinctContainerNames() {
    assertThatCode(() -> Problems.valid(service("a").containerName("x").build(),
        service("b").containerName("y").build(), service("c").build())).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1VAR", "MY VAR", "A=B", "", "-X", "ÄRGER"})
  void rejectsAnInvalidEnvironmentVariableName(String key) {
    assertOnly("services.api.environment." + key, "invalid variable name '" + key + "'",
        service("api").env(key, "1").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"PATH", "_x", "my.var", "MY-VAR", "a1"})
  void acceptsValidEnvironmentVariableNames(String key) {
    assertThatCode(() -> Problems.valid(service("api").env(key, "1").build())).doesNotThrowAnyException();
  }

  @Test
  void rejectsAnInvalidVariableNameForASecret() {
    assertOnly(Stack.builder("shop").addSecret(Secret.generated("pw"))
            .addService(service("api").secretEnv("DB PASSWORD", "pw").build()),
        "services.api.environment.DB PASSWORD", "invalid variable name 'DB PASSWORD'");
  }

  @Test
  void acceptsAVariableTakenFromTheDeployingEnvironment() {
    assertThat(Problems.valid(service("api").env("HOME", null).build()).services().get(0).environment())
        .containsEntry("HOME", null);
  }

  @Test
  void rejectsAnInvalidVariableNameForASecretFromTheEnvironment() {
    assertOnly(Stack.builder("shop").addSecret(Secret.fromEnvironment("pw", "DB PASSWORD")),
        "secrets.pw.environment", "invalid variable name 'DB PASSWORD'");
  }

  @Test
  void rejectsAUlimitWhoseSoftLimitIsAboveTheHardLimit() {
    assertOnly("services.a.ulimits.nofile", "soft limit 2048 is above hard limit 1024",
        service("a").addUlimits(Ulimit.of("nproc", 100), new Ulimit("nofile", 2048, 1024)).build());
  }

  @Test
  void rejectsAnUnlimitedSoftLimitUnderAFiniteHardLimit() {
    assertOnly("services.a.ulimits.memlock", "soft limit -1 is above hard limit 1024",
        service("a").addUlimits(new Ulimit("memlock", -1, 1024)).build());
  }

  @Test
  void acceptsUnlimitedUlimits() {
    assertThatCode(() -> Problems.valid(service("a").addUlimits(Ulimit.of("memlock", -1),
        new Ulimit("nofile", 1024, -1)).build())).doesNotThrowAnyException();
  }

  @Test
  void rejectsANegativeStopGracePeriod() {
    assertOnly("services.a.stop_grace_period", "must be >= 0 (was -1s)",
        service("a").stopGracePeriod(Duration.ofSeconds(-1)).build());
  }

  @Test
  void rejectsAnEmptyShmSize() {
    assertOnly("services.a.shm_size", "must be > 0", service("a").shmSize(ByteSize.ofBytes(0)).build());
  }

  @Test
  void rejectsAConfigWithNeitherContentNorFile() {
    assertOnly(Stack.builder("shop").addConfig(ConfigFile.builder("conf").build()), "configs.conf",
        "needs exactly one of content, file, environment or external");
  }

  @Test
  void rejectsAConfigWithBothContentAndFile() {
    assertOnly(Stack.builder("shop").addConfig(ConfigFile.builder("conf").content("x").file("./x").build()),
        "configs.conf", "needs exactly one of content, file, environment or external");
  }
}
