/**
 * The Docker Engine backend: deploys a {@link dev.onyx.deploy.core.Stack} straight to an engine
 * through its API, never running the {@code docker} binary. Start at
 * {@link dev.onyx.deploy.docker.DockerEngine}.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li><b>Images first.</b> Before anything is created, the images an apply needs and the engine
 *       lacks are pulled ({@link dev.onyx.deploy.docker.PullPolicy}; a service's {@code pull_policy}
 *       wins), several at a time, each layer's progress reported as
 *       {@link dev.onyx.deploy.core.event.DeployEvent.LayerProgress}; credentials come from
 *       {@link dev.onyx.deploy.docker.RegistryCredentials} (code, {@code DOCKER_AUTH_CONFIG}, the
 *       Docker configuration and its credential helpers) and never appear in a message, event or
 *       log. A failed pull names the image, the registry and the reason, and nothing is created.</li>
 *   <li><b>Observe, plan, apply.</b> The project's containers, networks and volumes are found by
 *       compose's labels; {@link dev.onyx.deploy.docker.DockerEngine#plan} lists what
 *       {@link dev.onyx.deploy.docker.DockerEngine#apply} would do. The apply runs as a dependency
 *       graph: networks and volumes first, containers created early (files copied in before start),
 *       each started as soon as its dependencies meet their condition; independent services in
 *       parallel; a {@code required: false} dependency that fails is a warning.</li>
 *   <li><b>Readiness is event-driven</b>: the engine's event stream (start, die, health_status)
 *       completes the waits the moment something happens; an inspection every 2 s is the fallback.
 *       <b>Fast readiness</b>: on engines without healthcheck {@code start_interval} (API &lt; 1.44), a
 *       healthcheck whose interval is 2 s or more is also run through exec every 250 ms until it
 *       first passes (then the engine's own checks take over); with API 1.44+ a
 *       {@code start_interval} given in the model is passed to the engine.</li>
 *   <li><b>Converge</b>: a container is recreated only when its configuration hash changes: it
 *       covers everything that shapes the container, including the image id and the contents of
 *       its secrets and configs (never the values themselves: SHA-256 only). Limits and reservations
 *       alone are changed in place. A one-shot that exited 0 is not run again. Recreate = create
 *       new, stop old, remove old, rename new; on failure nothing running is removed.</li>
 *   <li><b>Compose-compatible</b> labels and names ({@code PROJECT-SERVICE-1}, {@code PROJECT_NET},
 *       {@code PROJECT_VOL}), so {@code docker compose -p NAME ps|logs|down} work on what was
 *       deployed; {@code com.docker.compose.depends_on} is written as compose writes it
 *       ({@code service:condition:restart}).</li>
 *   <li><b>The {@code deploy} section as compose reads it on one engine</b>: {@code replicas: N}
 *       runs containers {@code PROJECT-SERVICE-1..N} (a scale-down removes the highest numbers, a
 *       scale-up numbers on from the highest; the count is not in the configuration hash, so
 *       scaling recreates nothing); a dependant waits until every container of its dependency meets
 *       the condition. {@code restart_policy} becomes the engine's restart policy and wins over
 *       {@code restart}. The Swarm-only settings (placement, update and rollback config, endpoint
 *       mode, modes other than replicated) are kept in the model and named in one warning per
 *       apply.</li>
 *   <li><b>Secrets and configs</b> are copied into the container through the API before it starts
 *       (no bind mount, so remote engines work): secrets at {@code /run/secrets/NAME}, mode 0400
 *       unless set, owned by the service's numeric {@code user} when it has one (else root, unless
 *       uid/gid are given). <b>Generated secrets</b> stay stable across applies: the value is kept on
 *       the deploying machine in {@code ~/.onyx-deploy/PROJECT/secrets/NAME} (folder 0700, file
 *       0600; {@link dev.onyx.deploy.docker.DeployOptions#withStateDir}); when that file is missing
 *       (another machine, a wiped home) the value is read back from the project's running
 *       containers (the secret file, or the variable it feeds) before a new one is made.
 *       {@code down} with volumes forgets the kept values.</li>
 * </ul>
 */
@NullMarked
package dev.onyx.deploy.docker;

import org.jspecify.annotations.NullMarked;
