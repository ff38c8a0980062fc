package dev.onyx.deploy.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real Docker Compose v2 CLI, the oracle that tests compare the library with: {@code config -q}
 * to check that a file is valid, {@code config --format json} for Compose's normalised form,
 * {@code ps --format json} and {@code down} to see and remove what the library deployed.
 *
 * <pre>{@code
 * assumeTrue(Compose.available());
 * Compose.Result r = Compose.run(dir, "-f", "compose.yaml", "config", "-q");
 * assertThat(r.exitCode()).as(r.stderr()).isZero();
 * }</pre>
 *
 * <p>The CLI is {@code /usr/bin/docker compose} (the client that comes with Debian's docker.io), else
 * {@code docker compose} on {@code PATH}; it talks to the same engine as {@link TestEngine} (it inherits
 * {@code DOCKER_HOST}). {@code scripts/engine-up} installs Compose v2 as a CLI plugin.
 */
public final class Compose {

    /** How long {@link #run(Path, String...)} lets one command take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(Compose.class);

    private static volatile String docker;
    private static volatile Boolean available;
    private static volatile String version;

    private Compose() {
    }

    /**
     * What one run of the CLI gave.
     *
     * @param command the command line that ran
     * @param exitCode the process's exit code
     * @param stdout everything it printed on standard output
     * @param stderr everything it printed on standard error
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /**
         * Tells whether the command exited 0.
         *
         * @return true on exit code 0
         */
        public boolean ok() {
            return exitCode == 0;
        }

        /**
         * Returns this result when the command exited 0, else fails with the command and both outputs.
         *
         * @return this
         * @throws AssertionError when the exit code is not 0
         */
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError(this);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + exitCode
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /**
     * Tells whether {@code docker compose version} answers with a v2 version. The answer is cached.
     *
     * @return true when the Compose v2 CLI can be run
     */
    public static boolean available() {
        Boolean a = available;
        if (a == null) {
            synchronized (Compose.class) {
                a = available;
                if (a == null) {
                    a = probe();
                    available = a;
                }
            }
        }
        return a;
    }

    /**
     * Returns Compose's version, e.g. {@code 2.26.1-4}.
     *
     * @return the version that {@code docker compose version --short} printed
     * @throws IllegalStateException when Compose v2 is not {@link #available() available}
     */
    public static String version() {
        if (!available()) {
            throw new IllegalStateException("Docker Compose v2 is not installed: run scripts/engine-up");
        }
        return version;
    }

    /**
     * Runs {@code docker compose ARGS} in a folder with the {@link #DEFAULT_TIMEOUT}.
     *
     * @param dir the working folder (where relative paths in the arguments and compose files resolve)
     * @param args the arguments after {@code docker compose}, e.g. {@code "-f", "x.yaml", "config", "-q"}
     * @return the exit code and both outputs
     */
    public static Result run(Path dir, String... args) {
        return run(dir, DEFAULT_TIMEOUT, Map.of(), List.of(args));
    }

    /**
     * Runs {@code docker compose ARGS} in a folder.
     *
     * @param dir the working folder, or null for the JVM's
     * @param timeout how long it may take; past that it is killed and this throws
     * @param env variables to add to (or change in) the inherited environment
     * @param args the arguments after {@code docker compose}
     * @return the exit code and both outputs
     * @throws IllegalStateException when the command cannot start or runs past the timeout
     */
    public static Result run(Path dir, Duration timeout, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(docker());
        command.add("compose");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(devNull()));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        LOG.debug("running {} in {}", command, dir);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = readAsync(p.getInputStream());
        CompletableFuture<String> err = readAsync(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s; stderr so far:\n" + err.getNow(""));
            }
            return new Result(List.copyOf(command), p.exitValue(), out.get(30, TimeUnit.SECONDS),
                    err.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        }, "compose-output-reader");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static java.io.File devNull() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String docker() {
        String d = docker;
        if (d == null) {
            d = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
            docker = d;
        }
        return d;
    }

    private static boolean probe() {
        try {
            Result r = run(null, Duration.ofSeconds(30), Map.of(), List.of("version", "--short"));
            String v = r.stdout().trim();
            if (v.startsWith("v")) {
                v = v.substring(1);
            }
            if (r.ok() && v.startsWith("2.")) {
                version = v;
                LOG.info("Docker Compose {} ({} compose)", v, docker());
                return true;
            }
            LOG.warn("no Docker Compose v2: `{} compose version --short` gave {}: {}{}", docker(), r.exitCode(),
                    r.stdout().trim(), r.stderr().trim());
            return false;
        } catch (IllegalStateException e) {
            LOG.warn("no Docker Compose v2: {}", e.getMessage());
            return false;
        }
    }
}
