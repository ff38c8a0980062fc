package dev.onyx.deploy.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command run inside a service's container at a point of its life, like one entry of
 * {@code post_start} or {@code pre_stop}.
 *
 * @param command the argv ({@code command})
 * @param user the user it runs as ({@code user})
 * @param privileged whether it runs privileged ({@code privileged})
 * @param workingDir its working directory ({@code working_dir})
 * @param environment extra variables ({@code environment}); a null value means "taken from the
 *     deploying environment"
 */
public record ServiceHook(List<String> command, Optional<String> user, boolean privileged,
    Optional<String> workingDir, Map<String, String> environment) {
  /** Checks for nulls and copies the collections. */
  public ServiceHook {
    command = Checks.list(command, "command");
    Checks.notNull(user, "user");
    Checks.notNull(workingDir, "workingDir");
    environment = Checks.orderedMap(environment, "environment");
  }

  /**
   * @param argv the command
   * @return a hook running that command as the container's user
   */
  public static ServiceHook of(String... argv) {
    return new ServiceHook(Checks.array("command", argv), Optional.empty(), false, Optional.empty(), Map.of());
  }
}
