/**
 * The Swarm backend: deploys a {@link dev.onyx.deploy.core.Stack} to a Docker Swarm through the
 * manager's Engine API, never running the {@code docker} binary. Start at
 * {@link dev.onyx.deploy.swarm.SwarmEngine}.
 *
 * <h2>How a stack maps to a Swarm</h2>
 * <ul>
 *   <li><b>Names and labels are {@code docker stack}'s</b>: service {@code STACK_SERVICE}, network
 *       {@code STACK_NETWORK}, every object labelled {@code com.docker.stack.namespace=STACK}
 *       (services also {@code com.docker.stack.image}), so {@code docker stack ls|ps|services|rm}
 *       work on what was deployed.</li>
 *   <li><b>Networks</b> are overlay networks (internal, attachable and driver options such as
 *       {@code encrypted} from the model; a {@code bridge} driver becomes overlay, with a warning);
 *       each service joins with its own name as DNS alias, so {@code db} resolves as in compose.</li>
 *   <li><b>Named volumes</b> are local volumes on the node that runs the task: the data stays on
 *       that node. A service with one and more than one replica, or no placement constraint, gets
 *       a warning: pin it with a constraint.</li>
 *   <li><b>Secrets and configs</b> are Swarm objects named {@code STACK_NAME_HASH8} after their
 *       content: a changed file makes a new object and rolls exactly the services that use it; the
 *       old object is removed once no service uses it. A generated secret is made once and kept:
 *       its value stays in the state folder ({@code ~/.onyx-deploy/STACK/secrets}) and an existing
 *       object is reused as it is.</li>
 *   <li><b>Order</b>: Swarm has none, so services are created in dependency order: a service is
 *       created once its dependencies meet their conditions, read from the manager's task list
 *       (a task of a service with a healthcheck is {@code running} only once healthy; a one-shot's
 *       task is {@code complete} with exit code 0). The manager's event stream (service, node and
 *       its own containers' start, exit and health events) triggers a read at once; a read every
 *       100 ms is the fallback for tasks on other nodes, whose changes the manager announces in no
 *       event.</li>
 *   <li><b>Converge</b>: each service carries a hash of the spec it was made from; an unchanged
 *       service is not touched (its version index does not move, a completed one-shot does not run
 *       again); a changed one is updated in place with its {@code update_config}, and an update
 *       that Swarm rolls back ({@code failure_action: rollback}) fails the apply, saying so.</li>
 *   <li><b>Images</b>: without a registry, services run the manager's image by id (no node tries
 *       to pull it), and the apply first checks, with a short-lived job on every eligible node,
 *       that each node holds it, refusing before anything is made when one does not; with a
 *       registry ({@link dev.onyx.deploy.swarm.SwarmOptions#withRegistry}), images are pushed
 *       there (credentials from the Docker configuration) and services pull them by digest.</li>
 *   <li>What Swarm cannot do ({@code privileged}, {@code devices}, {@code network_mode:
 *       service:...}, fixed addresses, ...) is refused by {@link dev.onyx.deploy.swarm.SwarmEngine#plan}
 *       with the service and the reason, before anything is made.</li>
 * </ul>
 */
@NullMarked
package dev.onyx.deploy.swarm;

import org.jspecify.annotations.NullMarked;
