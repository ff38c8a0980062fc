package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.ParallelDeflater;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What images (and so which layers) a target engine holds, written on the target with
 * {@code onyx-deploy bundle inventory -o INV.json} ({@link Bundle#inventory}) and carried to the
 * machine that makes the next bundle: an incremental bundle made on top of it
 * ({@link BundleOptions#withSince(LayerInventory)}) leaves out every layer the target already has.
 * No secret is in it: image ids, tags and layer digests only.
 *
 * @param engine the engine it describes, e.g. {@code Docker 20.10.24 at unix:///var/run/docker.sock}
 * @param createdAt when it was taken
 * @param images the engine's images, each with its layers bottom first
 * @param id the SHA-256 of the file it was read from ({@code sha256:...}), or of what
 *     {@link #write(Path)} writes
 * @param name the file name it was read from, or {@code inventory} for one taken in this process
 */
public record LayerInventory(String engine, Instant createdAt, List<Image> images, String id, String name) {
  static final String FORMAT = "onyx-deploy-layer-inventory";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Checks for nulls and copies the list. */
  public LayerInventory {
    Objects.requireNonNull(engine, "engine == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    images = List.copyOf(images);
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(name, "name == null");
  }

  /**
   * One image of the engine.
   *
   * @param id the image id
   * @param tags its tags
   * @param layers its layer digests, bottom first
   */
  public record Image(String id, List<String> tags, List<String> layers) {
    /** Checks for nulls and copies the lists. */
    public Image {
      Objects.requireNonNull(id, "id == null");
      tags = List.copyOf(tags);
      layers = List.copyOf(layers);
    }
  }

  static LayerInventory of(String engine, Instant createdAt, List<Image> images) {
    LayerInventory draft = new LayerInventory(engine, createdAt, images, "", "inventory");
    return new LayerInventory(engine, createdAt, images, "sha256:" + ParallelDeflater.hex(
        ParallelDeflater.sha256().digest(draft.json())), "inventory");
  }

  /**
   * Writes it as JSON (atomically: a temporary file renamed into place).
   *
   * @param file where
   * @throws ArchiveException if it cannot be written
   */
  public void write(Path file) {
    Objects.requireNonNull(file, "file == null");
    Path target = file.toAbsolutePath().normalize();
    try {
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
      try {
        Files.write(tmp, json());
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new ArchiveException("cannot write the layer inventory " + target + ": " + e.getMessage()
          + " (check that the folder exists and is writable)", e);
    }
  }

  /**
   * @param file an inventory written by {@link #write(Path)}
   * @return it, with its file's SHA-256 as {@link #id()}
   * @throws ArchiveException if it cannot be read or is not an inventory
   */
  public static LayerInventory read(Path file) {
    Objects.requireNonNull(file, "file == null");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ArchiveException("cannot read the layer inventory " + file + ": " + e.getMessage(), e);
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || !FORMAT.equals(root.path("format").asText())) {
        throw new IllegalArgumentException("it is not an onyx-deploy layer inventory (make one with "
            + "'onyx-deploy bundle inventory -o FILE' on the target)");
      }
      if (root.path("formatVersion").asInt() != 1) {
        throw new IllegalArgumentException("its format version " + root.path("formatVersion") + " is not 1");
      }
      List<Image> images = new ArrayList<>();
      for (JsonNode i : root.path("images")) {
        List<String> tags = new ArrayList<>();
        i.path("tags").forEach(t -> tags.add(t.asText()));
        List<String> layers = new ArrayList<>();
        for (JsonNode l : i.path("layers")) {
          if (!l.asText().matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("layer '" + l.asText() + "' is not a sha256 digest");
          }
          layers.add(l.asText());
        }
        if (!i.path("id").asText().matches("sha256:[0-9a-f]{64}")) {
          throw new IllegalArgumentException("image id '" + i.path("id").asText() + "' is not a sha256 digest");
        }
        images.add(new Image(i.path("id").asText(), tags, layers));
      }
      return new LayerInventory(root.path("engine").asText(), Instant.parse(root.path("createdAt").asText()), images,
          "sha256:" + ParallelDeflater.hex(ParallelDeflater.sha256().digest(bytes)), file.getFileName().toString());
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new ArchiveException("the layer inventory " + file + " cannot be used: " + e.getMessage(), e);
    }
  }

  private byte[] json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", 1);
    root.put("engine", engine);
    root.put("createdAt", createdAt.toString());
    ArrayNode arr = root.putArray("images");
    for (Image i : images) {
      ObjectNode o = arr.addObject();
      o.put("id", i.id());
      ArrayNode t = o.putArray("tags");
      i.tags().forEach(t::add);
      ArrayNode l = o.putArray("layers");
      i.layers().forEach(l::add);
    }
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ArchiveException("writing the layer inventory failed: " + e.getMessage(), e);
    }
  }
}
