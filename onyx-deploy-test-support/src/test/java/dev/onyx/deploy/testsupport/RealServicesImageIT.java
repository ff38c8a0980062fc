package dev.onyx.deploy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real-services image exists (it is made once, about 2 minutes, then cached by tag) and has its servers. */
@Tag("docker")
class RealServicesImageIT {

    @Test
    void hasPostgresRedisAndNginx() throws Exception {
        String image = TestImages.realServices();
        assertThat(image).isEqualTo(TestImages.SERVICES);
        assertThat(TestImages.exists(TestImages.DEBIAN)).isTrue();

        Containers.Run run = Containers.run(image, "sh", "-c",
                "for p in pg_ctlcluster pg_isready postgres initdb redis-server nginx curl ps; do"
                        + " command -v $p || { echo missing: $p; exit 1; }; done"
                        + " && redis-server --version && nginx -v 2>&1");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("/usr/bin/pg_ctlcluster", "/pg_isready", "/usr/lib/postgresql/15/bin/postgres",
                        "/usr/lib/postgresql/15/bin/initdb", "/usr/bin/redis-server", "/usr/sbin/nginx",
                        "/usr/bin/curl", "/ps")
                .contains("Redis server v=")
                .contains("nginx version: nginx/");
    }
}
