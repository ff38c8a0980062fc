package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.MountType;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a service's mounts become {@code HostConfig.Mounts} and, for SELinux relabels, {@code HostConfig.Binds}. */
class ContainerFactoryMountsTest {
  static final Path DIR = Path.of("/srv/shop");

  static ContainerFactory.EngineMounts map(Mount... mounts) {
    Stack stack = Stack.builder("shop").addVolume(Volume.named("data"), Volume.named("logs"))
        .addService(Service.builder("api").image("app:1").addMounts(mounts).build()).build();
    return ContainerFactory.engineMounts(stack, DIR, stack.service("api").orElseThrow());
  }

  @Test
  void relabelledBindsAndNamedVolumesGoToBindsWithTheirOption() {
    ContainerFactory.EngineMounts m = map(
        Mount.bind("./conf", "/etc/app").asReadOnly().withSelinux(Mount.SelinuxLabel.PRIVATE),
        Mount.volume("data", "/data").withSelinux(Mount.SelinuxLabel.SHARED),
        Mount.volume("logs", "/logs"),
        Mount.bind("/var/run/x.sock", "/x.sock"),
        Mount.tmpfs("/tmp").withTmpfsSize(ByteSize.parse("64m")));
    assertThat(m.binds()).extracting(Bind::toString)
        .containsExactly("/srv/shop/conf:/etc/app:ro,Z", "shop_data:/data:rw,z");
    // the engine's own parser reads them back the same
    assertThat(Bind.parse("/srv/shop/conf:/etc/app:ro,Z")).isEqualTo(m.binds().get(0));
    assertThat(m.mounts()).extracting(com.github.dockerjava.api.model.Mount::getTarget)
        .containsExactly("/logs", "/x.sock", "/tmp");
    assertThat(m.mounts()).extracting(com.github.dockerjava.api.model.Mount::getType)
        .containsExactly(MountType.VOLUME, MountType.BIND, MountType.TMPFS);
    assertThat(m.mounts().get(0).getSource()).isEqualTo("shop_logs");
    assertThat(m.warnings()).isEmpty();
  }

  @Test
  void aTargetIsNeverInBothLists() {
    ContainerFactory.EngineMounts m = map(
        Mount.bind("conf", "/a").withSelinux(Mount.SelinuxLabel.SHARED),
        Mount.bind("conf2", "/b"),
        Mount.volume("data", "/c").withSelinux(Mount.SelinuxLabel.PRIVATE),
        Mount.anonymousVolume("/d"));
    List<String> targets = new ArrayList<>();
    m.binds().forEach(b -> targets.add(b.getVolume().getPath()));
    m.mounts().forEach(x -> targets.add(x.getTarget()));
    assertThat(targets).containsExactlyInAnyOrder("/a", "/b", "/c", "/d");
  }

  @Test
  void withoutRelabelsEverythingStaysInMounts() {
    ContainerFactory.EngineMounts m = map(Mount.bind("./conf", "/etc/app").asReadOnly(), Mount.volume("data", "/data"));
    assertThat(m.binds()).isEmpty();
    assertThat(m.mounts()).hasSize(2);
    assertThat(m.mounts().get(0).getReadOnly()).isTrue();
    assertThat(m.mounts().get(0).getSource()).isEqualTo("/srv/shop/conf");
  }

  @Test
  void anAnonymousVolumesLabelIsIgnoredWithAWarning() {
    ContainerFactory.EngineMounts m = map(Mount.anonymousVolume("/cache").withSelinux(Mount.SelinuxLabel.PRIVATE));
    assertThat(m.binds()).isEmpty();
    assertThat(m.mounts()).singleElement().satisfies(x -> {
      assertThat(x.getTarget()).isEqualTo("/cache");
      assertThat(x.getType()).isEqualTo(MountType.VOLUME);
      assertThat(x.getSource()).isNull();
    });
    assertThat(m.warnings()).singleElement().asString()
        .contains("service 'api'", "'Z'", "anonymous volume at /cache", "ignored");
  }
}
