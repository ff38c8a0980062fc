package dev.onyx.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.BackupLabels;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.docker.DeployOptions;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ExecResult;
import dev.onyx.deploy.testsupport.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The stack the backup ITs use: a real PostgreSQL 15 server with a generated password (scram, so
 * the dump has to find it), a service writing files to a named volume, and a skipped cache volume.
 */
final class BackupStacks {
  private BackupStacks() {
  }

  static Stack stack(String project) {
    String image = TestImages.realServices();
    return Stack.builder(project)
        .addVolume(Volume.named("db_data"), Volume.named("files"), BackupLabels.skip(Volume.named("cache")))
        .addSecret(Secret.generatedPassword("db_password", 24))
        .addService(BackupLabels.postgresDump(Service.builder("db").image(image)
            .secretEnv("POSTGRES_PASSWORD", "db_password")
            .command("sh", "-c", "set -e; D=/var/lib/postgresql/data; chown postgres \"$D\";"
                + " if [ ! -s \"$D/PG_VERSION\" ]; then echo \"$POSTGRES_PASSWORD\" > /tmp/pw; chown postgres /tmp/pw;"
                + " su postgres -c \"initdb -D $D -U postgres --pwfile=/tmp/pw -A scram-sha-256\" >/dev/null;"
                + " rm /tmp/pw; fi; exec su postgres -c \"postgres -D $D -c listen_addresses=127.0.0.1\"")
            .addMounts(Mount.volume("db_data", "/var/lib/postgresql/data"))
            .healthcheck(Healthcheck.shell("pg_isready -h 127.0.0.1 -U postgres")
                .withInterval(Duration.ofSeconds(1)).withTimeout(Duration.ofSeconds(5)).withRetries(60))
            .stopGracePeriod(Duration.ofSeconds(5)))
            .build())
        .addService(Service.builder("app").image(image)
            .command("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done")
            .addMounts(Mount.volume("files", "/data"), Mount.volume("cache", "/cache"))
            .addDependsOn(DependsOn.healthy("db"))
            .stopGracePeriod(Duration.ofSeconds(2))
            .build())
        .build();
  }

  static void deploy(DockerEngine engine, Stack stack, Path state) {
    engine.apply(stack, DeployOptions.defaults().withStateDir(state).withTimeout(Duration.ofMinutes(3)));
  }

  static ExecResult sh(DockerEngine engine, String project, String service, String script) {
    ExecResult r = engine.exec(project, service, List.of("sh", "-c", script));
    assertThat(r.exitCode()).as("%s: %s\n%s", script, r.stdout(), r.stderr()).isZero();
    return r;
  }

  static final String PSQL = "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -X -h 127.0.0.1 -U postgres ";

  /** Writes a database {@code shop} with 20 000 rows, and files with owners, modes, a link and a hidden file. */
  static void writeData(DockerEngine engine, String project, int bigFileMegabytes) {
    sh(engine, project, "db", PSQL + "-q -c 'create database shop' && " + PSQL + "-q -d shop -c \"create table t (id int"
        + " primary key, body text); insert into t select g, md5(g::text) from generate_series(1, 20000) g\"");
    sh(engine, project, "app", "mkdir -p /data/sub/deeper && head -c " + bigFileMegabytes + "M /dev/urandom > /data/sub/big.bin"
        + " && seq 1 50000 > /data/numbers.txt && echo hello > /data/a.txt && chmod 640 /data/a.txt"
        + " && chown 1234:5678 /data/a.txt && ln -s a.txt /data/link && touch /data/.hidden && chmod 700 /data/sub/deeper"
        + " && echo cached > /cache/c.txt");
  }

  /** @return the database's row count and content checksum */
  static String tableDigest(DockerEngine engine, String project) {
    return sh(engine, project, "db", PSQL + "-tA -d shop -c \"select count(*) || ' ' || md5(string_agg(id || ':' || body,"
        + " ',' order by id)) from t\"").stdout().strip();
  }

  /** @return every file of the files volume with its type, owner, mode and SHA-256 */
  static String filesDigest(DockerEngine engine, String project) {
    return sh(engine, project, "app", "cd /data && find . -printf '%p %y %U:%G %m %l\\n' | sort && "
        + "find . -type f -print0 | sort -z | xargs -0 sha256sum").stdout();
  }
}
