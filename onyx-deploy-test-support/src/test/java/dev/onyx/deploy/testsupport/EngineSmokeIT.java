package dev.onyx.deploy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test engine, the busybox test image, the Compose oracle and project cleanup all work. */
@Tag("docker")
class EngineSmokeIT {

    @Test
    void busyboxContainerEchoesThroughTheApi() throws Exception {
        TestEngine.ping();
        String image = TestImages.busybox();
        assertThat(image).isEqualTo(TestImages.BUSYBOX);

        Containers.Run run = Containers.run(image, "sh", "-c", "echo hello-onyx");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output().trim()).isEqualTo("hello-onyx");
    }

    @Test
    void busyboxImageHasShAsCommandAndKnowsNobody() throws Exception {
        String image = TestImages.busybox();
        assertThat(TestImages.busybox()).isEqualTo(image); // cached: a second call only inspects

        InspectImageResponse inspect = TestEngine.client().inspectImageCmd(image).exec();
        assertThat(inspect.getConfig().getCmd()).containsExactly("sh");
        assertThat(inspect.getConfig().getLabels()).containsEntry(TestImages.LABEL, "busybox");

        Containers.Run run = Containers.runAs("nobody", image, "sh", "-c",
                "id -u; id -un; stat -c %a /tmp; touch /tmp/x && echo tmp-writable;"
                        + " for a in httpd wget nc sleep; do echo $a=$(readlink /bin/$a); done");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().trim().split("\n")).containsExactly(
                "65534", "nobody", "1777", "tmp-writable", "httpd=busybox", "wget=busybox", "nc=busybox", "sleep=busybox");
    }

    @Test
    void composeV2AnswersAsTheOracle(@TempDir Path dir) throws Exception {
        assertThat(Compose.available()).as("docker compose v2 (run scripts/engine-up)").isTrue();
        assertThat(Compose.version()).startsWith("2.");
        Files.writeString(dir.resolve("compose.yaml"),
                "services:\n  web:\n    image: " + TestImages.BUSYBOX + "\n    command: [\"sleep\", \"60\"]\n");

        Compose.run(dir, "-f", "compose.yaml", "config", "-q").assertOk();
        Compose.Result json = Compose.run(dir, "-f", "compose.yaml", "config", "--format", "json").assertOk();
        assertThat(json.stdout()).contains("\"web\"").contains(TestImages.BUSYBOX);

        Compose.Result bad = Compose.run(dir, "-f", "missing.yaml", "config", "-q");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).isNotBlank();
    }

    @Test
    void removeAllRemovesWhatCarriesTheProjectLabel() {
        DockerClient client = TestEngine.client();
        String project = TestProjects.uniqueName("Smoke Test");
        assertThat(project).matches("smoke-test-[0-9a-f]{6}");
        String label = TestProjects.PROJECT_LABEL;
        client.createNetworkCmd().withName(project + "_default").withLabels(Map.of(label, project)).exec();
        client.createVolumeCmd().withName(project + "_data").withLabels(Map.of(label, project)).exec();
        client.createContainerCmd(TestImages.busybox()).withName(project + "-web-1")
                .withLabels(Map.of(label, project)).withCmd("sleep", "60").exec();

        assertThat(TestProjects.removeAll(project)).isEqualTo(3);

        List<Network> networks = client.listNetworksCmd().withNameFilter(project + "_default").exec();
        assertThat(networks).isEmpty();
        assertThat(client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(label, project)).exec()).isEmpty();
        assertThat(TestProjects.removeAll(project)).isZero();
    }
}
