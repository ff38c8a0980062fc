package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.ParallelDeflater;
import dev.onyx.deploy.docker.ImageInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an incremental bundle may leave out. The engine keeps layers by <em>chain</em> (a layer on
 * top of exactly the layers below it, as {@code docker load} looks them up), so a layer of a new
 * image counts as present on the target only when some base image has the very same layers from the
 * bottom up to it: each new image's present layers are a bottom prefix of its layers. A layer file
 * of the {@code docker save} stream is left out only when every place the new images use that layer
 * is in such a prefix.
 *
 * <p>Measured on Docker 20.10: {@code docker load} of a stream whose left-out layers the engine has
 * loads with the original image ids; when a left-out layer is missing it fails with "open
 * .../layer.tar: no such file or directory", after having loaded the images listed before the
 * failing one. Hence {@link Bundle#load} and the scripts check the base before loading anything.
 *
 * @param base what the bundle is made on
 * @param images each base image's id and layers
 */
record IncrementalBase(BundleManifest.Base base, List<LayerInventory.Image> images) {

  /** What the new bundle leaves out, per image and as layer digests. */
  record Plan(Map<String, List<String>> expected, Map<String, String> baseImage, Set<String> omitted) {
  }

  /**
   * @param infos the new bundle's images (reference to what the engine says of it)
   * @return per reference the present bottom layers and a base image holding them, and the layer
   *     digests whose files are left out
   */
  Plan plan(Map<String, ImageInfo> infos) {
    Map<String, String> chainOwner = new HashMap<>();
    for (LayerInventory.Image b : images) {
      String chain = null;
      for (String layer : b.layers()) {
        chain = chain(chain, layer);
        chainOwner.putIfAbsent(chain, b.id());
      }
    }
    Map<String, List<String>> expected = new HashMap<>();
    Map<String, String> owner = new HashMap<>();
    Set<String> present = new HashSet<>();
    Set<String> needed = new HashSet<>();
    for (Map.Entry<String, ImageInfo> e : infos.entrySet()) {
      List<String> layers = e.getValue().layers();
      String chain = null;
      int k = 0;
      String holder = null;
      for (String layer : layers) {
        chain = chain(chain, layer);
        String o = chainOwner.get(chain);
        if (o == null) {
          break;
        }
        holder = o;
        k++;
      }
      expected.put(e.getKey(), List.copyOf(layers.subList(0, k)));
      if (holder != null) {
        owner.put(e.getKey(), holder);
      }
      present.addAll(layers.subList(0, k));
      needed.addAll(layers.subList(k, layers.size()));
    }
    Set<String> omitted = new HashSet<>(present);
    omitted.removeAll(needed);
    return new Plan(expected, owner, omitted);
  }

  /** @return the chain id of {@code layer} on top of {@code below} (null: the bottom), as the engine computes it */
  static String chain(String below, String layer) {
    if (below == null) {
      return layer;
    }
    MessageDigest d = ParallelDeflater.sha256();
    return "sha256:" + ParallelDeflater.hex(d.digest((below + " " + layer).getBytes(StandardCharsets.UTF_8)));
  }

  /** @return the base images of an inventory */
  static IncrementalBase of(LayerInventory inv) {
    return new IncrementalBase(new BundleManifest.Base("inventory", inv.id(), inv.name(), inv.engine(), inv.createdAt()),
        inv.images());
  }

  /**
   * @param manifest an earlier bundle's manifest (format 2: its images list their layers)
   * @param id that bundle's id
   * @param name its file name
   * @param layersOf reads an image's layers from the earlier bundle's image stream, for version 1
   *     bundles whose manifest does not list them
   */
  static IncrementalBase of(BundleManifest manifest, String id, String name,
      java.util.function.Supplier<Map<String, List<String>>> layersOf) {
    List<LayerInventory.Image> images = new ArrayList<>();
    Map<String, List<String>> fromTar = null;
    for (BundleManifest.Image i : manifest.images()) {
      List<String> layers = i.layers();
      if (layers.isEmpty()) {
        if (fromTar == null) {
          fromTar = layersOf.get();
        }
        layers = Optional.ofNullable(fromTar.get(i.id())).orElse(List.of());
      }
      images.add(new LayerInventory.Image(i.id(), i.tags(), layers));
    }
    return new IncrementalBase(new BundleManifest.Base("bundle", id, name, manifest.stack(), manifest.createdAt()),
        images);
  }
}
