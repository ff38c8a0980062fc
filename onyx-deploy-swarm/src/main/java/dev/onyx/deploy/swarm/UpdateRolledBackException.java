package dev.onyx.deploy.swarm;

import dev.onyx.deploy.docker.DeployException;

/**
 * A service's rolling update failed and Swarm rolled the service back to its previous version (its
 * {@code update_config} says {@code failure_action: rollback}). The service runs as before the
 * apply; the message names it, says why the update failed (the new tasks' error) and that it was
 * rolled back. Applying the stack again tries the update again.
 */
public class UpdateRolledBackException extends DeployException {
  private static final long serialVersionUID = 1L;

  /**
   * @param service the service that was rolled back
   * @param message what failed, and that the previous version runs again
   */
  public UpdateRolledBackException(String service, String message) {
    super(service, message, null);
  }
}
