package dev.onyx.deploy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unit tests: no engine needed. */
class TestProjectsTest {

    @Test
    void uniqueNamesAreComposeValidAndDistinct() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            names.add(TestProjects.uniqueName("My.App_1"));
        }
        assertThat(names).hasSizeGreaterThan(190).allMatch(n -> n.matches("my-app_1-[0-9a-f]{6}"));
        assertThat(TestProjects.uniqueName("")).matches("t-[0-9a-f]{6}");
        assertThat(TestProjects.uniqueName("-x")).matches("t-x-[0-9a-f]{6}");
        assertThat(TestProjects.uniqueName(null)).matches("^[a-z0-9][a-z0-9_-]*$");
    }

    @Test
    void tellsStaticFromDynamicBinaries() throws Exception {
        assertThat(TestImages.isStaticElf(new byte[100])).isFalse();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isRegularFile(java)) {
            assertThat(TestImages.isStaticElf(Files.readAllBytes(java.toRealPath()))).isFalse();
        }
        Path busybox = Path.of("/bin/busybox");
        if (Files.isRegularFile(busybox)) {
            assertThat(TestImages.isStaticElf(Files.readAllBytes(busybox.toRealPath()))).isTrue();
        }
    }
}
