package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Tests for {@link EntryPaths}. */
class EntryPathsTest {

  @Test
  void acceptsPlainRelativePaths() {
    assertThat(EntryPaths.problem("compose/compose.yaml")).isEmpty();
    assertThat(EntryPaths.problem("compose/.env.example")).isEmpty();
    assertThat(EntryPaths.problem("compose/config/..nginx.conf")).isEmpty();
    assertThat(EntryPaths.problem("images/images.tar")).isEmpty();
  }

  @Test
  void refusesTraversalAbsoluteAndDrivePaths() {
    assertThat(EntryPaths.problem("../x")).contains("has a '..' segment in its path");
    assertThat(EntryPaths.problem("compose/../../x")).contains("has a '..' segment in its path");
    assertThat(EntryPaths.problem("compose\\..\\..\\x")).contains("has a '..' segment in its path");
    assertThat(EntryPaths.problem("/etc/passwd")).contains("has an absolute path");
    assertThat(EntryPaths.problem("\\windows\\x")).contains("has an absolute path");
    assertThat(EntryPaths.problem("C:/Windows/x")).contains("has an absolute (drive-letter) path");
    assertThat(EntryPaths.problem("a\0b")).contains("has a NUL character in its path");
    assertThat(EntryPaths.problem("")).contains("has an empty path");
  }

  @Test
  void resolveNeverLeavesTheFolder() {
    Path root = Path.of("/tmp/onyx-root").toAbsolutePath();
    assertThat(EntryPaths.resolve(root, "config/nginx.conf", "compose/config/nginx.conf"))
        .isEqualTo(root.resolve("config/nginx.conf"));
    assertThatThrownBy(() -> EntryPaths.resolve(root, "../x", "compose/../x"))
        .isInstanceOf(BundleVerificationException.class)
        .hasMessage("entry compose/../x would be written outside /tmp/onyx-root (has a '..' segment in its path): refused");
    assertThatThrownBy(() -> EntryPaths.resolve(root, "/x", "compose//x"))
        .isInstanceOf(BundleVerificationException.class);
  }
}
