package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.ImageInfo;
import dev.onyx.deploy.docker.Images;
import dev.onyx.deploy.docker.RegistryOptions;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The image operations a bundle needs (a seam for tests; production uses the engine's {@link Images}). */
interface ImageStore {
  Optional<ImageInfo> inspect(String ref);

  List<ImageInfo> list();

  InputStream save(List<String> refs);

  void load(InputStream tar);

  String build(String tag, Path context, Build build, DeployListener listener);

  void pull(List<String> refs, RegistryOptions options, DeployListener listener);

  /** @return the engine's images */
  static ImageStore of(Images images) {
    return new ImageStore() {
      @Override
      public Optional<ImageInfo> inspect(String ref) {
        return images.inspect(ref);
      }

      @Override
      public List<ImageInfo> list() {
        return images.list();
      }

      @Override
      public InputStream save(List<String> refs) {
        return images.save(refs);
      }

      @Override
      public void load(InputStream tar) {
        images.load(tar);
      }

      @Override
      public String build(String tag, Path context, Build build, DeployListener listener) {
        return images.build(tag, context, build, listener);
      }

      @Override
      public void pull(List<String> refs, RegistryOptions options, DeployListener listener) {
        images.pull(refs, options, listener);
      }
    };
  }
}
