package dev.onyx.deploy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example programs that need no Docker engine, as a user would, and checks what they made. */
class ExamplesTest {
  @TempDir
  Path tmp;

  static String run(Runnable program) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      program.run();
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writeComposeProjectWritesAProjectThatReadsBack() throws Exception {
    Path dir = tmp.resolve("shop");
    String out = run(() -> WriteComposeProject.main(new String[] {dir.toString()}));
    assertThat(out).contains("services [db, api]");
    String yaml = Files.readString(dir.resolve("compose.yaml"));
    assertThat(yaml).contains("image: postgres:16").contains("condition: service_healthy");
    assertThat(Files.list(dir.resolve("secrets"))).hasSize(1);
  }

  @Test
  void customiseOnyxPresetWritesTheChangedStack() throws Exception {
    Path dir = tmp.resolve("onyx");
    String out = run(() -> {
      try {
        CustomiseOnyxPreset.main(new String[] {dir.toString()});
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertThat(out).contains("[wsl2]");
    assertThat(Files.readString(dir.resolve("compose.yaml"))).contains("LOG_LEVEL: debug")
        .contains("127.0.0.1:5601:5601");
    assertThat(Files.readString(dir.resolve(".env"))).contains("COMPOSE_PROFILES=logging,s3-filestore");
    assertThat(Files.readString(dir.resolve("wslconfig.txt"))).contains("[wsl2]");
  }
}
