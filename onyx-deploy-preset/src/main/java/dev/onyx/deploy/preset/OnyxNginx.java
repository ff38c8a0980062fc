package dev.onyx.deploy.preset;

import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.util.List;
import java.util.Objects;

/**
 * The nginx configuration of the Onyx preset, computed from the model instead of upstream's
 * {@code app.conf.template} + {@code run-nginx.sh}.
 *
 * <pre>
 * String conf = OnyxNginx.content("web_server", 3000, "api_server", 8080, Tls.off());
 * ConfigFile file = OnyxNginx.forStack(stack);   // finds web/api and their ports in the stack
 * </pre>
 *
 * <p>What it contains, and why:
 * <ul>
 *   <li>{@code /} goes to the web server; {@code /api/...} to the api server with the {@code /api}
 *       prefix stripped; {@code /openapi.json}, {@code /auth/saml...} and {@code /scim...} to the
 *       api server unchanged (all as upstream).</li>
 *   <li>Streaming and websockets: HTTP/1.1 to the upstreams, {@code Upgrade}/{@code Connection}
 *       passed on ({@code Connection: close} when the client did not ask to upgrade), and
 *       {@code proxy_buffering off} so server-sent events reach the browser at once.</li>
 *   <li>Timeouts of 300 s and {@code client_max_body_size 5G}, as upstream.</li>
 *   <li>{@code /nginx-health} answers 200 from nginx itself (the container healthcheck).</li>
 *   <li>Upstreams are not {@code upstream} blocks but variables in {@code proxy_pass}, resolved per
 *       request through Docker's embedded DNS ({@code resolver 127.0.0.11 valid=10s}): a recreated
 *       api_server with a new address is found within 10 s, without restarting nginx. Upstream
 *       resolves once at start and proxies to the retired address (502) until its 6-hourly reload
 *       (onyx PR #14588). It also means nginx starts, and {@code nginx -t} passes, while the
 *       upstream names do not resolve yet.</li>
 *   <li>Only LF line endings, whatever the platform (upstream strips CRs in a wrapper script).</li>
 *   <li>With {@link Tls#ownCertificates(String, String)}, a {@code listen 443 ssl} server with the
 *       same routes (upstream's HTTPS server proxies to its own port 80 instead).</li>
 * </ul>
 */
public final class OnyxNginx {
  /** The path nginx answers itself with 200, for healthchecks. */
  public static final String HEALTH_PATH = "/nginx-health";
  /** The config's name in the stack. */
  public static final String CONFIG_NAME = "nginx_conf";
  /** Where the config is mounted: replaces the image's {@code default.conf}. */
  public static final String TARGET = "/etc/nginx/conf.d/default.conf";
  /** Where the TLS certificate config is mounted. */
  public static final String CERTIFICATE_PATH = "/etc/nginx/sslcerts/onyx.crt";
  /** Where the TLS key secret is mounted. */
  public static final String KEY_PATH = "/run/secrets/" + OnyxStack.SECRET_NGINX_TLS_KEY;
  /** Upstream's proxy timeouts, in seconds. */
  public static final int TIMEOUT_SECONDS = 300;
  /** Upstream's largest request body. */
  public static final String CLIENT_MAX_BODY_SIZE = "5G";

  private OnyxNginx() {}

  /**
   * The configuration for the preset's layouts: the web and api services are looked up by the
   * upstream names ({@code web_server}, {@code api_server}) or the classic ones ({@code web},
   * {@code api}), and their ports taken from their {@code expose} entries (3000 and 8080 when none).
   * TLS is on when the stack has the {@value OnyxStack#SECRET_NGINX_TLS_KEY} secret.
   *
   * @param stack a stack made by {@link OnyxStack}, possibly changed since
   * @return the config, named {@value #CONFIG_NAME}
   * @throws IllegalArgumentException if the stack has no web or api service
   */
  public static ConfigFile forStack(Stack stack) {
    Objects.requireNonNull(stack, "stack == null");
    return forServices(stack.name(), stack.services(),
        stack.secret(OnyxStack.SECRET_NGINX_TLS_KEY).isPresent());
  }

  static ConfigFile forServices(String stackName, List<Service> services, boolean tls) {
    Service web = find(stackName, services, OnyxStack.WEB_SERVER, OnyxStack.WEB);
    Service api = find(stackName, services, OnyxStack.API_SERVER, OnyxStack.API);
    return ConfigFile.inline(CONFIG_NAME, "onyx.conf", content(web.name(), port(web, 3000),
        api.name(), port(api, 8080), tls ? Tls.ownCertificates(CERTIFICATE_PATH, KEY_PATH) : Tls.off()));
  }

  private static Service find(String stackName, List<Service> services, String upstreamName,
      String classicName) {
    return services.stream().filter(s -> s.name().equals(upstreamName)).findFirst()
        .or(() -> services.stream().filter(s -> s.name().equals(classicName)).findFirst())
        .orElseThrow(() -> new IllegalArgumentException("stack '" + stackName + "' has neither a '"
            + upstreamName + "' nor a '" + classicName + "' service for nginx to route to"));
  }

  private static int port(Service s, int fallback) {
    return s.expose().stream().map(e -> e.split("/")[0]).filter(e -> e.matches("\\d+"))
        .map(Integer::parseInt).findFirst().orElse(fallback);
  }

