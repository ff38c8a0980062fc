package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.MountType;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How a service's mounts become {@code HostConfig.Mounts} and, for SELinux relabels and binds that
 * create their host folder, {@code HostConfig.Binds}.
 */
class ContainerFactoryMountsTest {
  static final Path DIR = Path.of("/srv/shop");

  static ContainerFactory.EngineMounts map(Mount... mounts) {
    Stack stack = Stack.builder("shop").addVolume(Volume.named("data"), Volume.named("logs"))
        .addService(Service.builder("api").image("app:1").addMounts(mounts).build()).build();
    return ContainerFactory.engineMounts(stack, DIR, stack.service("api").orElseThrow());
  }

  @Test
  void relabelledMountsAndShortSyntaxBindsGoToBinds() {
    ContainerFactory.EngineMounts m = map(
        Mount.bind("./conf", "/etc/app").asReadOnly().withSelinux(Mount.SelinuxLabel.PRIVATE),
        Mount.volume("data", "/data").withSelinux(Mount.SelinuxLabel.SHARED),
        Mount.volume("logs", "/logs"),
        Mount.bind("/var/run/x.sock", "/x.sock"),
        Mount.tmpfs("/tmp").withTmpfsSize(ByteSize.parse("64m")));
    assertThat(m.binds()).extracting(Bind::toString)
        .containsExactly("/srv/shop/conf:/etc/app:ro,Z", "shop_data:/data:rw,z", "/var/run/x.sock:/x.sock:rw");
    // the engine's own parser reads them back the same
    assertThat(Bind.parse("/srv/shop/conf:/etc/app:ro,Z")).isEqualTo(m.binds().get(0));
    assertThat(m.mounts()).extracting(com.github.dockerjava.api.model.Mount::getTarget)
        .containsExactly("/logs", "/tmp");
    assertThat(m.mounts()).extracting(com.github.dockerjava.api.model.Mount::getType)
        .containsExactly(MountType.VOLUME, MountType.TMPFS);
    assertThat(m.mounts().get(0).getSource()).isEqualTo("shop_logs");
    assertThat(m.warnings()).isEmpty();
  }

  @Test
  void aTargetIsNeverInBothLists() {
    ContainerFactory.EngineMounts m = map(
        Mount.bind("conf", "/a").withSelinux(Mount.SelinuxLabel.SHARED),
        Mount.bind("conf2", "/b"),
        Mount.volume("data", "/c").withSelinux(Mount.SelinuxLabel.PRIVATE),
        Mount.anonymousVolume("/d"),
        longBind("conf3", "/e", Optional.empty()));
    List<String> targets = new ArrayList<>();
    m.binds().forEach(b -> targets.add(b.getVolume().getPath()));
    m.mounts().forEach(x -> targets.add(x.getTarget()));
    assertThat(targets).containsExactlyInAnyOrder("/a", "/b", "/c", "/d", "/e");
  }

  @Test
  void aShortSyntaxBindCreatesItsHostFolderThroughBindsAsCompose() {
    ContainerFactory.EngineMounts m = map(Mount.bind("./conf", "/etc/app").asReadOnly(), Mount.volume("data", "/data"));
    assertThat(m.binds()).extracting(Bind::toString).containsExactly("/srv/shop/conf:/etc/app:ro");
    assertThat(m.mounts()).singleElement().satisfies(x -> assertThat(x.getSource()).isEqualTo("shop_data"));
  }

  @Test
  void aLongSyntaxBindWithoutCreateHostPathUsesTheMountsApiWhichRefusesAMissingPath() {
    ContainerFactory.EngineMounts m = map(longBind("./conf", "/etc/app", Optional.empty()));
    assertThat(m.binds()).isEmpty();
    assertThat(m.mounts()).singleElement().satisfies(x -> {
      assertThat(x.getType()).isEqualTo(MountType.BIND);
      assertThat(x.getSource()).isEqualTo("/srv/shop/conf");
      assertThat(x.getBindOptions()).isNull();
    });
  }

  @Test
  void bindPropagationGoesToTheBindOptions() {
    ContainerFactory.EngineMounts m = map(longBind("/mnt", "/mnt", Optional.of("rshared")),
        longBind("/srv", "/srv", Optional.of("slave")));
    assertThat(m.mounts()).extracting(x -> x.getBindOptions().getPropagation())
        .containsExactly(BindPropagation.R_SHARED, BindPropagation.SLAVE);
  }

  @Test
  void tmpfsSizeAndModeGoToTheTmpfsOptions() {
    ContainerFactory.EngineMounts m = map(Mount.builder(Mount.Type.TMPFS, "/run")
        .tmpfs(new Mount.TmpfsOptions(Optional.of(ByteSize.parse("16m")), Optional.of(01750))).build());
    assertThat(m.mounts()).singleElement().satisfies(x -> {
      assertThat(x.getType()).isEqualTo(MountType.TMPFS);
      assertThat(x.getTmpfsOptions().getSizeBytes()).isEqualTo(16L * 1024 * 1024);
      assertThat(x.getTmpfsOptions().getMode()).isEqualTo(01750);
    });
  }

  @Test
  void volumeNocopyAndSubpathGoToTheVolumeOptions() {
    ContainerFactory.EngineMounts m = map(
        Mount.builder(Mount.Type.VOLUME, "/a").source("data").volume(new Mount.VolumeOptions(true, Optional.empty()))
            .build(),
        Mount.builder(Mount.Type.VOLUME, "/b").source("logs")
            .volume(new Mount.VolumeOptions(false, Optional.of("app/b"))).build(),
        Mount.volume("data", "/c"));
    assertThat(m.mounts().get(0).getVolumeOptions().getNoCopy()).isTrue();
    assertThat(m.mounts().get(1).getVolumeOptions()).isInstanceOfSatisfying(EngineTypes.SubpathVolumeOptions.class,
        o -> assertThat(o.getSubpath()).isEqualTo("app/b"));
    assertThat(m.mounts().get(1).getVolumeOptions().getNoCopy()).isNull();
    assertThat(m.mounts().get(2).getVolumeOptions()).isNull();
  }

  @Test
  void theSubpathIsWrittenAsTheEngineApiNamesIt() throws Exception {
    String json = new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(EngineTypes.volumeOptions(true, "app/b"));
    assertThat(json).contains("\"Subpath\":\"app/b\"", "\"NoCopy\":true");
  }

  static Mount longBind(String source, String target, Optional<String> propagation) {
    return Mount.builder(Mount.Type.BIND, target).source(source)
        .bind(new Mount.BindOptions(propagation, false, Optional.empty(), Optional.empty())).build();
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
