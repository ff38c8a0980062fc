package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for the mount rules of {@link Validator}. */
class MountValidationTest {

  @Test
  void rejectsARelativeMountTarget() {
    assertOnly("services.a.volumes[0].target", "'data' is not an absolute path",
        service("a").addMounts(Mount.tmpfs("data")).build());
  }

  @Test
  void rejectsARelativeBindTarget() {
    assertOnly("services.a.volumes[1].target", "'./conf' is not an absolute path",
        service("a").addMounts(Mount.tmpfs("/tmp"), Mount.bind("./nginx", "./conf").asReadOnly()).build());
  }

  @Test
  void rejectsABindWithoutAHostPath() {
    assertOnly("services.a.volumes[0].source", "a bind mount needs a source",
        service("a").addMounts(Mount.builder(Mount.Type.BIND, "/conf").source(" ").build()).build());
  }

  @Test
  void rejectsATmpfsWithASource() {
    assertOnly("services.a.volumes[0].source", "a tmpfs mount has no source",
        service("a").addMounts(Mount.builder(Mount.Type.TMPFS, "/tmp").source("x").build()).build());
  }

  @Test
  void rejectsASizeOnAMountThatIsNotTmpfs() {
    assertOnly("services.a.volumes[0].tmpfs", "only a tmpfs mount has tmpfs options",
        service("a").addMounts(Mount.bind("./data", "/data").withTmpfsSize(ByteSize.ofMebibytes(64))).build());
  }

  @Test
  void rejectsTwoMountsAtOnePath() {
    assertOnly(Stack.builder("shop").addVolume(Volume.named("data")).addService(service("a").addMounts(
            Mount.volume("data", "/data"), Mount.tmpfs("/tmp"), Mount.bind("./data", "/data/").asReadOnly())
            .build()),
        "services.a.volumes[2].target", "'/data/' is already mounted by volumes[0]");
  }

  @Test
  void acceptsNestedMountPaths() {
    assertThatCode(() -> Problems.valid(service("a").addMounts(Mount.anonymousVolume("/data"),
        Mount.tmpfs("/data/tmp")).build())).doesNotThrowAnyException();
  }

  @Test
  void acceptsAbsoluteTargetsOfEveryKind() {
    assertThatCode(() -> Problems.valid(service("a").addMounts(
        Mount.bind("./nginx", "/etc/nginx/conf.d").asReadOnly(),
        Mount.tmpfs("/tmp").withTmpfsSize(ByteSize.ofMebibytes(64)),
        Mount.anonymousVolume("/cache")).build())).doesNotThrowAnyException();
  }

  @Test
  void rejectsAnSelinuxLabelOnATmpfs() {
    assertOnly("services.a.volumes[1].bind.selinux", "only a bind or volume mount can be relabelled (SELinux)",
        service("a").addMounts(Mount.bind("./conf", "/conf").withSelinux(Mount.SelinuxLabel.SHARED),
            Mount.tmpfs("/tmp").withSelinux(Mount.SelinuxLabel.PRIVATE)).build());
  }

  @Test
  void acceptsSelinuxLabelsOnBindsAndVolumes() {
    assertThatCode(() -> Stack.builder("shop").addVolume(Volume.named("data")).addService(
        service("a").addMounts(
            Mount.bind("./conf", "/conf").asReadOnly().withSelinux(Mount.SelinuxLabel.PRIVATE),
            Mount.volume("data", "/data").withSelinux(Mount.SelinuxLabel.SHARED),
            Mount.anonymousVolume("/cache").withSelinux(Mount.SelinuxLabel.PRIVATE)).build()).build())
        .doesNotThrowAnyException();
  }

  @Test
  void aBindHasNoLabelUntilGivenOneAndWithersKeepIt() {
    Mount old = Mount.builder(Mount.Type.BIND, "/conf").source("./conf").bind(Mount.BindOptions.CREATE_HOST_PATH)
        .build();
    assertThat(old.selinux()).isEmpty();
    assertThat(old).isEqualTo(Mount.bind("./conf", "/conf"));
    Mount labelled = old.withSelinux(Mount.SelinuxLabel.PRIVATE).asReadOnly();
    assertThat(labelled.selinux()).contains(Mount.SelinuxLabel.PRIVATE);
    assertThat(labelled.readOnly()).isTrue();
    assertThat(Mount.tmpfs("/t").withSelinux(Mount.SelinuxLabel.SHARED).withTmpfsSize(ByteSize.ofMebibytes(1))
        .selinux()).contains(Mount.SelinuxLabel.SHARED);
    assertThat(labelled).isNotEqualTo(old.asReadOnly());
  }

  @Test
  void selinuxLabelsAreSpelledAsComposeSpellsThem() {
    assertThat(Mount.SelinuxLabel.SHARED.option()).isEqualTo("z");
    assertThat(Mount.SelinuxLabel.PRIVATE.option()).isEqualTo("Z");
    assertThat(Mount.SelinuxLabel.ofOption("z")).isEqualTo(Mount.SelinuxLabel.SHARED);
    assertThat(Mount.SelinuxLabel.ofOption("Z")).isEqualTo(Mount.SelinuxLabel.PRIVATE);
    assertThatThrownBy(() -> Mount.SelinuxLabel.ofOption("q")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid SELinux relabel option 'q' (expected z or Z)");
  }
}
