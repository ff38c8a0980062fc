package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.docker.EngineApi;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link RegistryAuth} and {@link NodeImages#registryRef}: where images go and with which credentials. */
class RegistryAuthTest {
  @TempDir
  Path dir;

  private static Map<String, Object> decode(String header) throws Exception {
    return EngineApi.map(EngineApi.parse(new ByteArrayInputStream(Base64.getUrlDecoder().decode(header))));
  }

  @Test
  void readsTheAuthsEntryOfTheRegistryHost() throws Exception {
    String auth = Base64.getEncoder().encodeToString("deployer:pa:ss".getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("config.json"), "{\"auths\": {\"reg.example:5000\": {\"auth\": \"" + auth + "\"}}}");

    assertThat(decode(RegistryAuth.header(dir, "reg.example:5000/team"))).isEqualTo(Map.of(
        "username", "deployer", "password", "pa:ss", "serveraddress", "reg.example:5000"));
  }

  @Test
  void withoutCredentialsTheHeaderIsEmpty() throws Exception {
    assertThat(decode(RegistryAuth.header(dir, "reg.example:5000"))).isEmpty();
    Files.writeString(dir.resolve("config.json"), "{\"auths\": {\"other:5000\": {\"auth\": \"eDp5\"}}}");
    assertThat(decode(RegistryAuth.header(dir, "reg.example:5000"))).isEmpty();
  }

  @Test
  void aHelperThatIsNotInstalledGivesNothing() throws Exception {
    Files.writeString(dir.resolve("config.json"), "{\"credsStore\": \"onyx-no-such-helper\"}");

    assertThat(RegistryAuth.credentials(dir, "reg.example:5000")).isEmpty();
  }

  @Test
  void imagesGoToTheRegistryUnderTheirOwnPath() {
    assertThat(NodeImages.registryRef("onyx-test/busybox:1", "10.0.0.5:5000")).isEqualTo("10.0.0.5:5000/onyx-test/busybox:1");
    assertThat(NodeImages.registryRef("ghcr.io/org/app:2.1", "reg:5000/team")).isEqualTo("reg:5000/team/org/app:2.1");
    assertThat(NodeImages.registryRef("localhost:5000/app", "reg:5000")).isEqualTo("reg:5000/app:latest");
    assertThat(NodeImages.registryRef("redis@sha256:abc", "reg:5000")).isEqualTo("reg:5000/redis:latest");
  }
}
