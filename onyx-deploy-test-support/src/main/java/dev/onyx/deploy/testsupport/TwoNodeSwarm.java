package dev.onyx.deploy.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real two-node Docker Swarm on this one machine, made and unmade by the tests: the test engine
 * becomes the manager, and a second {@code dockerd} in a network namespace of its own joins it as a
 * worker (ENGINE.md, "A real two-node Swarm on one machine"). Overlay networks, the routing mesh and
 * task placement work across the two as across two hosts.
 *
 * <ul>
 *   <li>Addresses: only 10.231.0.0/24 on a veth pair the fixture makes (manager
 *       {@value #MANAGER_ADDRESS}, worker {@value #WORKER_ADDRESS}); overlay subnets come from
 *       10.231.128.0/17. No traffic leaves the machine.</li>
 *   <li>{@link #shared()} makes the swarm once per JVM and unmakes it when the JVM exits (a shutdown
 *       hook, so a failing test does not leave it behind); {@link #close()} unmakes it at once.</li>
 *   <li>Every start first removes what a killed run left: the worker's daemon (found by its data
 *       folder), its namespace, veth, data and run folders, and the manager's swarm when it carries
 *       this fixture's label. A swarm the fixture did not make is never touched: the start fails.</li>
 *   <li>Unmaking leaves the engine as it was: both nodes leave the swarm, the second daemon is
 *       stopped, its folders, the namespace and the veth are removed, and {@code docker_gwbridge}
 *       (which {@code swarm init} makes) is removed unless it was there before.</li>
 * </ul>
 *
 * <p>Needs root, {@code ip} (iproute2), {@code nsenter} (util-linux) and {@code dockerd}; it changes
 * the shared engine, so run the tests that use it under the engine lock.
 */
public final class TwoNodeSwarm implements AutoCloseable {
    /** The manager's address on the fixture's veth pair. */
    public static final String MANAGER_ADDRESS = "10.231.0.1";
    /** The worker's address, inside its namespace. */
    public static final String WORKER_ADDRESS = "10.231.0.2";
    /** The label the fixture puts on the swarm it makes (so a later run may remove it). */
    public static final String SWARM_LABEL = "dev.onyx.deploy.test-swarm";

    private static final Logger LOG = LoggerFactory.getLogger(TwoNodeSwarm.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NETNS = "onyx-test-n2";
    private static final String VETH_HOST = "onyx-vh2";
    private static final String VETH_NS = "onyx-vn2";
    private static final Path DATA = Path.of("/var/lib/onyx-test-n2");
    private static final Path EXEC = Path.of("/run/onyx-test-n2");
    private static final Path PIDFILE = Path.of("/run/onyx-test-n2.pid");
    private static final Path SOCKET = Path.of("/run/onyx-test-n2.sock");
    /** Records whether docker_gwbridge existed before the fixture's swarm init (survives a kill). */
    private static final Path STATE = Path.of("/var/lib/onyx-test-n2.state");
    private static final Path LOG_FILE = Path.of(System.getProperty("java.io.tmpdir"), "onyx-test-n2-dockerd.log");

    private static TwoNodeSwarm shared;

    private final DockerHttpClient worker;
    private final String managerNodeId;
    private final String workerNodeId;
    private boolean closed;

    private TwoNodeSwarm(DockerHttpClient worker, String managerNodeId, String workerNodeId) {
        this.worker = worker;
        this.managerNodeId = managerNodeId;
        this.workerNodeId = workerNodeId;
    }

    /**
     * Returns the JVM's swarm, making it on first use; it is unmade when the JVM exits.
     *
     * @return the running two-node swarm
     */
    public static synchronized TwoNodeSwarm shared() {
        if (shared == null || shared.closed) {
            shared = start();
            TwoNodeSwarm s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "onyx-test-swarm-teardown"));
        }
        return shared;
    }

    /**
     * Makes a new two-node swarm (after removing what a killed run left). Close it when done.
     *
     * @return the running swarm
     * @throws IllegalStateException when the machine cannot host it (not root, tools missing, the
     *     engine already in a swarm the fixture did not make), after undoing what it began
     */
    public static TwoNodeSwarm start() {
        long t0 = System.nanoTime();
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the two-node swarm needs root (network namespaces, a second dockerd)");
        }
        TestEngine.ping();
        cleanStale();
        DockerHttpClient worker = null;
        try {
            boolean gwbridge = networkExists("docker_gwbridge");
            Files.writeString(STATE, "gwbridge-existed=" + gwbridge + "\n");
            run("ip", "netns", "add", NETNS);
            run("ip", "link", "add", VETH_HOST, "type", "veth", "peer", "name", VETH_NS);
            run("ip", "link", "set", VETH_NS, "netns", NETNS);
            run("ip", "addr", "add", MANAGER_ADDRESS + "/24", "dev", VETH_HOST);
            run("ip", "link", "set", VETH_HOST, "up");
            run("ip", "netns", "exec", NETNS, "ip", "addr", "add", WORKER_ADDRESS + "/24", "dev", VETH_NS);
            run("ip", "netns", "exec", NETNS, "ip", "link", "set", VETH_NS, "up");
            run("ip", "netns", "exec", NETNS, "ip", "link", "set", "lo", "up");
            Files.createDirectories(DATA);
            Files.createDirectories(EXEC);
            // nsenter --net, not `ip netns exec`: that remounts /sys and the daemon then finds no cgroups
            new ProcessBuilder("nsenter", "--net=/run/netns/" + NETNS, dockerd(), "--data-root", DATA.toString(),
                    "--exec-root", EXEC.toString(), "--pidfile", PIDFILE.toString(), "--host", "unix://" + SOCKET)
                    .redirectErrorStream(true).redirectOutput(LOG_FILE.toFile()).start();
            worker = new ApacheDockerHttpClient.Builder().dockerHost(URI.create("unix://" + SOCKET))
                    .connectionTimeout(Duration.ofSeconds(5)).build();
            waitFor("the worker's dockerd to answer (log: " + LOG_FILE + ")", Duration.ofSeconds(60),
                    ping(worker));

            DockerHttpClient manager = TestEngine.httpClient();
            call(manager, "POST", "/swarm/init", Map.of("ListenAddr", MANAGER_ADDRESS + ":2377",
                    "AdvertiseAddr", MANAGER_ADDRESS, "DefaultAddrPool", List.of("10.231.128.0/17"),
                    "SubnetSize", 24, "Spec", Map.of("Labels", Map.of(SWARM_LABEL, "true"))));
            String token = call(manager, "GET", "/swarm", null).path("JoinTokens").path("Worker").asText();
            call(worker, "POST", "/swarm/join", Map.of("ListenAddr", WORKER_ADDRESS + ":2377",
                    "AdvertiseAddr", WORKER_ADDRESS, "RemoteAddrs", List.of(MANAGER_ADDRESS + ":2377"),
                    "JoinToken", token));
            String managerId = call(manager, "GET", "/info", null).path("Swarm").path("NodeID").asText();
            String workerId = call(worker, "GET", "/info", null).path("Swarm").path("NodeID").asText();
            waitFor("both nodes to be ready", Duration.ofSeconds(60), () -> {
                int ready = 0;
                for (JsonNode n : call(manager, "GET", "/nodes", null)) {
                    ready += "ready".equals(n.path("Status").path("State").asText()) ? 1 : 0;
                }
                return ready == 2;
            });
            TwoNodeSwarm s = new TwoNodeSwarm(worker, managerId, workerId);
            LOG.info("two-node swarm up in {} ms: manager {} ({}), worker {} ({})",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), managerId, MANAGER_ADDRESS, workerId,
                    WORKER_ADDRESS);
            return s;
        } catch (IOException | RuntimeException e) {
            LOG.warn("making the two-node swarm failed; undoing it", e);
            if (worker != null) {
                closeQuietly(worker);
            }
            teardown();
            throw e instanceof RuntimeException r ? r
                    : new IllegalStateException("making the two-node swarm failed: " + e.getMessage(), e);
        }
    }

    /** @return the worker engine's address, e.g. for {@code DockerEngine.connect(URI)} */
    public URI workerHost() {
        return URI.create("unix://" + SOCKET);
    }

    /** @return the manager's node id */
    public String managerNodeId() {
        return managerNodeId;
    }

    /** @return the worker's node id */
    public String workerNodeId() {
        return workerNodeId;
    }

    /**
     * Copies images from the manager to the worker (a save streamed into a load), skipping those the
     * worker already has with the same id.
     *
     * @param refs image tags on the manager
     */
    public synchronized void copyToWorker(String... refs) {
        List<String> missing = new ArrayList<>();
        for (String ref : refs) {
            String id = call(TestEngine.httpClient(), "GET", "/images/" + ref + "/json", null).path("Id").asText();
            JsonNode there = callOrNull(worker, "GET", "/images/" + ref + "/json");
            if (there == null || !id.equals(there.path("Id").asText())) {
                missing.add(ref);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder path = new StringBuilder("/images/get");
        char sep = '?';
        for (String r : missing) {
            path.append(sep).append("names=").append(URLEncoder.encode(r, StandardCharsets.UTF_8));
            sep = '&';
        }
        DockerHttpClient.Request save = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path(path.toString()).build();
        try (DockerHttpClient.Response r = TestEngine.httpClient().execute(save); InputStream tar = r.getBody()) {
            DockerHttpClient.Request load = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST).path("/images/load?quiet=1")
                    .putHeader("Content-Type", "application/x-tar").body(tar).build();
            try (DockerHttpClient.Response lr = worker.execute(load)) {
                String out = new String(lr.getBody().readAllBytes(), StandardCharsets.UTF_8);
                if (lr.getStatusCode() != 200 || out.contains("\"error\"")) {
                    throw new IllegalStateException("loading " + missing + " into the worker failed: " + out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + missing + " to the worker", e);
        }
    }

    /**
     * A process that runs in the worker's network namespace (its own loopback; the manager at
     * {@value #MANAGER_ADDRESS}), e.g. a registry the worker reaches at 127.0.0.1.
     *
     * @param command the program and its arguments
     * @return a process builder for it (not started)
     */
    public ProcessBuilder inWorkerNamespace(String... command) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + NETNS));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd);
    }

    /**
     * Removes images from the worker (not from the manager).
     *
     * @param refs image tags or ids
     */
    public synchronized void removeFromWorker(String... refs) {
        for (String ref : refs) {
            callOrNull(worker, "DELETE", "/images/" + ref + "?force=1");
        }
    }

    /**
     * Sets a node's availability ({@code active}, {@code pause} or {@code drain}) through the manager.
     *
     * @param nodeId the node
     * @param availability the availability
     */
    public void setAvailability(String nodeId, String availability) {
        DockerHttpClient manager = TestEngine.httpClient();
        JsonNode node = call(manager, "GET", "/nodes/" + nodeId, null);
        Map<String, Object> spec = JSON.convertValue(node.path("Spec"), Map.class);
        spec.put("Availability", availability);
        call(manager, "POST", "/nodes/" + nodeId + "/update?version=" + node.path("Version").path("Index").asLong(),
                spec);
    }

    /** Unmakes the swarm now (idempotent): see the class comment. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(worker);
        teardown();
    }

    /** Removes whatever a run of this fixture left behind (a killed test JVM). Safe to call any time. */
    public static void cleanStale() {
        JsonNode info = call(TestEngine.httpClient(), "GET", "/info", null);
        String state = info.path("Swarm").path("LocalNodeState").asText();
        if (!"inactive".equals(state) && !state.isEmpty()) {
            JsonNode swarm = callOrNull(TestEngine.httpClient(), "GET", "/swarm");
            boolean ours = swarm != null && swarm.path("Spec").path("Labels").has(SWARM_LABEL);
            if (!ours && Files.exists(STATE)) {
                ours = true; // a worker-only left-over, or a swarm the fixture was making when killed
            }
            if (!ours) {
                throw new IllegalStateException("the test engine is already part of a swarm that these tests did "
                        + "not make (state " + state + "); leave it first ('docker swarm leave --force') or use "
                        + "another engine");
            }
        }
        teardown();
    }

    /** Undoes everything the fixture makes, each step on its own (so one failure does not stop the rest). */
    private static void teardown() {
        if (Files.exists(SOCKET)) {
            try (DockerHttpClient w = new ApacheDockerHttpClient.Builder().dockerHost(URI.create("unix://" + SOCKET))
                    .connectionTimeout(Duration.ofSeconds(2)).build()) {
                callOrNull(w, "POST", "/swarm/leave?force=1");
            } catch (IOException | RuntimeException e) {
                LOG.debug("the worker did not leave", e);
            }
        }
        JsonNode swarm = callOrNull(TestEngine.httpClient(), "GET", "/swarm");
        if (swarm != null && (swarm.path("Spec").path("Labels").has(SWARM_LABEL) || Files.exists(STATE))) {
            callOrNull(TestEngine.httpClient(), "POST", "/swarm/leave?force=1");
        }
        stopDaemon();
        unmountUnder(EXEC);
        unmountUnder(DATA);
        runQuietly("ip", "netns", "del", NETNS);
        runQuietly("ip", "link", "del", VETH_HOST);
        deleteTree(DATA);
        deleteTree(EXEC);
        try {
            Files.deleteIfExists(SOCKET);
            Files.deleteIfExists(PIDFILE);
            if (Files.exists(STATE)) {
                boolean existed = Files.readString(STATE).contains("gwbridge-existed=true");
                if (!existed && networkExists("docker_gwbridge")) {
                    callOrNull(TestEngine.httpClient(), "DELETE", "/networks/docker_gwbridge");
                }
                Files.delete(STATE);
            }
        } catch (IOException e) {
            LOG.warn("cleaning up the two-node swarm's files failed", e);
        }
    }

    /** Stops the worker's dockerd: the one in the pid file, and any other running on its data folder. */
    private static void stopDaemon() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.matches("\\d+")) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.startsWith("dockerd") || cmd.contains("/dockerd\0")) {
                        if (cmd.contains("\0" + DATA + "\0")) {
                            pids.add(Long.parseLong(name));
                        }
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list processes", e);
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                    try {
                        h.onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception e2) {
                        LOG.warn("the worker's dockerd {} does not end", pid);
                    }
                }
            });
        }
    }

    private static void unmountUnder(Path dir) {
        try {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && (f[1].equals(dir.toString()) || f[1].startsWith(dir + "/"))) {
                    mounts.add(f[1]);
                }
            }
            mounts.sort(Comparator.reverseOrder());
            for (String m : mounts) {
                runQuietly("umount", "-l", m);
            }
        } catch (IOException e) {
            LOG.debug("cannot read /proc/mounts", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        runQuietly("rm", "-rf", "--one-file-system", dir.toString());
        if (Files.exists(dir)) {
            LOG.warn("{} could not be removed completely", dir);
        }
    }

    private static String dockerd() {
        for (String d : List.of("/usr/sbin/dockerd", "/usr/bin/dockerd")) {
            if (Files.isExecutable(Path.of(d))) {
                return d;
            }
        }
        return "dockerd";
    }

    private static boolean networkExists(String name) {
        return callOrNull(TestEngine.httpClient(), "GET", "/networks/" + name) != null;
    }

    private static java.util.function.BooleanSupplier ping(DockerHttpClient c) {
        return () -> {
            try {
                return callOrNull(c, "GET", "/info") != null;
            } catch (RuntimeException e) {
                return false;
            }
        };
    }

    private static void waitFor(String what, Duration max, java.util.function.BooleanSupplier ok) {
        long until = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < until) {
            try {
                if (ok.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.debug("waiting for {}", what, e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what);
            }
        }
        throw new IllegalStateException("timed out after " + max.toSeconds() + " s waiting for " + what);
    }

    /** An engine call; a refusal is an error. */
    private static JsonNode call(DockerHttpClient c, String method, String path, Object body) {
        DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder().method(
                DockerHttpClient.Request.Method.valueOf(method)).path(path);
        try {
            if (body != null) {
                b.putHeader("Content-Type", "application/json").bodyBytes(JSON.writeValueAsBytes(body));
            }
            try (DockerHttpClient.Response r = c.execute(b.build()); InputStream in = r.getBody()) {
                String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (r.getStatusCode() / 100 != 2) {
                    throw new IllegalStateException(method + " " + path + " answered " + r.getStatusCode() + ": "
                            + text.strip());
                }
                return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    /** An engine call whose refusal (or an unreachable engine) gives null. */
    private static JsonNode callOrNull(DockerHttpClient c, String method, String path) {
        try {
            return call(c, method, path, null);
        } catch (RuntimeException e) {
            LOG.debug("{} {}: {}", method, path, e.getMessage());
            return null;
        }
    }

    private static void run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    private static void runQuietly(String... cmd) {
        try {
            run(cmd);
        } catch (IOException e) {
            LOG.debug("{}", e.getMessage());
        }
    }

    private static void closeQuietly(DockerHttpClient c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing", e);
        }
    }
}
