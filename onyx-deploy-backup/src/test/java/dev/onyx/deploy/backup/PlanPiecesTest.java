package dev.onyx.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.BackupLabels;
import dev.onyx.deploy.docker.Containers;
import dev.onyx.deploy.docker.Containers.ContainerInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The plan's groups and text, the start order, and which restore errors matter. */
class PlanPiecesTest {
  static ContainerInfo c(String service, String dependsOn) {
    return new ContainerInfo("id-" + service, "p-" + service + "-1", service, "img", "running", Optional.empty(),
        dependsOn.isEmpty() ? Map.of() : Map.of("com.docker.compose.depends_on", dependsOn), List.of());
  }

  @Test
  void startsInDependencyOrderAndStopsInReverse() {
    List<List<ContainerInfo>> levels = ServiceStops.levels(List.of(c("web", "api:service_healthy:false"),
        c("api", "db:service_healthy:false,cache:service_started:false"), c("worker", "api:service_started:false")));
    assertThat(levels).extracting(l -> l.stream().map(ContainerInfo::service).toList())
        .containsExactly(List.of("api"), List.of("web", "worker"));
  }

  @Test
  void volumesSharingStoppedServicesAreCopiedInOneStop() {
    BackupPlan.VolumeCopy files = new BackupPlan.VolumeCopy("files", "p_files", BackupLabels.VolumeMode.FILES,
        List.of("api", "worker"), OptionalLong.of(600L << 20));
    BackupPlan.VolumeCopy logs = new BackupPlan.VolumeCopy("logs", "p_logs", BackupLabels.VolumeMode.FILES,
        List.of("worker"), OptionalLong.of(10L << 20));
    BackupPlan.VolumeCopy search = new BackupPlan.VolumeCopy("search", "p_search", BackupLabels.VolumeMode.FILES,
        List.of("search"), OptionalLong.empty());
    BackupPlan.VolumeCopy store = new BackupPlan.VolumeCopy("store", "p_store", BackupLabels.VolumeMode.FILES_LIVE,
        List.of(), OptionalLong.of(1L << 20));
    BackupPlan plan = new BackupPlan("p", false, List.of(new BackupPlan.Dump("db", "p-db-1", "postgres")),
        List.of(files, logs, search, store), List.of(new BackupPlan.Skip("cache", "declared skip")),
        Map.of("api", c("api", ""), "worker", c("worker", ""), "search", c("search", "")), Map.of());
    assertThat(plan.stopGroups()).containsExactly(List.of(files, logs), List.of(search), List.of(store));
    assertThat(plan.stoppedServices()).containsExactly("api", "worker", "search");
    assertThat(plan.toString()).isEqualTo("""
        backup of project p:
          dump  service db: pg_dumpall as database user postgres, while it runs
          copy  volume files (600.0 MiB): with api, worker stopped
          copy  volume logs (10.0 MiB): with worker stopped
                api, worker stay stopped while these are copied: about 10 s (at 60.0 MiB/s), then start again (in \
        dependency order, waited for until healthy)
          copy  volume search: with search stopped
                search stay stopped while it is copied: as long as the copy takes, then start again (in dependency \
        order, waited for until healthy)
          copy  volume store (1.0 MiB): while its services run
          skip  volume cache: declared skip
        If the backup is interrupted while services are stopped, the next 'backup create' or 'backup restore' of \
        project p starts them again (or by hand: docker start p-api-1 p-worker-1 p-search-1).
        """);
  }

  static ContainerInfo mounting(String service, String dependsOn, String... volumes) {
    ContainerInfo c = c(service, dependsOn);
    return new ContainerInfo(c.id(), c.name(), c.service(), c.image(), c.state(), c.health(), c.labels(),
        java.util.Arrays.stream(volumes).map(v -> new Containers.VolumeMount(v, "/" + v, false)).toList());
  }

  @Test
  void aStoppedServiceRunsAgainAsSoonAsItsVolumesAreBackUnlessItWaitsForARestoredDatabase() {
    BackupManifest.Item files = new BackupManifest.Item("volume/files", BackupManifest.Kind.VOLUME, "files", 1, 1, "x");
    BackupManifest.Item logs = new BackupManifest.Item("volume/logs", BackupManifest.Kind.VOLUME, "logs", 1, 1, "x");
    BackupManifest.Item db = new BackupManifest.Item("dump/db", BackupManifest.Kind.POSTGRES_DUMP, "db", 1, 1, "x");
    Map<String, Containers.VolumeInfo> volumes = Map.of("files", new Containers.VolumeInfo("p_files", "files", Map.of()),
        "logs", new Containers.VolumeInfo("p_logs", "logs", Map.of()));
    ContainerInfo store = mounting("store", "", "p_files");
    ContainerInfo api = mounting("api", "db:service_healthy:false", "p_logs");
    ContainerInfo web = mounting("web", "store:service_started:false", "p_logs");
    // store waits for its volume only; api for the database; web for store, which is stopped too
    assertThat(Restorer.earlyStarts(List.of(store, api, web), List.of(files, logs, db), volumes))
        .isEqualTo(Map.of(store, List.of(files)));
    // with nothing else to wait for, it starts at the end with the others
    assertThat(Restorer.earlyStarts(List.of(store), List.of(files), volumes)).isEmpty();
    assertThat(Restorer.earlyStarts(List.of(api), List.of(logs, db), volumes)).isEmpty();
  }

  @Test
  void restoreErrorsThatAlwaysHappenOnAFreshServerAreNotFailures() {
    String stderr = """
        psql:<stdin>:14: ERROR:  current user cannot be dropped
        psql:<stdin>:20: ERROR:  role "postgres" already exists
        psql:<stdin>:99: ERROR:  relation "t" does not exist
        """;
    assertThat(Postgres.realErrors(stderr, 3)).containsExactly("psql:<stdin>:99: ERROR:  relation \"t\" does not exist");
  }
}
