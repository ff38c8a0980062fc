package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One service resolved for a deploy: its environment (with secret values), the files copied in,
 * the image id, and the configuration hash. Never printed: it holds secret values.
 */
final class ServiceSpec {
  /** A file copied into the container before start. */
  record FileEntry(String kind, String source, String path, byte[] content, int mode, int uid, int gid) {
    String digest() {
      return sha256(content);
    }

    @Override
    public String toString() {
      return kind + " " + source + " -> " + path;
    }
  }

  final Service service;
  final String containerName;
  final String imageRef;
  final String imageId;
  final List<String> env;
  final List<FileEntry> files;
  final Map<String, String> parts;
  final String hash;
  final String resources;

  ServiceSpec(Stack stack, Service service, String imageRef, String imageId, List<String> env,
      List<FileEntry> files) {
    this.service = service;
    this.containerName = Names.container(stack.name(), service);
    this.imageRef = imageRef;
    this.imageId = imageId;
    this.env = List.copyOf(env);
    this.files = List.copyOf(files);
    this.parts = parts(stack, service, imageRef, imageId, env, files);
    this.hash = hash(parts);
    this.resources = resources(service);
  }

  /** The parts of the configuration that shape the container, each hashed (limits excluded). */
  static Map<String, String> parts(Stack stack, Service s, String imageRef, String imageId,
      List<String> env, List<FileEntry> files) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("image", imageId != null ? imageId : "unresolved:" + imageRef);
    p.put("name", Names.container(stack.name(), s));
    p.put("command", s.command().toString());
    p.put("entrypoint", s.entrypoint().toString());
    p.put("environment", new java.util.TreeSet<>(env).toString());
    p.put("ports", s.ports() + "|" + s.expose());
    List<String> mounts = new ArrayList<>();
    for (Mount m : s.mounts()) {
      String src = m.type() == Mount.Type.VOLUME && m.source().isPresent()
          ? Names.volume(stack, m.source().get()) : m.source().orElse("");
      mounts.add(m.type() + ":" + src + ":" + m.target() + ":" + m.readOnly() + ":" + m.tmpfsSize().map(Object::toString).orElse("")
          // only when set, so the hash of a container without a relabel stays as it was
          + m.selinux().map(l -> ":" + l.option()).orElse(""));
    }
    p.put("mounts", mounts.toString());
    List<String> nets = new ArrayList<>();
    for (String n : s.networkNames()) {
      Optional<NetworkAttachment> a = s.networks().stream().filter(x -> x.network().equals(n)).findFirst();
      nets.add(Names.network(stack, n) + a.map(x -> ":" + x.aliases() + ":" + x.ipv4Address().orElse("")).orElse(""));
    }
    p.put("networks", s.networkMode().map(m -> "mode:" + m).orElse("") + nets);
    p.put("healthcheck", s.healthcheck().map(Object::toString).orElse("image"));
    p.put("labels", new TreeMap<>(s.labels()).toString());
    List<String> runtime = new ArrayList<>(List.of(s.restart().map(Object::toString).orElse(""), s.user().orElse(""),
        s.workingDir().orElse(""), s.hostname().orElse(""), s.logging().map(Object::toString).orElse(""),
        s.ulimits().toString(), s.shmSize().map(Object::toString).orElse(""), s.extraHosts().toString(),
        s.dns().toString(), s.stopGracePeriod().map(Object::toString).orElse(""), s.stopSignal().orElse(""),
        s.init().map(Object::toString).orElse(""), Boolean.toString(s.readOnly()), Boolean.toString(s.privileged()),
        Boolean.toString(s.tty()), Boolean.toString(s.stdinOpen()), s.capAdd().toString(), s.capDrop().toString(),
        s.securityOpt().toString(), new TreeMap<>(s.sysctls()).toString(), s.devices().toString(),
        s.runtime().orElse(""), s.platform().orElse(""), s.resources().devices().toString()));
    // deploy.restart_policy only when set, so the hash of a service without one stays as it was;
    // the replicas and the Swarm-only deploy settings never shape a container: not hashed
    String taskRestart = DeploySettings.taskRestartForHash(s);
    if (!taskRestart.isEmpty()) {
      runtime.add(taskRestart);
    }
    p.put("runtime", runtime.toString());
    List<String> secrets = new ArrayList<>();
    List<String> configs = new ArrayList<>();
    for (FileEntry f : files) {
      String line = f.source() + "@" + f.path() + ":" + Integer.toOctalString(f.mode()) + ":" + f.uid() + ":" + f.gid()
          + ":" + f.digest();
      (f.kind().equals("secret") ? secrets : configs).add(line);
    }
    p.put("secrets", secrets.toString());
    p.put("configs", configs.toString());
    Map<String, String> hashed = new LinkedHashMap<>();
    p.forEach((k, v) -> hashed.put(k, sha256(v.getBytes(StandardCharsets.UTF_8)).substring(0, 12)));
    return hashed;
  }

  static String hash(Map<String, String> parts) {
    StringBuilder sb = new StringBuilder();
    parts.forEach((k, v) -> sb.append(k).append('=').append(v).append(';'));
    return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** @return the label form of the parts: {@code image=ab12..;command=...} */
  String partsLabel() {
    StringBuilder sb = new StringBuilder();
    parts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
    return sb.toString();
  }

  static Map<String, String> parseParts(String label) {
    Map<String, String> m = new LinkedHashMap<>();
    if (label == null || label.isBlank()) {
      return m;
    }
    for (String kv : label.split(";")) {
      int i = kv.indexOf('=');
      if (i > 0) {
        m.put(kv.substring(0, i), kv.substring(i + 1));
      }
    }
    return m;
  }

  /** @return the names of the parts that differ from a container's label (all when unknown) */
  List<String> changedParts(String oldLabel) {
    Map<String, String> old = parseParts(oldLabel);
    List<String> changed = new ArrayList<>();
    parts.forEach((k, v) -> {
      if (!v.equals(old.get(k))) {
        changed.add(k);
      }
    });
    return changed;
  }

  /** Limits and reservations, in the label form {@code cpus=0.5;memory=536870912;memres=;pids=}. */
  static String resources(Service s) {
    ResourceSpec l = s.resources().limits();
    ResourceSpec r = s.resources().reservations();
    return "cpus=" + l.cpus().map(c -> c.stripTrailingZeros().toPlainString()).orElse("")
        + ";memory=" + l.memory().map(m -> Long.toString(m.bytes())).orElse("")
        + ";memres=" + r.memory().map(m -> Long.toString(m.bytes())).orElse("")
        + ";pids=" + l.pids().map(Object::toString).orElse("");
  }

  static Map<String, String> parseResources(String label) {
    return parseParts(label);
  }

  boolean hasHealthcheckDeclared() {
    return service.hasHealthcheck();
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int defaultMode(String kind, FileReference ref) {
    return ref.mode().orElse(kind.equals("secret") ? 0400 : 0444);
  }
}
