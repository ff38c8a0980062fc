package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.ImageInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** An in-memory image store for unit tests of the zip layout (the engine itself is tested in the ITs). */
final class FakeImages implements Bundle.ImageStore {
  final Map<String, ImageInfo> images = new LinkedHashMap<>();
  final List<byte[]> loaded = new ArrayList<>();
  final List<String> built = new ArrayList<>();
  int tarSize = 3 << 20;

  FakeImages with(String ref) {
    images.put(ref, new ImageInfo("sha256:" + Integer.toHexString(ref.hashCode()).repeat(8).substring(0, 64),
        List.of(ref), tarSize, List.of("sha256:base", "sha256:" + ref)));
    return this;
  }

  @Override
  public Optional<ImageInfo> inspect(String ref) {
    return Optional.ofNullable(images.get(ref));
  }

  @Override
  public InputStream save(List<String> refs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (String r : refs) {
        byte[] data = sample(tarSize / refs.size(), r.hashCode());
        TarArchiveEntry e = new TarArchiveEntry(Integer.toHexString(r.hashCode()) + "/layer.tar");
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ByteArrayInputStream(out.toByteArray());
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
}
