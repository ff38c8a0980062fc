package dev.onyx.deploy.docker;

import java.util.Locale;

/**
 * An image reference split as the engine and registries read it ({@code [registry/]path[:tag][@digest]}):
 * the first component is a registry when it has a {@code .} or a {@code :} or is {@code localhost};
 * otherwise the image is on Docker Hub ({@code docker.io}, with {@code library/} for one-component
 * names).
 *
 * @param registry the registry host ({@code docker.io} for Docker Hub), with its port if any
 * @param path the repository path in the registry, e.g. {@code library/postgres}
 * @param tag the tag; {@code latest} when neither tag nor digest is given
 * @param digest the digest ({@code sha256:...}), or empty
 */
record ImageRef(String registry, String path, String tag, String digest) {
  static final String DOCKER_HUB = "docker.io";
  /** The key Docker Hub's credentials have in the Docker config. */
  static final String DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";

  static ImageRef parse(String ref) {
    String rest = ref;
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = "";
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head;
        rest = rest.substring(first + 1);
      }
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = "latest";
    }
    return new ImageRef(registry, rest, tag, digest);
  }

  /** @return the repository as {@code fromImage} takes it ({@code registry/path}, Docker Hub's without host) */
  String repository() {
    return registry.equals(DOCKER_HUB) ? path : registry + "/" + path;
  }

  /** @return what the pull's {@code tag} parameter takes: the digest when there is one, else the tag */
  String tagOrDigest() {
    return digest.isEmpty() ? tag : digest;
  }

  /** @return the registry's name as people write it (Docker Hub for {@code docker.io}) */
  String registryName() {
    return registry.equals(DOCKER_HUB) ? "Docker Hub (docker.io)" : registry;
  }

  /**
   * @param key a key of the Docker config's {@code auths} or {@code credHelpers}, e.g.
   *     {@code https://index.docker.io/v1/}, {@code registry.example.com:5000}, {@code http://host}
   * @return the registry host it names (lower case, without scheme and path)
   */
  static String registryOfKey(String key) {
    String k = key.strip();
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    k = k.toLowerCase(Locale.ROOT);
    return k.equals("index.docker.io") || k.equals("registry-1.docker.io") ? DOCKER_HUB : k;
  }
}
