package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.ParallelDeflater;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.ImageInfo;
import dev.onyx.deploy.docker.RegistryOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An in-memory image store for unit tests of the zip layout (the engine itself is tested in the ITs).
 * Each image has two layers, a base shared by all and one of its own, whose digests are their
 * content's SHA-256 as on a real engine; {@link #save} writes them in the classic {@code docker save}
 * layout ({@code <dir>/layer.tar}, then {@code manifest.json}).
 */
final class FakeImages implements ImageStore {
  final Map<String, ImageInfo> images = new LinkedHashMap<>();
  final Map<String, byte[]> layers = new LinkedHashMap<>();
  final Set<String> registry = new LinkedHashSet<>();
  final List<byte[]> loaded = new ArrayList<>();
  final List<String> built = new ArrayList<>();
  final List<String> pulled = new ArrayList<>();
  int tarSize = 3 << 20;

  FakeImages with(String ref) {
    byte[] base = sample(tarSize / 2, 42);
    byte[] own = sample(tarSize / 4, ref.hashCode());
    String b = digest(base);
    String o = digest(own);
    layers.put(b, base);
    layers.put(o, own);
    images.put(ref, new ImageInfo(digest(ref.getBytes(StandardCharsets.UTF_8)), List.of(ref), tarSize, List.of(b, o)));
    return this;
  }

  /** @param ref an image a pull can bring */
  FakeImages inRegistry(String ref) {
    registry.add(ref);
    return this;
  }

  static String digest(byte[] data) {
    return "sha256:" + ParallelDeflater.hex(ParallelDeflater.sha256().digest(data));
  }

  @Override
  public Optional<ImageInfo> inspect(String ref) {
    return Optional.ofNullable(images.get(ref));
  }

  @Override
  public List<ImageInfo> list() {
    return List.copyOf(images.values());
  }

  @Override
  public InputStream save(List<String> refs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      Set<String> written = new LinkedHashSet<>();
      StringBuilder manifest = new StringBuilder("[");
      for (String r : refs) {
        ImageInfo info = images.get(r);
        manifest.append(manifest.length() > 1 ? "," : "").append("{\"Config\":\"").append(info.id().substring(7))
            .append(".json\",\"RepoTags\":[\"").append(r).append("\"],\"Layers\":[");
        for (int i = 0; i < info.layers().size(); i++) {
          String l = info.layers().get(i);
          String dir = l.substring(7, 71);
          manifest.append(i > 0 ? "," : "").append('"').append(dir).append("/layer.tar\"");
          if (written.add(l)) {
            entry(tar, dir + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
            entry(tar, dir + "/layer.tar", layers.get(l));
          }
        }
        manifest.append("]}");
        StringBuilder config = new StringBuilder("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
        for (int i = 0; i < info.layers().size(); i++) {
          config.append(i > 0 ? "," : "").append('"').append(info.layers().get(i)).append('"');
        }
        entry(tar, info.id().substring(7) + ".json", config.append("]}}").toString().getBytes(StandardCharsets.UTF_8));
      }
      entry(tar, "manifest.json", manifest.append("]").toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ByteArrayInputStream(out.toByteArray());
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  @Override
  public void load(InputStream tar) {
    try {
      loaded.add(tar.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String build(String tag, Path context, Build build, DeployListener listener) {
    built.add(tag + " from " + context.getFileName());
    with(tag);
    return images.get(tag).id();
  }

  /** Half random, half repetitive text, so chunks both compress and refer across chunk cuts. */
  static byte[] sample(int size, long seed) {
    java.util.Random r = new java.util.Random(seed);
    byte[] b = new byte[size];
    String text = "layer.tar usr/lib/x86_64-linux-gnu/libc.so.6 postgresql redis nginx ";
    for (int i = 0; i < size; i++) {
      b[i] = (i / 4096) % 2 == 0 ? (byte) r.nextInt(256) : (byte) text.charAt(Math.floorMod(i * 7 + (int) seed, text.length()));
    }
    return b;
  }

  @Override
  public void pull(List<String> refs, RegistryOptions options, DeployListener listener) {
    for (String r : refs) {
      if (!registry.contains(r)) {
        throw new IllegalStateException("pulling " + r + " failed: not found");
      }
      pulled.add(r);
      with(r);
    }
  }
}
