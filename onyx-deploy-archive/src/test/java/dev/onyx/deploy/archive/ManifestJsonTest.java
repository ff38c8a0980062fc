package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import dev.onyx.deploy.core.SecretRules;
import org.junit.jupiter.api.Test;

/** Tests for {@link ManifestJson} and {@link BundleManifest}. */
class ManifestJsonTest {
  static final String SHA = "a".repeat(64);
  static final String LAYER_A = "sha256:" + "1".repeat(64);
  static final String LAYER_B = "sha256:" + "2".repeat(64);

  static BundleManifest manifest() {
    return new BundleManifest(2, "shop", Instant.parse("2026-01-02T03:04:05Z"), "0.1.0", "2.24.0",
        Optional.of(new BundleManifest.Base("bundle", "sha256:" + "c".repeat(64), "shop-1.zip", "shop",
            Instant.parse("2026-01-01T00:00:00Z"))),
        List.of(new BundleManifest.Image("shop/api:1", List.of("shop/api:1", "shop/api:latest"),
            "sha256:" + "b".repeat(64), 1234, List.of("api", "worker"), List.of(LAYER_A, LAYER_B), List.of(LAYER_A),
            Optional.of("sha256:" + "d".repeat(64)))),
        List.of(new BundleManifest.SecretEntry("db_password", "generated", SecretRules.lettersAndDigits(32),
            Optional.of("secrets/db_password"), Optional.of("DB_PASSWORD")),
            new BundleManifest.SecretEntry("admin", "generated", SecretRules.mixedClasses(24), Optional.empty(),
                Optional.of("ADMIN")),
            new BundleManifest.SecretEntry("token", "environment", SecretRules.lettersAndDigits(32), Optional.empty(),
                Optional.of("TOKEN"))),
        List.of(new BundleManifest.FileEntry("compose/compose.yaml", 10, SHA),
            new BundleManifest.FileEntry("images/images.tar", 5_000_000_000L, SHA)));
  }

  @Test
  void roundTrips() {
    BundleManifest m = manifest();
    byte[] json = ManifestJson.write(m);
    assertThat(ManifestJson.read(json, "x.zip")).isEqualTo(m);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).contains("\"format\" : \"onyx-deploy-bundle\"", "\"formatVersion\" : 2",
        "\"createdAt\" : \"2026-01-02T03:04:05Z\"", "\"size\" : 5000000000");
    assertThat(m.totalSize()).isEqualTo(5_000_000_010L);
    assertThat(m.file("images/images.tar")).isPresent();
  }

  @Test
  void aVersionOneManifestStillReads() {
    String v1 = "{\"format\":\"onyx-deploy-bundle\",\"formatVersion\":1,\"stack\":\"shop\",\"createdAt\":"
        + "\"2026-01-02T03:04:05Z\",\"toolVersion\":\"0.1.0\",\"images\":[{\"reference\":\"a:1\",\"id\":\"sha256:"
        + "b".repeat(64) + "\",\"tags\":[\"a:1\"],\"size\":1,\"services\":[\"a\"]}],\"secrets\":[{\"name\":\"pw\","
        + "\"source\":\"generated\",\"length\":20,\"file\":\"secrets/pw\"}],\"files\":[]}";
    BundleManifest m = ManifestJson.read(v1.getBytes(StandardCharsets.UTF_8), "old.zip");
    assertThat(m.composeVersion()).isEqualTo("2.1.1");
    assertThat(m.incremental()).isFalse();
    assertThat(m.images().get(0).layers()).isEmpty();
    assertThat(m.secrets().get(0).rules()).isEqualTo(SecretRules.lettersAndDigits(20));
  }

  @Test
  void anotherFormatVersionIsAClearError() {
    String json = new String(ManifestJson.write(manifest()), StandardCharsets.UTF_8)
        .replace("\"formatVersion\" : 2", "\"formatVersion\" : 3");
    assertThatThrownBy(() -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8), "x.zip"))
        .isInstanceOf(BundleVerificationException.class)
        .hasMessage("manifest.json in x.zip has bundle format version 3, but this onyx-deploy reads versions 1 to 2:"
            + " use a newer onyx-deploy to load it")
        .extracting(e -> ((BundleVerificationException) e).entry()).isEqualTo(Optional.of("manifest.json"));
  }

  @Test
  void refusesWhatIsNotAManifest() {
    assertThatThrownBy(() -> ManifestJson.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "x.zip"))
        .hasMessageStartingWith("manifest.json in x.zip is not an onyx-deploy bundle manifest");
    assertThatThrownBy(() -> ManifestJson.read("not json".getBytes(StandardCharsets.UTF_8), "x.zip"))
        .hasMessageStartingWith("manifest.json in x.zip is not valid JSON");
    String noFiles = new String(ManifestJson.write(manifest()), StandardCharsets.UTF_8).replace("\"files\"", "\"filez\"");
    assertThatThrownBy(() -> ManifestJson.read(noFiles.getBytes(StandardCharsets.UTF_8), "x.zip"))
        .hasMessage("manifest.json in x.zip is malformed: \"files\" is missing or not an array");
    String evilSecret = new String(ManifestJson.write(manifest()), StandardCharsets.UTF_8)
        .replace("secrets/db_password", "../../etc/x");
    assertThatThrownBy(() -> ManifestJson.read(evilSecret.getBytes(StandardCharsets.UTF_8), "x.zip"))
        .hasMessageContaining("is not under secrets/");
    String evilLayer = new String(ManifestJson.write(manifest()), StandardCharsets.UTF_8)
        .replace("sha256:" + "d".repeat(64), "x; rm -rf /");
    assertThatThrownBy(() -> ManifestJson.read(evilLayer.getBytes(StandardCharsets.UTF_8), "x.zip"))
        .hasMessageContaining("baseImage is not an image id");
  }
}
