package dev.onyx.deploy.swarm;

import dev.onyx.deploy.docker.DeployException;

/**
 * The engine {@link SwarmEngine#connect} reached is not a manager of a swarm: it is in no swarm, or
 * only a worker. The message says which, and how to make one ({@code docker swarm init}, or connect
 * to a manager).
 */
public class NotSwarmManagerException extends DeployException {
  private static final long serialVersionUID = 1L;

  /** @param message what the engine is, and what to do */
  public NotSwarmManagerException(String message) {
    super(message);
  }
}
