package dev.onyx.deploy.docker;

import java.util.List;

/**
 * What the engine knows of a local image.
 *
 * @param id the image id ({@code sha256:...})
 * @param repoTags the tags naming it ({@code repo:tag}); may be empty
 * @param size its size in bytes
 * @param layers the digests of its root filesystem layers ({@code sha256:...}), bottom first
 */
public record ImageInfo(String id, List<String> repoTags, long size, List<String> layers) {
  /**
   * Copies the lists.
   *
   * @param id the image id ({@code sha256:...})
   * @param repoTags the tags naming it ({@code repo:tag}); may be empty
   * @param size its size in bytes
   * @param layers the digests of its root filesystem layers ({@code sha256:...}), bottom first
   */
  public ImageInfo {
    repoTags = List.copyOf(repoTags);
    layers = List.copyOf(layers);
  }
}
