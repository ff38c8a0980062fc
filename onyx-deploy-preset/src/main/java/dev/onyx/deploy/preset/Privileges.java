package dev.onyx.deploy.preset;

import dev.onyx.deploy.core.Service;
import java.util.List;

/**
 * The Linux capabilities each of the preset's images needs, from its Dockerfile or entrypoint (or,
 * where those are not Onyx's, its documented behaviour). Every service but code-interpreter runs
 * with {@code no-new-privileges} (no process can gain privileges through a setuid binary) and
 * {@code cap_drop: [ALL]}, then adds back only what its image uses:
 * <ul>
 *   <li>{@link #NONE}: web_server ({@code USER nextjs}), the model servers ({@code USER onyx}, as
 *       upstream's Helm chart runs them with every capability dropped), opensearch,
 *       Elasticsearch and Kibana (run as uid 1000; memory locking comes from the {@code memlock}
 *       ulimit, not from {@code IPC_LOCK}), minio (root, but only in its own data volume);
 *   <li>{@link #ONYX_BACKEND}: api_server and background (the classic api and celery_worker). The
 *       backend image has no {@code USER}: it runs as root over files and log folders owned by its
 *       {@code onyx} user, so it keeps the file capabilities ({@code CHOWN}, {@code DAC_OVERRIDE},
 *       {@code FOWNER}, {@code FSETID}) and {@code KILL}, {@code SETUID}, {@code SETGID} for
 *       supervisord and Celery's workers; it loses raw sockets, device nodes, chroot, privileged
 *       ports and the rest;
 *   <li>{@link #POSTGRES}: the entrypoint creates and chowns the data folder as root, then switches
 *       to the {@code postgres} user;
 *   <li>{@link #REDIS}: the entrypoint chowns {@code /data} to {@code redis}, then switches to it;
 *   <li>{@link #NGINX}: the master binds port 80 as root, prepares its cache folders for the
 *       {@code nginx} user and starts the workers as that user;
 *   <li>{@link #FILEBEAT}: runs as root to read every container's log files and the Docker socket,
 *       and writes its registry in the image's data folder.
 * </ul>
 * code-interpreter is left as upstream has it: it commands the Docker engine through its socket,
 * which no capability setting can narrow. To change a service's set, replace its {@code cap_add}
 * with {@code stack.withService(name, b -> b.capAdd(List.of(...)))}.
 */
final class Privileges {
  /** The security option every service but code-interpreter gets. */
  static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";

  static final List<String> NONE = List.of();
  static final List<String> ONYX_BACKEND =
      List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID");
  static final List<String> POSTGRES = List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID");
  static final List<String> REDIS = List.of("CHOWN", "SETGID", "SETUID");
  static final List<String> NGINX = List.of("CHOWN", "DAC_OVERRIDE", "NET_BIND_SERVICE", "SETGID", "SETUID");
  static final List<String> FILEBEAT = List.of("DAC_OVERRIDE", "DAC_READ_SEARCH");

  private Privileges() {}

  /**
   * @param service the service's builder
   * @param keep the capabilities its image needs
   * @return the builder, with {@code no-new-privileges}, every capability dropped and {@code keep}
   *     added back
   */
  static Service.Builder only(Service.Builder service, List<String> keep) {
    service.addSecurityOpt(NO_NEW_PRIVILEGES).addCapDrop("ALL");
    if (!keep.isEmpty()) {
      service.addCapAdd(keep.toArray(String[]::new));
    }
    return service;
  }
}
