package dev.onyx.deploy.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps an apply takes on the engine, one container (or network, volume, image) at a time:
 * create, replace, update, start, stop and remove containers; create the project's networks and
 * volumes; build images. Each planned step is reported as an action started and completed. No
 * waiting on other services here: {@link Applier} decides when each step runs.
 */
final class ContainerSteps {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerSteps.class);
  /** The suffix of a replacement container's name until it takes the old one's place. */
  static final String REPLACEMENT_SUFFIX = "_onyx-new";

  private final Deployer d;
  private final Stack stack;
  private final DeployListener listener;
  private final ContainerFactory factory;
  private final Path workingDir;

  ContainerSteps(Deployer d, Stack stack, DeployListener listener, ContainerFactory factory, Path workingDir) {
    this.d = d;
    this.stack = stack;
    this.listener = listener;
    this.factory = factory;
    this.workingDir = workingDir;
  }

  private DockerClient client() {
    return d.client();
  }

  /**
   * Runs a step between its {@link DeployEvent.ActionStarted} and {@link DeployEvent.ActionCompleted}.
   *
   * @param subject what the events name: the action's target, or a replica's container name
   */
  <T> T timed(PlannedAction a, String subject, Supplier<T> step) {
    String what = a.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + subject;
    long t = System.nanoTime();
    listener.onEvent(new DeployEvent.ActionStarted(what));
    T v = step.get();
    listener.onEvent(new DeployEvent.ActionCompleted(what, Duration.ofNanos(System.nanoTime() - t)));
    return v;
  }

  void timed(PlannedAction a, String subject, Runnable step) {
    timed(a, subject, () -> {
      step.run();
      return null;
    });
  }

  // ------------------------------------------------------------ networks, volumes, images

  void createNetwork(String engineName) {
    String key = Planner.networksToHave(stack).stream().filter(x -> x[1].equals(engineName)).map(x -> x[0])
        .findFirst().orElse(engineName);
    Map<String, String> labels = new LinkedHashMap<>();
    var net = stack.network(key);
    net.ifPresent(n -> labels.putAll(n.labels()));
    labels.put(Names.NETWORK, key);
    labels.put(Names.PROJECT, stack.name());
    labels.put(Names.VERSION, Names.COMPOSE_VERSION);
    var cmd = client().createNetworkCmd().withName(engineName).withLabels(labels).withCheckDuplicate(true)
        .withDriver(net.flatMap(n -> n.driver()).orElse("bridge"));
    net.ifPresent(n -> {
      if (!n.driverOptions().isEmpty()) {
        cmd.withOptions(n.driverOptions());
      }
      cmd.withInternal(n.internal()).withAttachable(n.attachable());
      if (!n.subnets().isEmpty()) {
        cmd.withIpam(new com.github.dockerjava.api.model.Network.Ipam().withConfig(n.subnets().stream()
            .map(sn -> new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(sn)).toList()));
      }
    });
    try {
      cmd.exec();
    } catch (ConflictException e) {
      LOG.debug("network {} exists already", engineName);
    }
  }

  void createVolume(String engineName) {
    String key = Planner.volumesToHave(stack).stream().filter(x -> x[1].equals(engineName)).map(x -> x[0])
        .findFirst().orElse(engineName);
    var vol = stack.volume(key).orElseThrow();
    Map<String, String> labels = new LinkedHashMap<>(vol.labels());
    labels.put(Names.VOLUME, key);
    labels.put(Names.PROJECT, stack.name());
    labels.put(Names.VERSION, Names.COMPOSE_VERSION);
    var cmd = client().createVolumeCmd().withName(engineName).withLabels(labels).withDriver(vol.driver().orElse("local"));
    if (!vol.driverOptions().isEmpty()) {
      cmd.withDriverOpts(vol.driverOptions());
    }
    cmd.exec();
  }

  /** Builds the service's image. @return the new image's id */
  String build(Service s, String imageRef) {
    var b = s.build().orElseThrow();
    return d.engine.images().build(s.name(), imageRef, workingDir.resolve(b.context()), b, listener);
  }

  // ------------------------------------------------------------ containers

  /** Creates replica {@code number} of the service under its own name. @return its id */
  String create(PlannedAction a, String subject, ServiceSpec spec, int number) {
    return timed(a, subject, () -> factory.create(spec, number, Names.container(stack.name(), spec.service, number)));
  }

  /**
   * Creates the replacement of replica {@code number} under a temporary name, so the old container
   * runs on until {@link #swap} (a replacement left by an earlier, failed apply is removed first).
   *
   * @return the replacement's id
   */
  String createReplacement(String subject, ServiceSpec spec, int number) {
    String temp = Names.container(stack.name(), spec.service, number) + REPLACEMENT_SUFFIX;
    removeQuietly(temp);
    return timed(new PlannedAction(PlannedAction.Kind.CREATE_CONTAINER, spec.service.name(), ""), subject,
        () -> factory.create(spec, number, temp));
  }

  /** Stops and removes the old container, and gives the replacement its name. */
  void swap(PlannedAction a, String subject, String oldId, String newId, String name, Duration grace) {
    timed(a, subject, () -> {
      stop(oldId, grace);
      removeQuietly(oldId);
      client().renameContainerCmd(newId).withName(name).exec();
    });
  }

  /** Changes limits and reservations in place. */
  void update(PlannedAction a, String subject, String id, Service s) {
    timed(a, subject, () -> factory.update(id, s));
  }

  void start(String id) {
    client().startContainerCmd(id).exec();
  }

  /** Stops a container; one gone or stopped already is fine. @param grace null for its own stop timeout */
  void stop(String id, Duration grace) {
    try {
      var stop = client().stopContainerCmd(id);
      if (grace != null) {
        stop.withTimeout((int) Math.max(0, grace.toSeconds()));
      }
      stop.exec();
    } catch (NotFoundException | NotModifiedException e) {
      // gone or stopped
    }
  }

  /** Stops and removes a container the plan removes (an orphan, a leftover, a scale-down's). */
  void remove(Planner.Observed c) {
    stop(c.id(), null);
    removeQuietly(c.id());
  }

  /** Removes a container that was created but will not be started. */
  void discard(String id) {
    try {
      client().removeContainerCmd(id).withForce(true).exec();
    } catch (RuntimeException e) {
      LOG.debug("removing unstarted container {}", id, e);
    }
  }

  /** Removes a container by id or name; one gone already is fine. */
  private void removeQuietly(String id) {
    try {
      client().removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException e) {
      // gone
    }
  }
}
