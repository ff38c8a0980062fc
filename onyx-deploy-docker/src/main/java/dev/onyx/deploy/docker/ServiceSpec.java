package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.internal.PartsLabel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    Map<String, List<String>> lines = ConfigHash.lines(stack, service, imageRef, imageId, env, files);
    this.parts = parts(lines);
    this.hash = ConfigHash.hash(lines);
    this.resources = resources(service);
  }

  /**
   * The short hash of each part of the configuration ({@link ConfigHash}), in a fixed order.
   *
   * @return part name to the first 12 hex digits of its lines' SHA-256
   */
  static Map<String, String> parts(Map<String, List<String>> lines) {
    Map<String, String> hashed = new LinkedHashMap<>();
    lines.forEach((k, v) -> hashed.put(k, ConfigHash.partHash(v)));
    return hashed;
  }

  /** @return the label form of the parts: {@code image=ab12..;command=...} */
  String partsLabel() {
    return PartsLabel.render(parts);
  }

  /** @return the names of the parts that differ from a container's label (all when unknown) */
  List<String> changedParts(String oldLabel) {
    return PartsLabel.changed(parts, oldLabel);
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
    return PartsLabel.parse(label);
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
