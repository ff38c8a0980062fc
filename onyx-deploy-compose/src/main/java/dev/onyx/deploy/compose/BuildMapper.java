package dev.onyx.deploy.compose;

import static dev.onyx.deploy.compose.Scalars.hostPath;
import static dev.onyx.deploy.compose.Scalars.isNull;
import static dev.onyx.deploy.compose.Scalars.map;
import static dev.onyx.deploy.compose.Scalars.optBool;
import static dev.onyx.deploy.compose.Scalars.optStr;
import static dev.onyx.deploy.compose.Scalars.str;
import static dev.onyx.deploy.compose.Scalars.stringMap;
import static dev.onyx.deploy.compose.Scalars.strings;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Ulimit;
import java.util.Map;

/** Reads a service's {@code build}, in its short ({@code build: ./dir}) and long syntax. */
final class BuildMapper {
  private final Map<String, String> env;
  private final Problems problems;

  BuildMapper(Map<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  Build build(YNode node, String p) {
    if (node instanceof YScalar s) {
      return Build.of(context(str(s, p), s));
    }
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.BUILD);
    YNode ctx = m.get("context");
    Build.Builder b = Build.builder(ctx == null || isNull(ctx) ? context(".", m)
        : context(str(ctx, p.concat(".context")), ctx));
    optStr(m, "dockerfile", p).ifPresent(b::dockerfile);
    optStr(m, "dockerfile_inline", p).ifPresent(b::dockerfileInline);
    YNode a = m.get("args");
    if (a != null && !isNull(a)) {
      stringMap(a, p.concat(".args"), false).forEach((k, v) -> b.arg(k, v != null ? v : env.get(k)));
    }
    optStr(m, "target", p).ifPresent(b::target);
    YNode ssh = m.get("ssh");
    if (ssh != null && !isNull(ssh)) {
      if (ssh instanceof YMap sm) {
        stringMap(sm, p.concat(".ssh"), false).forEach((k, v) -> b.addSsh(v == null ? k : k + "=" + v));
      } else {
        strings(ssh, p.concat(".ssh")).forEach(b::addSsh);
      }
    }
    strings(m.get("cache_from"), p.concat(".cache_from")).forEach(b::addCacheFrom);
    strings(m.get("cache_to"), p.concat(".cache_to")).forEach(b::addCacheTo);
    stringMap(m.get("additional_contexts"), p.concat(".additional_contexts"), true)
        .forEach((k, v) -> b.additionalContext(k, context(v, m.get("additional_contexts"))));
    YNode hosts = m.get("extra_hosts");
    if (hosts != null && !isNull(hosts)) {
      ServiceMapper.extraHosts(hosts, p.concat(".extra_hosts")).forEach(b::addExtraHosts);
    }
    optStr(m, "isolation", p).ifPresent(b::isolation);
    optStr(m, "network", p).ifPresent(b::network);
    b.privileged(optBool(m, "privileged", p));
    ServiceMapper.fileRefs(problems, m.get("secrets"), p.concat(".secrets")).forEach(b::addSecrets);
    strings(m.get("tags"), p.concat(".tags")).forEach(b::addTags);
    YNode ulimits = m.get("ulimits");
    if (ulimits != null && !isNull(ulimits)) {
      map(ulimits, p.concat(".ulimits")).entries.forEach((k, v) -> b.addUlimits(v instanceof YMap um
          ? new Ulimit(k, Scalars.integer(um.get("soft"), p + ".ulimits." + k + ".soft"),
              Scalars.integer(um.get("hard"), p + ".ulimits." + k + ".hard"))
          : Ulimit.of(k, Scalars.integer(v, p + ".ulimits." + k))));
    }
    strings(m.get("platforms"), p.concat(".platforms")).forEach(b::addPlatforms);
    stringMap(m.get("labels"), p.concat(".labels"), true).forEach(b::label);
    b.noCache(optBool(m, "no_cache", p));
    b.pull(optBool(m, "pull", p));
    Scalars.optSize(m, "shm_size", p).ifPresent(b::shmSize);
    strings(m.get("entitlements"), p.concat(".entitlements")).forEach(b::addEntitlements);
    optStr(m, "provenance", p).ifPresent(b::provenance);
    optStr(m, "sbom", p).ifPresent(b::sbom);
    b.extensions(Scalars.extensions(m));
    return b.build();
  }

  /** A context or additional context: a folder (made absolute, as compose) or kept as written. */
  private static String context(String context, YNode at) {
    if (context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/")
        || context.startsWith("service:")) {
      return context;
    }
    return hostPath(context, at);
  }
}