  /**
   * The configuration text (http-level: {@code map}, {@code resolver} and {@code server} blocks,
   * for {@code conf.d}). Only LF line endings.
   *
   * @param webHost the web service's DNS name
   * @param webPort its port
   * @param apiHost the api service's DNS name
   * @param apiPort its port
   * @param tls whether (and with which files, as paths inside the nginx container) to serve HTTPS
   * @return the configuration
   */
  public static String content(String webHost, int webPort, String apiHost, int apiPort, Tls tls) {
    Objects.requireNonNull(webHost, "webHost == null");
    Objects.requireNonNull(apiHost, "apiHost == null");
    Objects.requireNonNull(tls, "tls == null");
    StringBuilder b = new StringBuilder();
    b.append("# Generated by onyx-deploy from the stack model; change the model, not this file.\n")
        .append("# / -> ").append(webHost).append(':').append(webPort)
        .append("; /api/* -> ").append(apiHost).append(':').append(apiPort)
        .append(" (prefix /api stripped); /openapi.json, /auth/saml, /scim -> ").append(apiHost)
        .append(".\n\n")
        .append("# Don't expose the nginx version in the Server header or on error pages\n")
        .append("server_tokens off;\n\n")
        .append("log_format onyx_main '$remote_addr - $remote_user [$time_local] \"$request\" '\n")
        .append("                     '$status $body_bytes_sent \"$http_referer\" '\n")
        .append("                     '\"$http_user_agent\" \"$http_x_forwarded_for\" '\n")
        .append("                     'rt=$request_time';\n\n")
        .append("# Docker's embedded DNS, asked again after 10s: the upstreams below are variables, so\n")
        .append("# they are resolved per request and a recreated container is found without a reload.\n")
        .append("resolver 127.0.0.11 valid=10s ipv6=off;\n")
        .append("resolver_timeout 5s;\n\n")
        .append("# WebSocket support: only set Connection \"upgrade\" for actual upgrade requests\n")
        .append("map $http_upgrade $connection_upgrade {\n")
        .append("    default upgrade;\n")
        .append("    ''      close;\n")
        .append("}\n\n");
    b.append("server {\n").append("    listen 80 default_server;\n");
    body(b, webHost, webPort, apiHost, apiPort);
    b.append("}\n");
    if (tls.enabled()) {
      b.append("\nserver {\n").append("    listen 443 ssl default_server;\n")
          .append("    ssl_certificate ").append(tls.certificateFile().orElseThrow()).append(";\n")
          .append("    ssl_certificate_key ").append(tls.keyFile().orElseThrow()).append(";\n")
          .append("    ssl_protocols TLSv1.2 TLSv1.3;\n")
          .append("    ssl_session_cache shared:onyx_tls:10m;\n")
          .append("    ssl_session_timeout 1d;\n");
      body(b, webHost, webPort, apiHost, apiPort);
      b.append("}\n");
    }
    return b.toString();
  }

  private static void body(StringBuilder b, String webHost, int webPort, String apiHost, int apiPort) {
    b.append("\n    client_max_body_size ").append(CLIENT_MAX_BODY_SIZE).append(";    # Maximum upload size\n")
        .append("    access_log /var/log/nginx/access.log onyx_main;\n\n")
        .append("    # Upstreams as variables: resolved per request through the resolver above.\n")
        .append("    set $onyx_api http://").append(apiHost).append(':').append(apiPort).append(";\n")
        .append("    set $onyx_web http://").append(webHost).append(':').append(webPort).append(";\n\n")
        .append("    # First-party health probe served by nginx itself (no upstreams).\n")
        .append("    location = ").append(HEALTH_PATH).append(" {\n")
        .append("        access_log off;\n")
        .append("        default_type text/plain;\n")
        .append("        return 200 \"ok\\n\";\n")
        .append("    }\n\n")
        .append("    # SAML login and IdP callbacks and SCIM are backend routes (no prefix stripping).\n")
        .append("    location ~ ^/auth/saml(/.*)?$ {\n");
    proxied(b, "$onyx_api", false, true);
    b.append("    }\n\n").append("    location ~ ^/scim(/.*)?$ {\n");
    proxied(b, "$onyx_api", false, true);
    b.append("    }\n\n")
        .append("    # /api/* (prefix stripped) and /openapi.json: streaming and websockets.\n")
        .append("    location ~ ^/(api|openapi.json)(/.*)?$ {\n")
        .append("        rewrite ^/api(/.*)$ $1 break;\n");
    proxied(b, "$onyx_api", true, true);
    b.append("    }\n\n").append("    location / {\n");
    proxied(b, "$onyx_web", false, false);
    b.append("    }\n");
  }

  private static void proxied(StringBuilder b, String target, boolean upgrade, boolean unbuffered) {
    b.append("        proxy_set_header X-Real-IP $remote_addr;\n")
        .append("        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n")
        .append("        proxy_set_header X-Forwarded-Proto $scheme;\n")
        .append("        proxy_set_header X-Forwarded-Host $host;\n")
        .append("        proxy_set_header X-Forwarded-Port $server_port;\n")
        .append("        proxy_set_header Host $host;\n")
        .append("        # HTTP/1.1 for chunked transfers and WebSocket\n")
        .append("        proxy_http_version 1.1;\n");
    if (upgrade) {
      b.append("        proxy_set_header Upgrade $http_upgrade;\n")
          .append("        proxy_set_header Connection $connection_upgrade;\n");
    }
    if (unbuffered) {
      b.append("        proxy_buffering off;\n");
    }
    b.append("        proxy_connect_timeout ").append(TIMEOUT_SECONDS).append("s;\n")
        .append("        proxy_send_timeout ").append(TIMEOUT_SECONDS).append("s;\n")
        .append("        proxy_read_timeout ").append(TIMEOUT_SECONDS).append("s;\n")
        .append("        proxy_redirect off;\n")
        .append("        proxy_pass ").append(target).append(";\n");
  }
}
