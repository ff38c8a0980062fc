package dev.onyx.deploy.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine that the tests talk to, as one shared docker-java {@link DockerClient}.
 *
 * <p>The engine is found the way the {@code docker} CLI finds it: {@code DOCKER_HOST} (and the other
 * {@code DOCKER_*} variables) when set, else the default unix socket {@code /var/run/docker.sock}. The
 * client uses the Apache httpclient5 transport. It is made on first use and shared by every test in the
 * JVM; it is never closed (the JVM's exit closes it).
 *
 * <p>Start the engine first with {@code scripts/engine-up} (which {@code scripts/test} runs).
 */
public final class TestEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TestEngine.class);

    private static volatile DockerClient client;
    private static volatile DockerHttpClient httpClient;
    private static volatile DockerClientConfig config;

    private TestEngine() {
    }

    /**
     * Returns the shared client, making it on first use. It does not check that the engine answers:
     * the first call made with it does (see {@link #ping()}).
     *
     * @return the docker-java client for the test engine
     */
    public static DockerClient client() {
        DockerClient c = client;
        if (c == null) {
            synchronized (TestEngine.class) {
                c = client;
                if (c == null) {
                    DockerClientConfig cfg = config();
                    DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                            .dockerHost(cfg.getDockerHost())
                            .sslConfig(cfg.getSSLConfig())
                            .maxConnections(100)
                            .connectionTimeout(Duration.ofSeconds(30))
                            // No response timeout: waits, log follows and image builds may be silent for long.
                            .build();
                    httpClient = http;
                    c = DockerClientImpl.getInstance(cfg, http);
                    LOG.info("test engine client for {}", cfg.getDockerHost());
                    client = c;
                }
            }
        }
        return c;
    }

    /**
     * Returns the raw HTTP transport under {@link #client()}, for the few engine calls that docker-java
     * gets wrong (its {@code createImageCmd} sends {@code {}} instead of the tar to import, see
     * {@link TestImages#importTar}).
     *
     * @return the shared httpclient5 transport of the test engine
     */
    public static DockerHttpClient httpClient() {
        client();
        return httpClient;
    }

    /**
     * Returns the address of the engine, e.g. {@code unix:///var/run/docker.sock}.
     *
     * @return the engine's address as docker-java resolved it
     */
    public static String dockerHost() {
        return config().getDockerHost().toString();
    }

    /**
     * Checks that the engine answers, failing with a message that tells how to start it.
     *
     * @throws IllegalStateException when the engine does not answer
     */
    public static void ping() {
        try {
            client().pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("no Docker engine answers at " + dockerHost()
                    + " (start one with scripts/engine-up): " + e, e);
        }
    }

    private static DockerClientConfig config() {
        DockerClientConfig c = config;
        if (c == null) {
            synchronized (TestEngine.class) {
                c = config;
                if (c == null) {
                    c = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
                    config = c;
                }
            }
        }
        return c;
    }
}
