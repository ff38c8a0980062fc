package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Optional;
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
    assertOnly("services.a.volumes[0].source", "a bind mount needs a host path",
        service("a").addMounts(new Mount(Mount.Type.BIND, Optional.of(" "), "/conf", false, Optional.empty()))
            .build());
  }

  @Test
  void rejectsATmpfsWithASource() {
    assertOnly("services.a.volumes[0].source", "a tmpfs mount has no source",
        service("a").addMounts(new Mount(Mount.Type.TMPFS, Optional.of("x"), "/tmp", false, Optional.empty()))
            .build());
  }

  @Test
  void rejectsASizeOnAMountThatIsNotTmpfs() {
    assertOnly("services.a.volumes[0].tmpfs.size", "only a tmpfs mount has a size",
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
}
