package dev.onyx.deploy.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onyx.deploy.compose.ComposeRequirement;
import dev.onyx.deploy.core.SecretRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes and reads {@code manifest.json} (Jackson stays inside this class). */
final class ManifestJson {
  static final String FORMAT = "onyx-deploy-bundle";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestJson() {
  }

  static byte[] write(BundleManifest m) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", m.formatVersion());
    root.put("stack", m.stack());
    root.put("createdAt", m.createdAt().toString());
    root.put("tool", "onyx-deploy");
    root.put("toolVersion", m.toolVersion());
    root.put("composeVersion", m.composeVersion());
    m.base().ifPresent(b -> {
      ObjectNode o = root.putObject("base");
      o.put("kind", b.kind());
      o.put("id", b.id());
      o.put("name", b.name());
      o.put("stack", b.stack());
      o.put("createdAt", b.createdAt().toString());
    });
    ArrayNode images = root.putArray("images");
    for (BundleManifest.Image i : m.images()) {
      ObjectNode o = images.addObject();
      o.put("reference", i.reference());
      o.put("id", i.id());
      ArrayNode tags = o.putArray("tags");
      i.tags().forEach(tags::add);
      o.put("size", i.size());
      ArrayNode svc = o.putArray("services");
      i.services().forEach(svc::add);
      ArrayNode layers = o.putArray("layers");
      i.layers().forEach(layers::add);
      if (!i.expectedLayers().isEmpty()) {
        ArrayNode expected = o.putArray("expectedLayers");
        i.expectedLayers().forEach(expected::add);
      }
      i.baseImage().ifPresent(b -> o.put("baseImage", b));
    }
    ArrayNode secrets = root.putArray("secrets");
    for (BundleManifest.SecretEntry x : m.secrets()) {
      ObjectNode o = secrets.addObject();
      o.put("name", x.name());
      o.put("source", x.source());
      o.put("length", x.rules().length());
      o.put("alphabet", x.rules().alphabet());
      o.put("first", x.rules().first());
      ArrayNode required = o.putArray("required");
      x.rules().required().forEach(required::add);
      x.file().ifPresent(f -> o.put("file", f));
      x.variable().ifPresent(v -> o.put("variable", v));
    }
    ArrayNode files = root.putArray("files");
    for (BundleManifest.FileEntry f : m.files()) {
      ObjectNode o = files.addObject();
      o.put("path", f.path());
      o.put("size", f.size());
      o.put("sha256", f.sha256());
    }
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new ArchiveException("writing manifest.json failed: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * @param bytes the manifest's bytes
   * @param bundle the bundle file, for messages
   * @return the manifest
   * @throws BundleVerificationException if it is not a manifest of a version this library reads
   */
  static BundleManifest read(byte[] bytes, String bundle) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (java.io.IOException e) {
      throw bad(bundle, "is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw bad(bundle, "is not a JSON object", null);
    }
    if (!FORMAT.equals(root.path("format").asText(null))) {
      throw bad(bundle, "is not an onyx-deploy bundle manifest (\"format\" is "
          + root.path("format") + ", expected \"" + FORMAT + "\")", null);
    }
    JsonNode v = root.get("formatVersion");
    if (v == null || !v.canConvertToInt()) {
      throw bad(bundle, "has no integer \"formatVersion\"", null);
    }
    if (v.asInt() < 1 || v.asInt() > BundleManifest.FORMAT_VERSION) {
      throw bad(bundle, "has bundle format version " + v.asInt() + ", but this onyx-deploy reads versions 1 to "
          + BundleManifest.FORMAT_VERSION + (v.asInt() > BundleManifest.FORMAT_VERSION
              ? ": use a newer onyx-deploy to load it" : ": re-create the bundle with this onyx-deploy"), null);
    }
    try {
      List<BundleManifest.Image> images = new ArrayList<>();
      for (JsonNode i : array(root, "images")) {
        List<String> layers = i.has("layers") ? digests(i, "layers") : List.of();
        List<String> expected = i.has("expectedLayers") ? digests(i, "expectedLayers") : List.of();
        if (!layers.subList(0, Math.min(expected.size(), layers.size())).equals(expected)) {
          throw new IllegalArgumentException("image " + text(i, "reference")
              + ": expectedLayers are not the bottom of its layers");
        }
        Optional<String> baseImage = optionalText(i, "baseImage");
        if (baseImage.isPresent() && !baseImage.get().matches("sha256:[0-9a-f]{64}")) {
          throw new IllegalArgumentException("image " + text(i, "reference") + ": baseImage is not an image id");
        }
        images.add(new BundleManifest.Image(text(i, "reference"), strings(i, "tags"), text(i, "id"),
            number(i, "size"), strings(i, "services"), layers, expected, baseImage));
      }
      List<BundleManifest.SecretEntry> secrets = new ArrayList<>();
      for (JsonNode x : array(root, "secrets")) {
        String name = text(x, "name");
        Optional<String> file = optionalText(x, "file");
        if (file.isPresent() && (EntryPaths.problem(file.get()).isPresent() || !file.get().startsWith("secrets/"))) {
          throw new IllegalArgumentException("secret " + name + ": file '" + file.get() + "' is not under secrets/");
        }
        Optional<String> variable = optionalText(x, "variable");
        if (variable.isPresent() && !variable.get().matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
          throw new IllegalArgumentException("secret " + name + ": '" + variable.get() + "' is not a variable name");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
          throw new IllegalArgumentException("'" + name + "' is not a secret name");
        }
        int length = (int) number(x, "length");
        SecretRules rules = x.has("alphabet")
            ? new SecretRules(length, text(x, "alphabet"), text(x, "first"), strings(x, "required"))
            : SecretRules.lettersAndDigits(length);
        secrets.add(new BundleManifest.SecretEntry(name, text(x, "source"), rules, file, variable));
      }
      List<BundleManifest.FileEntry> files = new ArrayList<>();
      for (JsonNode f : array(root, "files")) {
        String sha = text(f, "sha256");
        if (!sha.matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException("file " + text(f, "path") + ": sha256 is not 64 hex digits");
        }
        files.add(new BundleManifest.FileEntry(text(f, "path"), number(f, "size"), sha));
      }
      Optional<BundleManifest.Base> base = Optional.empty();
      JsonNode b = root.get("base");
      if (b != null && !b.isNull()) {
        String kind = text(b, "kind");
        if (!kind.equals("bundle") && !kind.equals("inventory")) {
          throw new IllegalArgumentException("base kind '" + kind + "' is neither bundle nor inventory");
        }
        base = Optional.of(new BundleManifest.Base(kind, text(b, "id"), text(b, "name"), text(b, "stack"),
            Instant.parse(text(b, "createdAt"))));
      }
      String composeVersion = root.has("composeVersion") ? text(root, "composeVersion") : ComposeRequirement.WAIT;
      if (!composeVersion.matches("\\d+\\.\\d+\\.\\d+")) {
        throw new IllegalArgumentException("composeVersion '" + composeVersion + "' is not a version");
      }
      return new BundleManifest(v.asInt(), text(root, "stack"), Instant.parse(text(root, "createdAt")),
          text(root, "toolVersion"), composeVersion, base, images, secrets, files);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw bad(bundle, "is malformed: " + e.getMessage(), e);
    }
  }

  private static BundleVerificationException bad(String bundle, String what, Throwable cause) {
    return new BundleVerificationException(BundleManifest.PATH,
        BundleManifest.PATH + " in " + bundle + " " + what, cause);
  }

  private static Iterable<JsonNode> array(JsonNode n, String field) {
    JsonNode a = n.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not an array");
    }
    return a;
  }

  private static String text(JsonNode n, String field) {
    JsonNode t = n.get(field);
    if (t == null || !t.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
    }
    return t.asText();
  }

  private static Optional<String> optionalText(JsonNode n, String field) {
    JsonNode t = n.get(field);
    return t == null || t.isNull() ? Optional.empty() : Optional.of(t.asText());
  }

  private static long number(JsonNode n, String field) {
    JsonNode t = n.get(field);
    if (t == null || !t.canConvertToLong() || t.asLong() < 0) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not a size");
    }
    return t.asLong();
  }

  /** Image ids and layer digests: the scripts put them on a command line, so only this shape passes. */
  private static List<String> digests(JsonNode n, String field) {
    List<String> out = strings(n, field);
    for (String d : out) {
      if (!d.matches("sha256:[0-9a-f]{64}")) {
        throw new IllegalArgumentException("\"" + field + "\" holds '" + d + "', not a sha256 digest");
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : array(n, field)) {
      out.add(s.asText());
    }
    return out;
  }
}
