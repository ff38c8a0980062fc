package dev.onyx.deploy.examples;

import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.compose.ComposeReader;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.nio.file.Path;

/**
 * Models a two-service stack in Java, writes it as a compose project and reads it back.
 *
 * <pre>
 * java -cp ... dev.onyx.deploy.examples.WriteComposeProject ./shop
 * cd shop &amp;&amp; docker compose up -d --wait
 * </pre>
 */
public final class WriteComposeProject {
  private WriteComposeProject() {}

  /**
   * @return the example stack: a database with a generated password and a healthcheck, and an API
   *     that starts once the database is healthy, published on 127.0.0.1 only
   */
  public static Stack shop() {
    // tag::model[]
    Stack stack = Stack.builder("shop")
        .addVolume(Volume.named("db_data"))
        .addSecret(Secret.generated("db_password"))            // never a default password
        .addService(Service.builder("db").image("postgres:16")
            .secretEnv("POSTGRES_PASSWORD", "db_password")
            .addMounts(Mount.volume("db_data", "/var/lib/postgresql/data"))
            .healthcheck(Healthcheck.shell("pg_isready -U postgres"))
            .build())
        .addService(Service.builder("api").image("shop/api:1.0")
            .addDependsOn(DependsOn.healthy("db"))
            .addPorts(PortMapping.publish(8080, 8080).onHostIp("127.0.0.1"))
            .build())
        .build();                                               // every problem at once, with its path
    // end::model[]
    return stack;
  }

  /**
   * @param args the project folder (default {@code ./shop})
   */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "shop");
    // tag::write[]
    Stack stack = shop();
    ComposeProject.writer(dir).write(stack);                    // compose.yaml, .env, secrets/
    Stack again = ComposeReader.create().read(dir.resolve("compose.yaml"));
    // end::write[]
    System.out.println("wrote " + dir.resolve("compose.yaml") + " with services " + again.serviceNames());
  }
}
