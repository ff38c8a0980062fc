package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.internal.ObjectNames;
import java.util.stream.Collectors;

/** Compose-compatible names and labels. */
final class Names {
  static final String PROJECT = "com.docker.compose.project";
  static final String SERVICE = "com.docker.compose.service";
  static final String NUMBER = "com.docker.compose.container-number";
  static final String ONEOFF = "com.docker.compose.oneoff";
  static final String CONFIG_HASH = "com.docker.compose.config-hash";
  static final String DEPENDS_ON = "com.docker.compose.depends_on";
  static final String WORKING_DIR = "com.docker.compose.project.working_dir";
  static final String CONFIG_FILES = "com.docker.compose.project.config_files";
  static final String VERSION = "com.docker.compose.version";
  static final String IMAGE = "com.docker.compose.image";
  static final String NETWORK = "com.docker.compose.network";
  static final String VOLUME = "com.docker.compose.volume";
  /** The compose version written in labels (compose reads labels of this shape). */
  static final String COMPOSE_VERSION = "2.26.1";

  /** Short hashes of each part of the configuration, so a plan can say what changed. */
  static final String PARTS = "dev.onyx.deploy.config-parts";
  /** The limits and reservations the container was created or updated with. */
  static final String RESOURCES = "dev.onyx.deploy.resources";

  private Names() {
  }

  /** @return the name of the service's first container: its {@code container_name}, else {@code PROJECT-SERVICE-1} */
  static String container(String project, Service s) {
    return container(project, s, 1);
  }

  /**
   * @param number the replica number, from 1 ({@code com.docker.compose.container-number})
   * @return the name compose gives that replica: {@code PROJECT-SERVICE-NUMBER}, or the service's
   *     {@code container_name} (which validation allows only with a single replica)
   */
  static String container(String project, Service s, int number) {
    return s.containerName().orElse(project + "-" + s.name() + "-" + number);
  }

  /** @return a container's replica number from its labels ({@link #NUMBER}), or 0 without one */
  static int number(java.util.Map<String, String> labels) {
    try {
      return Integer.parseInt(labels.getOrDefault(NUMBER, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String network(Stack stack, String name) {
    return ObjectNames.network(stack, name);
  }

  static String volume(Stack stack, String name) {
    return ObjectNames.volume(stack, name);
  }

  /** As compose writes it: {@code db:service_healthy:false,cache:service_started:false} (service:condition:restart). */
  static String dependsOn(Service s) {
    return s.dependsOn().stream().map(d -> d.service() + ":" + d.condition().composeName() + ":" + d.restart())
        .collect(Collectors.joining(","));
  }

  static String conditionWord(DependsOn.Condition c) {
    return switch (c) {
      case STARTED -> "started";
      case HEALTHY -> "healthy";
      case COMPLETED_SUCCESSFULLY -> "completed successfully";
    };
  }

  /**
   * @param engineName the container's first name as the engine lists it ({@code /p-web-1}), or null
   * @param id the container id
   * @return the name without the engine's leading slash, or the short id when it has none
   */
  static String shown(String engineName, String id) {
    if (engineName == null) {
      return id.substring(0, Math.min(12, id.length()));
    }
    return engineName.startsWith("/") ? engineName.substring(1) : engineName;
  }
}
