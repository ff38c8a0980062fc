package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ImageInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One load of a bundle (see {@link Bundle#load(Path, DockerEngine, LoadOptions)}). */
final class BundleLoader {
  private final Path bundle;
  private final DockerEngine engine;
  private final ImageStore images;
  private final LoadOptions options;

  BundleLoader(Path bundle, DockerEngine engine, ImageStore images, LoadOptions options) {
    this.bundle = bundle;
    this.engine = engine;
    this.images = images;
    this.options = options;
  }

  LoadResult run() {
    if (options.deployAs().isPresent() && options.extractTo().isEmpty()) {
      throw new IllegalArgumentException("deploying a bundle needs a folder for its compose project: "
          + "give one with withExtractTo (the command line's --extract)");
    }
    long start = System.nanoTime();
    DeployListener l = DeployListener.safe(options.listener());
    BundleReader reader = new BundleReader(bundle, l);
    VerifyReport report = reader.verify();
    BundleManifest m = report.manifest();
    if (m.file(Bundle.IMAGES_ENTRY).isEmpty()) {
      throw new BundleVerificationException(Bundle.IMAGES_ENTRY, bundle + " has no " + Bundle.IMAGES_ENTRY, null);
    }
    if (m.incremental()) {
      checkBase(m);
    }
    long total = m.file(Bundle.IMAGES_ENTRY).get().size();
    String action = "load images from " + bundle.getFileName();
    l.onEvent(new DeployEvent.ActionStarted(action));
    long t0 = System.nanoTime();
    reader.read(Bundle.IMAGES_ENTRY, in -> images.load(new ProgressInput(in, "load images", n -> total, l)));
    l.onEvent(new DeployEvent.ActionCompleted(action, Duration.ofNanos(System.nanoTime() - t0)));
    List<String> wrong = new ArrayList<>();
    for (BundleManifest.Image i : m.images()) {
      Optional<ImageInfo> got = images.inspect(i.reference());
      if (got.isEmpty() || !got.get().id().equals(i.id())) {
        wrong.add(i.reference() + " (expected " + i.id() + ", engine has "
            + got.map(ImageInfo::id).orElse("nothing") + ")");
      }
    }
    if (!wrong.isEmpty()) {
      throw new ArchiveException("loading " + bundle + ": after 'docker load' the engine does not have the bundle's images: "
          + String.join(", ", wrong));
    }
    List<Path> files = List.of();
    List<String> generated = List.of();
    Optional<String> deployed = Optional.empty();
    if (options.extractTo().isPresent()) {
      Path root = options.extractTo().get().toAbsolutePath().normalize();
      files = reader.extract(m, Bundle.COMPOSE_DIR, root);
      try {
        generated = SecretFiller.fill(root, m.secrets());
      } catch (IOException e) {
        throw new ArchiveException("writing the secrets of " + root + " failed: " + e.getMessage(), e);
      }
      if (options.deployAs().isPresent()) {
        Deploy.run(engine, root, options.deployAs().get(), options.timeout(), l);
        deployed = options.deployAs();
      }
    }
    return new LoadResult(bundle, m, m.images(), options.extractTo().map(p -> p.toAbsolutePath().normalize()), files,
        generated, deployed, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * An incremental bundle loads only where its base was loaded: the engine must hold every image's
   * expected bottom layers (by chain, as {@code docker load} looks them up). Checked before anything is
   * loaded, because {@code docker load} would load the images before the first one it cannot complete.
   */
  private void checkBase(BundleManifest m) {
    Set<String> chains = new HashSet<>();
    for (ImageInfo i : images.list()) {
      String chain = null;
      for (String layer : i.layers()) {
        chain = IncrementalBase.chain(chain, layer);
        chains.add(chain);
      }
    }
    List<String> lacking = new ArrayList<>();
    for (BundleManifest.Image i : m.images()) {
      String chain = null;
      for (String layer : i.expectedLayers()) {
        chain = IncrementalBase.chain(chain, layer);
      }
      if (chain != null && !chains.contains(chain)) {
        lacking.add(i.reference() + " (" + i.expectedLayers().size() + " bottom layer(s)"
            + i.baseImage().map(b -> ", as in image " + b.substring(0, Math.min(19, b.length()))).orElse("") + ")");
      }
    }
    if (!lacking.isEmpty()) {
      BundleManifest.Base base = m.base().orElseThrow();
      throw new MissingBaseException(base, "cannot load " + bundle.getFileName() + ": it is an incremental bundle made on "
          + base.describe() + ", and this engine lacks layers it leaves out, for " + String.join(", ", lacking)
          + ". Load " + (base.kind().equals("bundle") ? base.name() : "the images that inventory was taken of")
          + " first, then this bundle; nothing was loaded.");
    }
  }
}
