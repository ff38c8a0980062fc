package dev.onyx.deploy.examples;

import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DeployOptions;
import dev.onyx.deploy.docker.DeployResult;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.DownOptions;
import dev.onyx.deploy.docker.ServiceStatus;
import java.time.Duration;
import java.util.List;

/**
 * Deploys a small stack to the Docker engine the {@code docker} CLI would use, prints the events as
 * they happen, shows the stack's status, and removes it again.
 *
 * <pre>
 * java -cp ... dev.onyx.deploy.examples.DeployAndWatch demo busybox:1.36
 * </pre>
 */
public final class DeployAndWatch {
  private DeployAndWatch() {}

  /**
   * @param args the project name (default {@code demo}) and an image with {@code sh} and
   *     {@code sleep} that the engine already has or can pull (default {@code busybox:1.36})
   */
  public static void main(String[] args) {
    String project = args.length > 0 ? args[0] : "demo";
    String image = args.length > 1 ? args[1] : "busybox:1.36";
    Stack stack = Stack.builder(project)
        .addService(Service.builder("db").image(image)
            .command(List.of("sh", "-c", "touch /tmp/ready && exec sleep 3600"))
            .healthcheck(Healthcheck.shell("test -f /tmp/ready").withInterval(Duration.ofSeconds(1)))
            .build())
        .addService(Service.builder("app").image(image)
            .command(List.of("sleep", "3600"))
            .addDependsOn(DependsOn.healthy("db"))
            .build())
        .build();

    // tag::deploy[]
    DeployListener printer = DeployListener.on(DeployEvent.ServiceHealthy.class,
            e -> System.out.println(e.service() + " is healthy"))
        .andThen(DeployListener.on(DeployEvent.ServiceStarted.class,
            e -> System.out.println(e.service() + " started")));
    try (DockerEngine engine = DockerEngine.connect()) {        // where the docker CLI connects
      System.out.println(engine.plan(stack));                   // what would change
      DeployResult result = engine.apply(stack, DeployOptions.defaults()
          .withTimeout(Duration.ofMinutes(2))
          .withListener(printer));                              // DAG, event-driven readiness
      System.out.println("deployed in " + result.took().toMillis() + " ms");
      for (ServiceStatus s : engine.status(project)) {
        System.out.println(s);
      }
      engine.down(project, DownOptions.defaults().withVolumes(true)); // and its volumes
    }
    // end::deploy[]
  }
}
