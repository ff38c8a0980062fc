package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.Stack;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Tests for {@link OnyxNginx}. */
class OnyxNginxTest {

  private static String conf(Stack s) {
    return s.config(OnyxNginx.CONFIG_NAME).orElseThrow().content().orElseThrow();
  }

  /** The text of the location block that starts with {@code header}. */
  private static String location(String conf, String header) {
    int start = conf.indexOf(header);
    assertThat(start).as("location " + header).isNotNegative();
    return conf.substring(start, conf.indexOf("\n    }\n", start));
  }

  @Test
  void routesRootToWebAndApiToApiWithThePrefixStripped() {
    String c = conf(OnyxStack.defaults());
    assertThat(c).contains("set $onyx_api http://api_server:8080;")
        .contains("set $onyx_web http://web_server:3000;");
    String api = location(c, "location ~ ^/(api|openapi.json)(/.*)?$ {");
    assertThat(api).contains("rewrite ^/api(/.*)$ $1 break;").contains("proxy_pass $onyx_api;");
    String root = location(c, "location / {");
    assertThat(root).contains("proxy_pass $onyx_web;").doesNotContain("$onyx_api");
    assertThat(location(c, "location ~ ^/auth/saml(/.*)?$ {")).contains("proxy_pass $onyx_api;");
    assertThat(location(c, "location ~ ^/scim(/.*)?$ {")).contains("proxy_pass $onyx_api;");
    // the api regex matches /api/... and /openapi.json, and the rewrite strips /api
    Pattern apiLocation = Pattern.compile("^/(api|openapi.json)(/.*)?$");
    assertThat(apiLocation.matcher("/api/health").matches()).isTrue();
    assertThat(apiLocation.matcher("/openapi.json").matches()).isTrue();
    assertThat(apiLocation.matcher("/chat").matches()).isFalse();
    Matcher m = Pattern.compile("^/api(/.*)$").matcher("/api/chat/send-message");
    assertThat(m.matches()).isTrue();
    assertThat(m.group(1)).isEqualTo("/chat/send-message");
  }

  @Test
  void apiLocationStreamsAndUpgradesWebsockets() {
    String api = location(conf(OnyxStack.defaults()), "location ~ ^/(api|openapi.json)(/.*)?$ {");
    assertThat(api).contains("proxy_http_version 1.1;")
        .contains("proxy_set_header Upgrade $http_upgrade;")
        .contains("proxy_set_header Connection $connection_upgrade;")
        .contains("proxy_buffering off;")
        .contains("proxy_connect_timeout 300s;").contains("proxy_send_timeout 300s;")
        .contains("proxy_read_timeout 300s;");
    String c = conf(OnyxStack.defaults());
    assertThat(c).contains("map $http_upgrade $connection_upgrade {\n    default upgrade;\n    ''      close;\n}")
        .contains("client_max_body_size 5G;");
  }

  @Test
  void healthEndpointIsAnsweredByNginxItself() {
    String health = location(conf(OnyxStack.defaults()), "location = /nginx-health {");
    assertThat(health).contains("return 200").doesNotContain("proxy_pass");
  }

  @Test
  void upstreamsAreResolvedPerRequestThroughDockersDns() {
    String c = conf(OnyxStack.defaults());
    assertThat(c).contains("resolver 127.0.0.11 valid=10s ipv6=off;");
    // no static upstream blocks and no proxy_pass to a literal host (resolved only at start)
    assertThat(c).doesNotContain("upstream api_server").doesNotContain("upstream web_server");
    assertThat(Pattern.compile("proxy_pass http").matcher(c).find()).isFalse();
  }

  @Test
  void onlyLfLineEndings() {
    for (Stack s : OnyxStackTest.everyCombination()) {
      assertThat(conf(s)).doesNotContain("\r").endsWith("}\n");
    }
  }

  @Test
  void tlsServerHasTheSameRoutes() {
    String c = OnyxNginx.content("web", 3000, "api", 8080, Tls.ownCertificates("/c.crt", "/k.key"));
    assertThat(c.split("listen 443 ssl default_server;")).hasSize(2);
    String tlsPart = c.substring(c.indexOf("listen 443"));
    assertThat(tlsPart).contains("ssl_certificate /c.crt;").contains("ssl_certificate_key /k.key;")
        .contains("rewrite ^/api(/.*)$ $1 break;").contains("location = /nginx-health")
        .contains("proxy_pass $onyx_web;");
    assertThat(OnyxNginx.content("web", 3000, "api", 8080, Tls.off())).doesNotContain("ssl");
  }

  @Test
  void forStackFollowsRenamedPortsInTheModel() {
    Stack s = OnyxStack.defaults().withService("api_server", b -> b.expose(java.util.List.of("9090")));
    ConfigFile c = OnyxNginx.forStack(s);
    assertThat(c.content().orElseThrow()).contains("set $onyx_api http://api_server:9090;");
    assertThatThrownBy(() -> OnyxNginx.forStack(Stack.builder("x").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'web_server'");
  }

  @Test
  void balancedBraces() {
    for (Stack s : OnyxStackTest.everyCombination()) {
      String c = conf(s);
      assertThat(c.chars().filter(ch -> ch == '{').count()).isEqualTo(c.chars().filter(ch -> ch == '}').count());
    }
  }
}
