package dev.onyx.deploy.docker;

import com.github.dockerjava.api.DockerClient;
import dev.onyx.deploy.testsupport.TestEngine;
import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the engine tests share: a connected {@link DockerEngine}, the test busybox image, a raw client
 * for checking what the engine holds, and the removal of every project a test deployed.
 */
@Tag("docker")
abstract class EngineITBase {
  @RegisterExtension
  final TestProjects.Cleanup projects = new TestProjects.Cleanup();

  static DockerEngine engine;
  static String busybox;
  static DockerClient client;

  @BeforeAll
  static void connect() {
    busybox = TestImages.busybox();
    engine = DockerEngine.connect();
    client = TestEngine.client();
  }

  @AfterAll
  static void disconnect() {
    engine.close();
  }
}
