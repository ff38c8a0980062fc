package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.testsupport.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx configuration the preset generates passes {@code nginx -t} in the real-services image
 * (Debian's nginx), and nginx starts with it and answers its health path while the upstream names
 * do not resolve yet (they are resolved per request, not at start).
 */
@Tag("docker")
class OnyxNginxConfigIT {
  private static String image;

  @TempDir
  Path tmp;

  @BeforeAll
  static void images() {
    image = TestImages.realServices();
  }

  /** Runs a shell script in a throwaway container of the real-services image with conf mounted. */
  private static Result run(Path conf, String script) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm",
        "-v", conf.toAbsolutePath() + ":/etc/nginx/conf.d/default.conf:ro",
        image, "sh", "-c", "rm -f /etc/nginx/sites-enabled/default && " + script));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  private record Result(int exit, String output) {}

  private Path conf(String name, String content) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void upstreamAndClassicConfigsPassNginxT() throws Exception {
    for (Layout layout : Layout.values()) {
      String content = OnyxStack.builder().layout(layout).build().config(OnyxNginx.CONFIG_NAME)
          .orElseThrow().content().orElseThrow();
      Result r = run(conf(layout + ".conf", content), "nginx -t");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains("syntax is ok").contains("test is successful");
    }
  }

  @Test
  void tlsConfigPassesNginxTWithACertificate() throws Exception {
    String content = OnyxStack.builder().tls(Tls.ownCertificates("c.crt", "c.key")).build()
        .config(OnyxNginx.CONFIG_NAME).orElseThrow().content().orElseThrow();
    Result r = run(conf("tls.conf", content), "mkdir -p /etc/nginx/sslcerts /run/secrets && "
        + "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
        + "-keyout " + OnyxNginx.KEY_PATH + " -out " + OnyxNginx.CERTIFICATE_PATH + " 2>/dev/null && nginx -t");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("test is successful");
  }

  @Test
  void nginxStartsAndAnswersHealthWhileUpstreamsDoNotResolve() throws Exception {
    String content = OnyxStack.defaults().config(OnyxNginx.CONFIG_NAME).orElseThrow().content().orElseThrow();
    Result r = run(conf("run.conf", content), "nginx && sleep 1 && curl -s http://127.0.0.1/nginx-health "
        + "&& curl -s -o /dev/null -w 'api=%{http_code}\\n' --max-time 20 http://127.0.0.1/api/health");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("ok\n");
    // no DNS for api_server here: nginx answers that one request with an error instead of failing to start
    assertThat(r.output()).containsPattern("api=5\\d\\d");
  }

  @Test
  void aBrokenConfigFailsNginxT() throws Exception {
    String content = OnyxStack.defaults().config(OnyxNginx.CONFIG_NAME).orElseThrow().content().orElseThrow()
        .replace("resolver 127.0.0.11 valid=10s ipv6=off;", "resolver 127.0.0.11 valid=10s ipv6=off");
    Result r = run(conf("broken.conf", content), "nginx -t");
    assertThat(r.exit()).as(r.output()).isNotZero();
  }
}
