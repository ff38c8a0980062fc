package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.testsupport.TestEngine;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesIT extends EngineITBase {
  @AfterAll
  static void removeTestImages() {
    engine.images().remove("onyx-test/images-it:copy", Images.Removal.FORCE);
    engine.images().remove("onyx-test/images-it:built", Images.Removal.FORCE);
  }

  @Test
  void connectsAndNegotiatesTheApiVersion() {
    assertThat(engine.apiVersion()).matches("1\\.\\d+");
    assertThat(DockerEngine.Versions.compare(engine.apiVersion(), "1.24")).isPositive();
    assertThat(engine.engineVersion()).isNotBlank();
  }

  @Test
  void anEngineThatDoesNotAnswerIsOneClearError(@TempDir Path dir) {
    URI nowhere = URI.create("unix://" + dir.resolve("missing.sock"));
    assertThatThrownBy(() -> DockerEngine.connect(nowhere))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining(dir.resolve("missing.sock").toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("Docker Desktop");
  }

  @Test
  void inspectsPresentAndMissingImages() {
    ImageInfo info = engine.images().inspect(busybox).orElseThrow();
    assertThat(info.id()).startsWith("sha256:");
    assertThat(info.repoTags()).contains(busybox);
    assertThat(info.size()).isPositive();
    assertThat(info.layers()).isNotEmpty().allMatch(l -> l.startsWith("sha256:"));
    assertThat(engine.images().inspect("onyx-test/does-not-exist:0")).isEmpty();
  }

  @Test
  void savesSeveralImagesAsOneStreamAndLoadsThemBack(@TempDir Path dir) throws Exception {
    TestEngine.client().tagImageCmd(busybox, "onyx-test/images-it", "copy").exec();
    Path tar = dir.resolve("images.tar");
    try (InputStream in = engine.images().save(List.of(busybox, "onyx-test/images-it:copy"))) {
      Files.copy(in, tar);
    }
    List<String> names = new ArrayList<>();
    String manifest = null;
    try (TarArchiveInputStream t = new TarArchiveInputStream(Files.newInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = t.getNextEntry()) != null) {
        names.add(e.getName());
        if (e.getName().equals("manifest.json")) {
          manifest = new String(t.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    assertThat(manifest).contains(busybox).contains("onyx-test/images-it:copy");
    // one layer, shared by both tags, stored once
    assertThat(names.stream().filter(n -> n.endsWith("layer.tar")).count()).isEqualTo(1);

    engine.images().remove("onyx-test/images-it:copy", Images.Removal.IF_UNUSED);
    assertThat(engine.images().inspect("onyx-test/images-it:copy")).isEmpty();
    try (InputStream in = Files.newInputStream(tar)) {
      engine.images().load(in);
    }
    assertThat(engine.images().inspect("onyx-test/images-it:copy").orElseThrow().id())
        .isEqualTo(engine.images().inspect(busybox).orElseThrow().id());
    engine.images().remove("onyx-test/images-it:copy", Images.Removal.IF_UNUSED);
    engine.images().remove("onyx-test/images-it:copy", Images.Removal.IF_UNUSED); // absent: nothing happens
  }

  @Test
  void savingAMissingImageFailsClearly() {
    assertThatThrownBy(() -> engine.images().save(List.of("onyx-test/does-not-exist:0")).close())
        .isInstanceOf(DeployException.class).hasMessageContaining("does-not-exist");
  }

  @Test
  void loadingGarbageFails() {
    assertThatThrownBy(() -> engine.images().load(new java.io.ByteArrayInputStream("not a tar".getBytes())))
        .isInstanceOf(DeployException.class).hasMessageContaining("loading images failed");
  }

  @Test
  void buildsWithDockerfileArgsAndTargetStreamingOutput(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Dockerfile.custom"), "FROM " + busybox + " AS base\n"
        + "ARG GREETING\n"
        + "COPY hello.txt /hello.txt\n"
        + "RUN echo \"$GREETING\" > /greeting && echo building-step-output\n"
        + "FROM base AS final\n"
        + "RUN echo final-stage > /final\n");
    Files.writeString(dir.resolve("hello.txt"), "hi\n");
    Files.writeString(dir.resolve("ignored.bin"), "x");
    Files.writeString(dir.resolve(".dockerignore"), "ignored.bin\n");
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    DeployListener l = DeployListener.on(DeployEvent.BuildOutput.class, e -> lines.add(e.line()));
    String id = engine.images().build("onyx-test/images-it:built", dir,
        Build.of(".").withDockerfile("Dockerfile.custom").withArg("GREETING", "hello-arg").withTarget("base"), l);
    assertThat(id).startsWith("sha256:");
    assertThat(engine.images().inspect("onyx-test/images-it:built").orElseThrow().id()).isEqualTo(id);
    assertThat(lines).anyMatch(s -> s.contains("building-step-output"));
    assertThat(lines).noneMatch(s -> s.contains("final-stage"));
    // the file and the arg made it into the image
    String out = run("onyx-test/images-it:built", "sh", "-c", "cat /greeting /hello.txt; ls /final 2>&1 || true");
    assertThat(out).contains("hello-arg").contains("hi").contains("No such file");
  }

  @Test
  void aFailingBuildRaisesWithItsLastLines(@TempDir Path dir) throws Exception {
    String marker = "about-to-fail-" + System.nanoTime();
    Files.writeString(dir.resolve("Dockerfile"), "FROM " + busybox + "\nRUN echo " + marker + " && exit 3\n");
    assertThatThrownBy(() -> engine.images().build("onyx-test/images-it:broken", dir, Build.of("."), DeployListener.NONE))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("onyx-test/images-it:broken")
        .hasMessageContaining(marker);
    // the failed step's container is not left behind
    assertThat(TestEngine.client().listContainersCmd().withShowAll(true).exec())
        .noneMatch(c -> c.getCommand() != null && c.getCommand().contains(marker));
  }

  private static String run(String image, String... cmd) throws Exception {
    var c = TestEngine.client();
    String id = c.createContainerCmd(image).withCmd(cmd).exec().getId();
    try {
      c.startContainerCmd(id).exec();
      c.waitContainerCmd(id).start().awaitStatusCode();
      StringBuilder sb = new StringBuilder();
      c.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(
          new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame f) {
              sb.append(new String(f.getPayload(), StandardCharsets.UTF_8));
            }
          }).awaitCompletion();
      return sb.toString();
    } finally {
      c.removeContainerCmd(id).withForce(true).exec();
    }
  }
}
