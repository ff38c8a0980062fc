package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.compose.ComposeReader;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link ConfigHash}: the canonical text is pinned, new attributes at their defaults add
 * nothing to it, and the hashes of the reference stack's services never change by accident (a
 * changed hash recreates every user's container after an upgrade).
 */
class ConfigHashTest {
  private static final String IMAGE_ID = "sha256:4f2c0b8a9e1d7c3b5a6f8e0d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c0b";

  private static String text(Stack stack, Service s, List<String> env) {
    StringBuilder sb = new StringBuilder(ConfigHash.VERSION).append('\n');
    ConfigHash.lines(stack, s, "app:1", IMAGE_ID, env, List.of()).values()
        .forEach(l -> l.forEach(x -> sb.append(x).append('\n')));
    return sb.toString();
  }

  private static String hash(Stack stack, Service s) {
    return new ServiceSpec(stack, s, "app:1", IMAGE_ID, List.of("B=2", "A=1"), List.of()).hash;
  }

  private static Stack shop(Service s) {
    return Stack.builder("shop").addVolume(Volume.named("data")).addService(s).build();
  }

  private static Service.Builder api() {
    return Service.builder("api").image("shop/api:1.0").command("uvicorn", "app:app")
        .addPorts(PortMapping.publish(8080, 80).onHostIp("127.0.0.1"))
        .addMounts(Mount.volume("data", "/data"))
        .healthcheck(Healthcheck.cmd("curl", "-f", "http://localhost/").withInterval(Duration.ofSeconds(5)));
  }

  @Test
  void theCanonicalTextIsVersionedAndHoldsOnlyWhatIsSet() {
    Service s = api().build();
    assertThat(text(shop(s), s, List.of("B=2", "A=1"))).isEqualTo("""
        onyx-config-hash/1
        image="sha256:4f2c0b8a9e1d7c3b5a6f8e0d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c0b"
        command=["uvicorn","app:app"]
        environment=["A=1","B=2"]
        ports=[{"host_ip":"127.0.0.1","published":"8080","target":"80","protocol":"tcp"}]
        volumes=[{"type":"volume","source":"shop_data","target":"/data","volume":{}}]
        networks=[{"network":"shop_default"}]
        healthcheck={"test":["CMD","curl","-f","http://localhost/"],"interval":5000000000ns}
        """);
  }

  @Test
  void knownHashesArePinned() {
    Service s = api().build();
    assertThat(hash(shop(s), s)).isEqualTo(PINNED_API);
    Service bare = Service.builder("worker").image("busybox").build();
    assertThat(new ServiceSpec(Stack.builder("p").addService(bare).build(), bare, "busybox", null, List.of(),
        List.of()).hash).isEqualTo(PINNED_BARE);
  }

  private static final String PINNED_API = "0088392ff61da72cced4ede73866108188e3fff1928d00fe33aaccec04d7f6f7";
  private static final String PINNED_BARE = "856bf3377aa86c2079a8b9d28facecc25201e2a7157d1cd63748b6a7526b8596";

  @Test
  void attributesAtTheirDefaultsLeaveTheHashAlone() {
    Service s = api().build();
    Service same = api().clearPid().clearIpc().clearAttach().clearScale().dnsOpt(List.of()).links(List.of())
        .tmpfs(List.of()).containerLimits(dev.onyx.deploy.core.ContainerLimits.NONE).deploy(Deploy.NONE).build();
    assertThat(hash(shop(same), same)).isEqualTo(hash(shop(s), s));
  }

  @Test
  void likeComposeTheHashLeavesOutWhatScalingAndOrderingChange() {
    Service s = api().build();
    Service other = api().build(Build.of("./api")).pullPolicy("always").scale(3)
        .deploy(Deploy.builder().replicas(3).build()).addProfiles("web")
        .addDependsOn(DependsOn.healthy("db")).attach(false).extension("x-team", "web").build();
    Stack withDb = Stack.builder("shop").addVolume(Volume.named("data"))
        .addService(Service.builder("db").image("postgres").build(), other).build();
    assertThat(hash(withDb, other)).isEqualTo(hash(shop(s), s));
  }

  @Test
  void whatShapesTheContainerChangesTheHash() {
    Service s = api().build();
    for (Service changed : List.of(api().pid("host").build(), api().ipc("shareable").build(),
        api().macAddress("02:42:ac:11:00:02").build(), api().addLinks("api").build(),
        api().addTmpfs(dev.onyx.deploy.core.Tmpfs.at("/run", "mode=1777")).build(),
        api().addPorts(PortMapping.publish(9090, 90).withMode(PortMapping.Mode.HOST)).build(),
        api().deploy(Deploy.builder().restartPolicy(dev.onyx.deploy.core.TaskRestartPolicy.NONE).build()).build(),
        api().emptyEntrypoint(true).build())) {
      assertThat(hash(shop(changed), changed)).as("%s", changed).isNotEqualTo(hash(shop(s), s));
    }
  }

  /**
   * The hash of every service of the reference stack ({@code bench/deploy/reference-stack.yaml}),
   * with a fixed image id. A change here means every deployed container of such a stack is recreated
   * after an upgrade: only with a new {@link ConfigHash#VERSION}.
   */
  @Test
  void theReferenceStacksHashesArePinned() {
    Stack stack = ComposeReader.create().withEnvironment(Map.of())
        .read(Path.of("../bench/deploy/reference-stack.yaml"));
    Map<String, String> hashes = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      hashes.put(s.name(), new ServiceSpec(stack, s, s.image().orElseThrow(), IMAGE_ID, List.of(), List.of()).hash);
    }
    assertThat(hashes).containsExactlyInAnyOrderEntriesOf(REFERENCE);
  }

  /** Same command lines, same hash: like compose's, the hash does not hold the service's name. */
  private static final Map<String, String> REFERENCE = new LinkedHashMap<>();

  static {
    REFERENCE.put("api", "608fed1d571f3415231f2594bd99e464dbd7e58a3c7b8c05f86fe8b5143e5574");
    REFERENCE.put("background", "40c74324141fa58383cf97a738ccf754ef808996bbd374965a225ab04888e29f");
    REFERENCE.put("cache", "40c74324141fa58383cf97a738ccf754ef808996bbd374965a225ab04888e29f");
    REFERENCE.put("code-interpreter", "40c74324141fa58383cf97a738ccf754ef808996bbd374965a225ab04888e29f");
    REFERENCE.put("db", "608fed1d571f3415231f2594bd99e464dbd7e58a3c7b8c05f86fe8b5143e5574");
    REFERENCE.put("index", "752b08d6ca9eec1a67b955575938cf19b921a47254ad76259000e556285b66b4");
    REFERENCE.put("indexing", "608fed1d571f3415231f2594bd99e464dbd7e58a3c7b8c05f86fe8b5143e5574");
    REFERENCE.put("inference", "608fed1d571f3415231f2594bd99e464dbd7e58a3c7b8c05f86fe8b5143e5574");
    REFERENCE.put("migrate", "ffa85331f42576cbe054e6ee27ae057cf40bcca1846b25c4b53b6711ab7d43ce");
    REFERENCE.put("minio", "40c74324141fa58383cf97a738ccf754ef808996bbd374965a225ab04888e29f");
    REFERENCE.put("nginx", "98d407e34d206eaedc4c6b7f7cdcdeb98b66399ffa45af9a4227841d90fb422a");
    REFERENCE.put("web", "40c74324141fa58383cf97a738ccf754ef808996bbd374965a225ab04888e29f");
  }
}
