package dev.onyx.deploy.backup;

import dev.onyx.deploy.core.BackupLabels;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.docker.Containers;
import dev.onyx.deploy.docker.Containers.ContainerInfo;
import dev.onyx.deploy.docker.Containers.VolumeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the engine runs for a project and what is declared (the stack's labels when a stack
 * is given, else the labels of the deployed containers and volumes), and makes the plan.
 */
final class Planner {
  private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

  private Planner() {
  }

  static BackupPlan plan(Containers engine, String project, @Nullable Stack stack, boolean online) {
    List<ContainerInfo> cs = engine.ofProject(project);
    List<VolumeInfo> vs = engine.volumesOfProject(project);
    if (cs.isEmpty() && vs.isEmpty()) {
      throw new BackupException(null, "plan", "project " + project + " has nothing on this engine (no containers, no "
          + "volumes): check the name with 'onyx-deploy ps -p " + project + "'", null);
    }
    List<String> problems = new ArrayList<>();
    Map<String, ContainerInfo> byService = new LinkedHashMap<>();
    for (ContainerInfo c : cs) {
      ContainerInfo had = byService.get(c.service());
      if (had == null || (!had.running() && c.running())) {
        byService.put(c.service(), c);
      }
    }
    List<BackupPlan.Dump> dumps = new ArrayList<>();
    for (ContainerInfo c : byService.values()) {
      Map<String, String> labels = stack == null ? c.labels()
          : stack.service(c.service()).map(Service::labels).orElse(c.labels());
      try {
        if (BackupLabels.dumpMethod(labels).isPresent()) {
          if (!c.running()) {
            problems.add("service " + c.service() + ": declares a postgres dump but its container " + c.name()
                + " is not running (" + c.state() + "): start it first ('onyx-deploy up')");
          } else {
            dumps.add(new BackupPlan.Dump(c.service(), c.name(), BackupLabels.dumpUser(labels)));
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add("services." + c.service() + "." + e.getMessage());
      }
    }
    List<String> dumped = dumps.stream().map(BackupPlan.Dump::service).toList();
    Map<String, Long> sizes;
    try {
      sizes = engine.volumeSizes();
    } catch (RuntimeException e) {
      LOG.debug("the engine did not report volume sizes", e);
      sizes = Map.of();
    }
    List<BackupPlan.VolumeCopy> copies = new ArrayList<>();
    List<BackupPlan.Skip> skipped = new ArrayList<>();
    Map<String, String> images = new LinkedHashMap<>();
    for (VolumeInfo v : vs) {
      Map<String, String> labels = stack == null ? v.labels()
          : stack.volume(v.key()).map(Volume::labels).orElse(v.labels());
      Optional<BackupLabels.VolumeMode> mode;
      try {
        mode = BackupLabels.volumeMode(labels);
      } catch (IllegalArgumentException e) {
        problems.add("volumes." + v.key() + "." + e.getMessage());
        continue;
      }
      List<ContainerInfo> users = cs.stream()
          .filter(c -> c.volumes().stream().anyMatch(m -> m.volume().equals(v.name()))).toList();
      if (mode.orElse(null) == BackupLabels.VolumeMode.SKIP) {
        skipped.add(new BackupPlan.Skip(v.key(), "declared skip"));
        continue;
      }
      if (mode.isEmpty() && !users.isEmpty() && users.stream().allMatch(c -> dumped.contains(c.service()))) {
        skipped.add(new BackupPlan.Skip(v.key(), "covered by the dump of service "
            + String.join(", ", users.stream().map(ContainerInfo::service).distinct().toList())));
        continue;
      }
      BackupLabels.VolumeMode effective = mode.orElse(BackupLabels.VolumeMode.FILES);
      TreeSet<String> writers = new TreeSet<>();
      if (!online && effective == BackupLabels.VolumeMode.FILES) {
        for (ContainerInfo c : users) {
          boolean writes = c.volumes().stream().anyMatch(m -> m.volume().equals(v.name()) && !m.readOnly());
          if (c.running() && writes) {
            writers.add(c.service());
          }
        }
      }
      String image = users.isEmpty() ? (cs.isEmpty() ? null : cs.get(0).image()) : users.get(0).image();
      if (image == null) {
        problems.add("volumes." + v.key() + ": no container of project " + project + " to take a helper image "
            + "from (deploy the stack first)");
        continue;
      }
      images.put(v.name(), image);
      Long size = sizes.get(v.name());
      copies.add(new BackupPlan.VolumeCopy(v.key(), v.name(), effective, List.copyOf(writers),
          size == null ? OptionalLong.empty() : OptionalLong.of(size)));
    }
    if (!problems.isEmpty()) {
      throw new BackupException(null, "plan", "cannot back up project " + project + ":\n  "
          + String.join("\n  ", problems), null);
    }
    return new BackupPlan(project, online, dumps, copies, skipped, byService, images);
  }
}
