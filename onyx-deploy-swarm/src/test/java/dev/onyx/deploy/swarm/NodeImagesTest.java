package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a stack's images go in a registry the nodes pull from (no engine needed). */
class NodeImagesTest {

  @Test
  void imagesGoToTheRegistryUnderTheirOwnPath() {
    assertThat(NodeImages.registryRef("onyx-test/busybox:1", "10.0.0.5:5000")).isEqualTo("10.0.0.5:5000/onyx-test/busybox:1");
    assertThat(NodeImages.registryRef("ghcr.io/org/app:2.1", "reg:5000/team")).isEqualTo("reg:5000/team/org/app:2.1");
    assertThat(NodeImages.registryRef("localhost:5000/app", "reg:5000")).isEqualTo("reg:5000/app:latest");
    assertThat(NodeImages.registryRef("redis@sha256:abc", "reg:5000")).isEqualTo("reg:5000/redis:latest");
  }

  @Test
  void credentialsAreLookedUpByTheRegistryHostWithoutItsPath() {
    assertThat(NodeImages.host("reg.example:5000/team")).isEqualTo("reg.example:5000");
    assertThat(NodeImages.host("reg.example:5000")).isEqualTo("reg.example:5000");
  }
}
