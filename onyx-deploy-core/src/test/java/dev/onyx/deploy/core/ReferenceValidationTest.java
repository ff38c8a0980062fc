package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** Tests for the reference rules of {@link Validator}: volumes, networks, secrets and configs a service uses. */
class ReferenceValidationTest {

  @Test
  void rejectsAMountOfAnUndeclaredVolume() {
    assertOnly("services.db.volumes[1].source", "no such volume 'db_data'",
        service("db").addMounts(Mount.tmpfs("/tmp"), Mount.volume("db_data", "/var/lib/postgresql/data"))
            .build());
  }

  @Test
  void acceptsMountsOfDeclaredExternalAndAnonymousVolumes() {
    assertThatCode(() -> Stack.builder("shop")
        .addVolume(Volume.named("db_data"), Volume.external("cache"))
        .addService(service("db").addMounts(Mount.volume("db_data", "/data"), Mount.volume("cache", "/cache"),
            Mount.anonymousVolume("/scratch")).build())
        .build()).doesNotThrowAnyException();
  }

  @Test
  void rejectsAnUndeclaredNetwork() {
    assertOnly("services.api.networks.backend", "no such network 'backend'",
        service("api").addNetworks(NetworkAttachment.to("backend", "api-internal")).build());
  }

  @Test
  void acceptsTheDefaultNetworkWithoutDeclaringIt() {
    assertThatCode(() -> Problems.valid(service("api").addNetworks(NetworkAttachment.to("default")).build()))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsNetworkModeTogetherWithNetworks() {
    assertOnly("services.api.network_mode", "cannot be used together with networks",
        service("api").networkMode("host").addNetworks(NetworkAttachment.to("default")).build());
  }

  @Test
  void rejectsAnUndeclaredSecretFile() {
    assertOnly(Stack.builder("shop").addSecret(Secret.generated("db_password"))
            .addService(service("api").addSecrets(FileReference.of("db_password"), FileReference.of("api_key"))
                .build()),
        "services.api.secrets[1]", "no such secret 'api_key'");
  }

  @Test
  void rejectsAnUndeclaredSecretInTheEnvironment() {
    assertOnly("services.db.environment.POSTGRES_PASSWORD", "no such secret 'db_password'",
        service("db").secretEnv("POSTGRES_PASSWORD", "db_password").build());
  }

  @Test
  void rejectsAVariableSetBothAsAValueAndFromASecret() {
    assertOnly(Stack.builder("shop").addSecret(Secret.generated("db_password"))
            .addService(service("db").env("POSTGRES_PASSWORD", "postgres")
                .secretEnv("POSTGRES_PASSWORD", "db_password").build()),
        "services.db.environment.POSTGRES_PASSWORD", "is set both as a value and from secret 'db_password'");
  }

  @Test
  void rejectsAnUndeclaredConfig() {
    assertOnly("services.nginx.configs[0]", "no such config 'nginx_conf'",
        service("nginx").addConfigs(FileReference.of("nginx_conf", "/etc/nginx/conf.d/app.conf")).build());
  }

  @Test
  void rejectsAFileModeOutOfRange() {
    assertOnly(Stack.builder("shop").addConfig(ConfigFile.inline("conf", "x"))
            .addService(service("nginx").addConfigs(FileReference.of("conf").withMode(010000)).build()),
        "services.nginx.configs[0].mode", "invalid file mode 10000");
  }

  @Test
  void acceptsDeclaredSecretsAndConfigs() {
    assertThatCode(() -> Stack.builder("shop")
        .addSecret(Secret.generated("pw"))
        .addConfig(ConfigFile.fromFile("conf", "./nginx.conf"))
        .addService(service("api").secretEnv("PW", "pw").addSecrets(FileReference.of("pw").withMode(0400))
            .addConfigs(FileReference.of("conf", "/etc/app.conf")).build())
        .build()).doesNotThrowAnyException();
  }
}
