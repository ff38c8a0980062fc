package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for the naming rules of {@link Validator}: stack, service, volume, network, secret and config names. */
class NameValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"Shop", "-shop", "_shop", "shop.prod", "shop prod", "", "shöp"})
  void rejectsAnInvalidStackName(String name) {
    assertOnly(Stack.builder(name).addService(service("api").build()), "name",
        "invalid stack name '" + name + "' (use lowercase letters, digits, '-' and '_', starting with a"
            + " letter or digit)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"shop", "0shop", "my-shop_2", "a"})
  void acceptsValidStackNames(String name) {
    assertThatCode(() -> Stack.builder(name).addService(service("api").build()).build())
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsAStackWithoutServices() {
    assertThat(Stack.builder("empty").build().services()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-api", ".api", "api server", "api/v1", "", "api:1"})
  void rejectsAnInvalidServiceName(String name) {
    assertOnly("services." + name, "invalid service name '" + name + "' (use letters, digits, '.', '-'"
        + " and '_', starting with a letter or digit)", service(name).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"api", "API", "api.v1", "api_server", "api-2", "0api"})
  void acceptsValidServiceNames(String name) {
    assertThatCode(() -> Problems.valid(service(name).build())).doesNotThrowAnyException();
  }

  @Test
  void rejectsAnInvalidVolumeName() {
    assertOnly(Stack.builder("shop").addVolume(Volume.named("db data")), "volumes.db data",
        "invalid volume name 'db data' (use letters, digits, '.', '-' and '_', starting with a letter"
            + " or digit)");
  }

  @Test
  void rejectsAnInvalidNetworkName() {
    assertOnly(Stack.builder("shop").addNetwork(Network.named("_back")), "networks._back",
        "invalid network name '_back' (use letters, digits, '.', '-' and '_', starting with a letter"
            + " or digit)");
  }

  @Test
  void rejectsAnInvalidSecretName() {
    assertOnly(Stack.builder("shop").addSecret(Secret.generated("db/password")), "secrets.db/password",
        "invalid secret name 'db/password' (use letters, digits, '.', '-' and '_', starting with a"
            + " letter or digit)");
  }

  @Test
  void rejectsAnInvalidConfigName() {
    assertOnly(Stack.builder("shop").addConfig(ConfigFile.inline("nginx conf", "x")), "configs.nginx conf",
        "invalid config name 'nginx conf' (use letters, digits, '.', '-' and '_', starting with a"
            + " letter or digit)");
  }

  @Test
  void rejectsADuplicateServiceName() {
    assertOnly("services.api", "duplicate service name 'api'",
        service("api").build(), service("web").build(), service("api").image("other:1").build());
  }

  @Test
  void rejectsADuplicateVolumeName() {
    assertOnly(Stack.builder("shop").addVolume(Volume.named("data"), Volume.external("data")),
        "volumes.data", "duplicate volume name 'data'");
  }

  @Test
  void rejectsADuplicateNetworkName() {
    assertOnly(Stack.builder("shop").addNetwork(Network.named("back"), Network.named("back").asInternal()),
        "networks.back", "duplicate network name 'back'");
  }

  @Test
  void rejectsADuplicateSecretName() {
    assertOnly(Stack.builder("shop").addSecret(Secret.generated("pw"), Secret.fromFile("pw", "./pw.txt")),
        "secrets.pw", "duplicate secret name 'pw'");
  }

  @Test
  void rejectsADuplicateConfigName() {
    assertOnly(Stack.builder("shop").addConfig(ConfigFile.inline("conf", "a"), ConfigFile.inline("conf", "b")),
        "configs.conf", "duplicate config name 'conf'");
  }

  @Test
  void allowsTheSameNameInDifferentSections() {
    assertThatCode(() -> Stack.builder("shop")
        .addService(service("db").addMounts(Mount.volume("db", "/data")).build())
        .addVolume(Volume.named("db"))
        .addNetwork(Network.named("db"))
        .addSecret(Secret.generated("db"))
        .addConfig(ConfigFile.inline("db", "x"))
        .build()).doesNotThrowAnyException();
  }
}
