package dev.onyx.deploy.core.internal;

import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.util.Optional;

/**
 * The names a stack's networks and volumes have on an engine or a swarm, as compose and
 * {@code docker stack} give them: the object's own {@code name:} when set, its key when it is
 * external, else {@code PROJECT_KEY}. The engine and Swarm backends both name objects so.
 */
public final class ObjectNames {
  private ObjectNames() {
  }

  /**
   * @param stack the stack
   * @param name a network's key in the stack (or one it does not declare: then {@code PROJECT_KEY})
   * @return the network's name on the engine
   */
  public static String network(Stack stack, String name) {
    Optional<Network> n = stack.network(name);
    if (n.isPresent() && n.get().customName().isPresent()) {
      return n.get().customName().get();
    }
    if (n.isPresent() && n.get().external()) {
      return name;
    }
    return stack.name() + "_" + name;
  }

  /**
   * @param stack the stack
   * @param name a volume's key in the stack (or one it does not declare: then {@code PROJECT_KEY})
   * @return the volume's name on the engine
   */
  public static String volume(Stack stack, String name) {
    Optional<Volume> v = stack.volume(name);
    if (v.isPresent() && v.get().customName().isPresent()) {
      return v.get().customName().get();
    }
    if (v.isPresent() && v.get().external()) {
      return name;
    }
    return stack.name() + "_" + name;
  }
}
