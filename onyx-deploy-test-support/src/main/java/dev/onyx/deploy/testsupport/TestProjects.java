package dev.onyx.deploy.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compose project names for tests, and cleanup of what a test left on the engine.
 *
 * <p>A test that deploys a stack names its project with {@link #uniqueName(String)}, so tests never
 * collide with each other or with an earlier run, and removes it afterwards with
 * {@link #removeAll(String)}, or lets the JUnit 5 extension {@link Cleanup} do it:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestProjects.Cleanup projects = new TestProjects.Cleanup();
 *
 * @Test
 * void deploys() {
 *     String project = projects.name("web");   // removed after this test, passed or failed
 *     ...
 * }
 * }</pre>
 */
public final class TestProjects {

    /** The label by which Docker Compose (and this project) marks what belongs to a project. */
    public static final String PROJECT_LABEL = "com.docker.compose.project";

    private static final Logger LOG = LoggerFactory.getLogger(TestProjects.class);

    private TestProjects() {
    }

    /**
     * Returns a new project name that Compose accepts: the prefix in lower case, with every character
     * other than {@code a-z 0-9 _ -} made a {@code -}, then {@code -} and six random hex digits, e.g.
     * {@code web-3fa9c1}. It starts with a letter or digit ({@code t} is put first when the prefix starts
     * otherwise).
     *
     * @param prefix a readable part, e.g. the test's name; may be empty
     * @return a fresh, compose-valid project name
     */
    public static String uniqueName(String prefix) {
        String p = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        if (p.length() > 40) {
            p = p.substring(0, 40);
        }
        if (p.isEmpty() || !Character.isLetterOrDigit(p.charAt(0))) {
            p = "t" + p;
        }
        return p + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
    }

    /**
     * Force-removes every container (with its anonymous volumes), then every network and volume, that
     * carries the label {@code com.docker.compose.project=PROJECT}. Things already gone are skipped.
     *
     * @param project the project name
     * @return how many objects were removed
     */
    public static int removeAll(String project) {
        DockerClient client = TestEngine.client();
        String filter = PROJECT_LABEL + "=" + project;
        int removed = 0;
        List<Container> containers = client.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(filter)).exec();
        for (Container c : containers) {
            try {
                client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (NotFoundException e) {
                // already gone
            } catch (ConflictException e) {
                LOG.debug("container {} is being removed already: {}", c.getId(), e.getMessage());
            }
        }
        for (Network n : client.listNetworksCmd().withFilter("label", List.of(filter)).exec()) {
            try {
                client.removeNetworkCmd(n.getId()).exec();
                removed++;
            } catch (NotFoundException e) {
                // already gone
            }
        }
        List<InspectVolumeResponse> volumes = client.listVolumesCmd().withFilter("label", List.of(filter)).exec()
                .getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            try {
                client.removeVolumeCmd(v.getName()).exec();
                removed++;
            } catch (NotFoundException e) {
                // already gone
            }
        }
        if (removed > 0) {
            LOG.info("removed {} leftover object(s) of project {}", removed, project);
        }
        return removed;
    }

    /**
     * A JUnit 5 extension that hands out project names and removes those projects after each test,
     * whether it passed or not. Register it on an instance field with
     * {@code @RegisterExtension}.
     */
    public static final class Cleanup implements AfterEachCallback {

        private final List<String> projects = new ArrayList<>();

        /** Makes an extension with no project to clean yet. */
        public Cleanup() {
        }

        /**
         * Returns a new {@link TestProjects#uniqueName(String) unique} project name, removed after the test.
         *
         * @param prefix a readable part of the name
         * @return the project name
         */
        public synchronized String name(String prefix) {
            String name = uniqueName(prefix);
            projects.add(name);
            return name;
        }

        /**
         * Has a project that the test named itself removed after the test.
         *
         * @param project the project name
         * @return the same name
         */
        public synchronized String track(String project) {
            projects.add(project);
            return project;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            List<String> toRemove;
            synchronized (this) {
                toRemove = new ArrayList<>(projects);
                projects.clear();
            }
            RuntimeException failure = null;
            for (String project : toRemove) {
                try {
                    removeAll(project);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
