package dev.onyx.deploy.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real container registry for tests: Debian's {@code docker-registry} (distribution 2.8) started as
 * a process on a free port, with its storage in a temporary folder, optionally behind htpasswd
 * authentication (a bcrypt password file made with {@code htpasswd -B} from {@code apache2-utils}).
 * {@code scripts/engine-up} installs both. The engine treats registries on 127.0.0.0/8 as insecure
 * (plain HTTP) by default, so pushes and pulls through the engine work without TLS.
 *
 * <pre>
 * try (TestRegistry registry = TestRegistry.builder().withAuth("alice", "s3cret").start()) {
 *   String ref = registry.image("team/app:1");           // 127.0.0.1:PORT/team/app:1
 *   ...
 * }
 * </pre>
 *
 * <p>{@link #close()} stops the process and deletes the storage. Images tagged for the registry on
 * the engine are the caller's to remove.
 */
public final class TestRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestRegistry.class);
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final List<Process> mirrors = new ArrayList<>();
    private final Path dir;
    private final String host;
    private final int port;
    private final String username;

    private TestRegistry(Process process, Path dir, String host, int port, String username) {
        this.process = process;
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.username = username;
    }

    /** @return a builder: no authentication, listening on 127.0.0.1 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a started registry without authentication on 127.0.0.1 */
    public static TestRegistry start() {
        return builder().start();
    }

    /** How to start a {@link TestRegistry}. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private String username;
        private String password;
        private final List<Function<String[], ProcessBuilder>> mirrors = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param address the address to listen on (default {@code 127.0.0.1}; e.g. a namespace's
         *     bridge address for a second engine)
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address == null");
            return this;
        }

        /**
         * @param user the one user the registry accepts
         * @param pass that user's password (stored bcrypt-hashed)
         * @return this builder
         */
        public Builder withAuth(String user, String pass) {
            this.username = Objects.requireNonNull(user, "user == null");
            this.password = Objects.requireNonNull(pass, "pass == null");
            return this;
        }

        /**
         * Serves the same storage on the same address and port a second time, from a process the
         * launcher makes: e.g. inside a network namespace whose {@code 127.0.0.1} is its own (the
         * worker of a {@link TwoNodeSwarm}), so that an engine there pulls what this one pushed under
         * the same image reference.
         *
         * @param launcher given the registry's command line, returns the process to start it with
         * @return this builder
         */
        public Builder alsoServeThrough(Function<String[], ProcessBuilder> launcher) {
            mirrors.add(Objects.requireNonNull(launcher, "launcher == null"));
            return this;
        }

        /**
         * Starts the registry and waits until it answers (at most 20 s).
         *
         * @return the running registry
         * @throws IllegalStateException if {@code docker-registry} (or {@code htpasswd}) is missing or
         *     the registry does not come up; the message says what to run
         */
        public TestRegistry start() {
            if (!Files.isExecutable(BINARY)) {
                throw new IllegalStateException(BINARY + " is missing: run scripts/engine-up (it installs Debian's "
                        + "docker-registry and apache2-utils)");
            }
            Path dir;
            try {
                dir = Files.createTempDirectory("onyx-test-registry-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot make a folder for the test registry", e);
            }
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return startIn(dir);
                } catch (IllegalStateException e) {
                    last = e; // most likely the port was taken between choosing and binding it
                }
            }
            deleteTree(dir);
            throw last;
        }

        private TestRegistry startIn(Path dir) {
            int port = freePort(bindAddress);
            StringBuilder config = new StringBuilder()
                    .append("version: 0.1\n")
                    .append("log:\n  level: warn\n")
                    .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                    .append("  delete:\n    enabled: true\n")
                    .append("http:\n  addr: ").append(bindAddress).append(':').append(port).append('\n');
            try {
                if (username != null) {
                    Path htpasswd = dir.resolve("htpasswd");
                    Process h = new ProcessBuilder("htpasswd", "-Bbc", htpasswd.toString(), username, password)
                            .redirectErrorStream(true).start();
                    String out = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!h.waitFor(30, TimeUnit.SECONDS) || h.exitValue() != 0) {
                        throw new IllegalStateException("htpasswd failed: " + out.strip());
                    }
                    config.append("auth:\n  htpasswd:\n    realm: onyx-test\n    path: ").append(htpasswd).append('\n');
                }
                Path file = dir.resolve("config.yml");
                Files.writeString(file, config.toString());
                Process p = new ProcessBuilder(BINARY.toString(), "serve", file.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
                TestRegistry r = new TestRegistry(p, dir, bindAddress, port, username);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < deadline) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("docker-registry exited with " + p.exitValue() + ": "
                                + Files.readString(dir.resolve("registry.log")).strip());
                    }
                    if (r.answers()) {
                        startMirrors(r, file, mirrors);
                        LOG.info("test registry at {} ({})", r.address(), username == null ? "no auth" : "htpasswd auth");
                        return r;
                    }
                    Thread.sleep(100);
                }
                p.destroyForcibly();
                throw new IllegalStateException("docker-registry did not answer on " + r.address() + " within 20 s");
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the test registry: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the test registry", e);
            }
        }
    }

    private static void startMirrors(TestRegistry r, Path config,
            List<Function<String[], ProcessBuilder>> launchers) throws IOException, InterruptedException {
        for (Function<String[], ProcessBuilder> launcher : launchers) {
            Path log = r.dir.resolve("registry-" + (r.mirrors.size() + 1) + ".log");
            Process m = launcher.apply(new String[] {BINARY.toString(), "serve", config.toString()})
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            r.mirrors.add(m);
            Thread.sleep(300);
            if (!m.isAlive()) {
                r.close();
                throw new IllegalStateException("the second docker-registry exited with " + m.exitValue() + ": "
                        + Files.readString(log).strip());
            }
        }
    }

    /** @return whether {@code GET /v2/} answers (200 without auth, 401 with) */
    boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address() + "/v2/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200 || code == 401;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return {@code host:port}, as image references name the registry */
    public String address() {
        return host + ":" + port;
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return whether it requires a user name and password */
    public boolean requiresAuth() {
        return username != null;
    }

    /**
     * @param pathAndTag a repository path and tag, e.g. {@code team/app:1}
     * @return the full reference in this registry, e.g. {@code 127.0.0.1:5000/team/app:1}
     */
    public String image(String pathAndTag) {
        return address() + "/" + pathAndTag;
    }

    /** @return the folder holding the registry's storage, configuration and log */
    public Path directory() {
        return dir;
    }

    /** Stops the registry and deletes its storage. */
    @Override
    public void close() {
        List<Process> all = new ArrayList<>(mirrors);
        all.add(process);
        for (Process p : all) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(dir);
    }

    @Override
    public String toString() {
        return "TestRegistry[" + address() + (username == null ? "" : ", user " + username) + "]";
    }

    private static int freePort(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + address + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete the test registry's folder {}: {}", dir, e.toString());
        }
    }
}
