package dev.onyx.deploy.backup;

import dev.onyx.deploy.core.BackupLabels;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.docker.Containers.ContainerInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a backup of a project will do, before it does it: which databases are dumped, which volumes
 * copied (and which services stopped while, for about how long), which volumes skipped and why.
 * {@link #toString()} prints it for people.
 */
public final class BackupPlan {
  /** The throughput the stop-time estimate assumes (bytes per second): a conservative figure for one copy. */
  static final long ASSUMED_RATE = 60L * 1024 * 1024;

  /**
   * A logical dump of a database service, taken while it runs.
   *
   * @param service the service
   * @param container its container's name
   * @param user the database user it runs as
   */
  public record Dump(String service, String container, String user) {
  }

  /**
   * A volume copied as files.
   *
   * @param volume its key in the project
   * @param engineName its name on the engine
   * @param mode how it is copied (files with writers stopped, or live)
   * @param stoppedServices the services stopped while it is copied (empty when live or unused)
   * @param size its size as the engine reports it, when known
   */
  public record VolumeCopy(String volume, String engineName, BackupLabels.VolumeMode mode,
      List<String> stoppedServices, OptionalLong size) {
    /** Copies the list. */
    public VolumeCopy {
      stoppedServices = List.copyOf(stoppedServices);
    }
  }

  /**
   * A volume left out.
   *
   * @param volume its key in the project
   * @param reason why, for people
   */
  public record Skip(String volume, String reason) {
  }

  private final String project;
  private final boolean online;
  private final List<Dump> dumps;
  private final List<VolumeCopy> volumes;
  private final List<Skip> skipped;
  /** Containers by service (the first container of each). */
  final Map<String, ContainerInfo> containers;
  /** The image of a helper container per volume engine name. */
  final Map<String, String> helperImages;

  BackupPlan(String project, boolean online, List<Dump> dumps, List<VolumeCopy> volumes, List<Skip> skipped,
      Map<String, ContainerInfo> containers, Map<String, String> helperImages) {
    this.project = Objects.requireNonNull(project);
    this.online = online;
    this.dumps = List.copyOf(dumps);
    this.volumes = List.copyOf(volumes);
    this.skipped = List.copyOf(skipped);
    this.containers = Map.copyOf(containers);
    this.helperImages = Map.copyOf(helperImages);
  }

  /** @return the project */
  public String project() {
    return project;
  }

  /** @return whether volumes are copied without stopping their writers */
  public boolean online() {
    return online;
  }

  /** @return the database dumps */
  public List<Dump> dumps() {
    return dumps;
  }

  /** @return the volume copies */
  public List<VolumeCopy> volumes() {
    return volumes;
  }

  /** @return the volumes left out */
  public List<Skip> skipped() {
    return skipped;
  }

  /** @return every service the backup stops at some point */
  public List<String> stoppedServices() {
    Set<String> s = new LinkedHashSet<>();
    volumes.forEach(v -> s.addAll(v.stoppedServices()));
    return List.copyOf(s);
  }

  /**
   * Volumes that share stopped services form one group: their services are stopped once, the
   * volumes copied one after the other, and the services started again.
   */
  List<List<VolumeCopy>> stopGroups() {
    List<List<VolumeCopy>> groups = new ArrayList<>();
    List<Set<String>> stops = new ArrayList<>();
    for (VolumeCopy v : volumes) {
      int into = -1;
      for (int i = 0; i < groups.size(); i++) {
        if (!v.stoppedServices().isEmpty() && v.stoppedServices().stream().anyMatch(stops.get(i)::contains)) {
          into = i;
          break;
        }
      }
      if (into < 0) {
        groups.add(new ArrayList<>());
        stops.add(new LinkedHashSet<>());
        into = groups.size() - 1;
      }
      groups.get(into).add(v);
      stops.get(into).addAll(v.stoppedServices());
    }
    return groups;
  }

  /** @return the plan, one line per step, with how to recover from an interrupted run */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("backup of project ").append(project).append(online ? " (online)" : "")
        .append(":\n");
    for (Dump d : dumps) {
      b.append("  dump  service ").append(d.service()).append(": pg_dumpall as database user ").append(d.user())
          .append(", while it runs\n");
    }
    for (List<VolumeCopy> g : stopGroups()) {
      long total = 0;
      boolean known = true;
      Set<String> stopped = new LinkedHashSet<>();
      for (VolumeCopy v : g) {
        b.append("  copy  volume ").append(v.volume()).append(v.size().isPresent()
            ? " (" + ByteSize.ofBytes(v.size().getAsLong()).toHumanString() + ")" : "").append(": ");
        if (v.stoppedServices().isEmpty()) {
          b.append(v.mode() == BackupLabels.VolumeMode.FILES_LIVE || online
              ? "while its services run" + (online && v.mode() == BackupLabels.VolumeMode.FILES
                  ? " (online: the copy may be inconsistent if they write during it)" : "")
              : "no running service uses it").append('\n');
        } else {
          b.append("with ").append(String.join(", ", v.stoppedServices())).append(" stopped\n");
          stopped.addAll(v.stoppedServices());
          total += v.size().orElse(0);
          known &= v.size().isPresent();
        }
      }
      if (!stopped.isEmpty()) {
        long seconds = Math.max(1, total / ASSUMED_RATE);
        b.append("        ").append(String.join(", ", stopped)).append(" stay stopped while ")
            .append(g.size() == 1 ? "it is" : "these are").append(" copied: ")
            .append(known ? "about " + seconds + " s (at " + ByteSize.ofBytes(ASSUMED_RATE).toHumanString() + "/s)"
                : "as long as the copy takes")
            .append(", then start again (in dependency order, waited for until healthy)\n");
      }
    }
    for (Skip s : skipped) {
      b.append("  skip  volume ").append(s.volume()).append(": ").append(s.reason()).append('\n');
    }
    List<String> stopped = stoppedServices();
    if (!stopped.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (String s : stopped) {
        ContainerInfo c = containers.get(s);
        names.add(c == null ? s : c.name());
      }
      b.append("If the backup is interrupted while services are stopped, the next 'backup create' or 'backup "
          + "restore' of project ").append(project).append(" starts them again (or by hand: docker start ")
          .append(String.join(" ", names)).append(").\n");
    }
    return b.toString();
  }
}
