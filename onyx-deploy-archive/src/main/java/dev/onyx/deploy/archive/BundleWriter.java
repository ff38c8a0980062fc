package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.core.internal.ParallelDeflater;
import dev.onyx.deploy.compose.ComposeRequirement;
import dev.onyx.deploy.compose.ComposeWriter;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.ImageInfo;
import dev.onyx.deploy.docker.PullPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one bundle (see {@link Bundle} for the layout and how it is written). The knobs that are
 * not options (clock, image-stream wrapper, chunk size) are test seams.
 */
final class BundleWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BundleWriter.class);

  private final Stack stack;
  private final ImageStore images;
  private final BundleOptions options;
  private Clock clock = Clock.systemUTC();
  private UnaryOperator<InputStream> imageStreamFilter = UnaryOperator.identity();
  private int chunkSize = 1 << 20;

  BundleWriter(Stack stack, ImageStore images, BundleOptions options) {
    this.stack = stack;
    this.images = images;
    this.options = options;
  }

  BundleWriter clock(Clock value) {
    this.clock = value;
    return this;
  }

  /** Test seam: wraps the engine's image stream (e.g. to make it fail half-way). */
  BundleWriter imageStreamFilter(UnaryOperator<InputStream> value) {
    this.imageStreamFilter = value;
    return this;
  }

  BundleWriter chunkSize(int value) {
    this.chunkSize = value;
    return this;
  }

  BundleManifest writeTo(Path out) {
    DeployListener l = DeployListener.safe(options.listener());
    Path target = out.toAbsolutePath().normalize();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ArchiveException("cannot write bundle " + target + ": the folder " + dir + " does not exist");
    }
    long start = System.nanoTime();
    StaleParts.clean(target);
    Optional<IncrementalBase> base = base(target);
    Map<String, List<String>> refs = resolveImages(l);
    Map<String, ImageInfo> infos = new LinkedHashMap<>();
    for (String ref : refs.keySet()) {
      infos.put(ref, images.inspect(ref).orElseThrow(() -> new MissingImagesException(List.of(ref),
          "image " + ref + " disappeared from the engine while the bundle was made")));
    }
    Optional<IncrementalBase.Plan> plan = base.map(b -> b.plan(infos));
    List<BundleManifest.Image> imageEntries = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : refs.entrySet()) {
      ImageInfo info = infos.get(e.getKey());
      List<String> expected = plan.map(p -> p.expected().get(e.getKey())).orElse(List.of());
      Optional<String> baseImage = plan.flatMap(p -> Optional.ofNullable(p.baseImage().get(e.getKey())));
      imageEntries.add(new BundleManifest.Image(e.getKey(), info.repoTags(), info.id(), info.size(), e.getValue(),
          info.layers(), expected, baseImage));
    }
    Map<String, byte[]> composeFiles = ComposeFiles.of(stack, options.composeVariables());
    List<BundleManifest.SecretEntry> secrets = SecretSpecs.of(stack);
    ComposeRequirement compose = ComposeWriter.create().requirement(stack);
    Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String version = Bundle.toolVersion();
    Optional<BundleManifest.Base> baseEntry = base.map(IncrementalBase::base);
    Scripts.Info scripts = new Scripts.Info(stack.name(), compose.version(), compose.reasons(), baseEntry,
        imageEntries, secrets);

    Path tmp;
    try {
      tmp = Files.createTempFile(dir, StaleParts.prefix(target), ".part");
    } catch (IOException e) {
      throw new ArchiveException("cannot write bundle " + target + ": cannot create a file in " + dir
          + " (" + Messages.describe(e) + "); check the folder is writable", e);
    }
    Path spool = dir.resolve(StaleParts.prefix(target) + Long.toUnsignedString(System.nanoTime(), 36) + ".layers.part");
    Thread cleanup = new Thread(() -> {
      deleteQuietly(tmp);
      deleteQuietly(spool);
    }, "onyx-bundle-cleanup");
    boolean hook = addHook(cleanup);
    boolean done = false;
    try {
      BundleManifest manifest;
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          FileLock lock = ch.tryLock()) {
        ZipWriter zip = new ZipWriter(ch, ZipWriter.utc(created));
        List<BundleManifest.FileEntry> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : composeFiles.entrySet()) {
          add(zip, files, Bundle.COMPOSE_DIR + f.getKey(), f.getValue(), 0644);
        }
        add(zip, files, "scripts/load.sh", Scripts.lf(Scripts.loadSh(scripts)), 0755);
        add(zip, files, "scripts/deploy.sh", Scripts.lf(Scripts.deploySh(scripts)), 0755);
        add(zip, files, "scripts/load.ps1", Scripts.crlf(Scripts.loadPs1(scripts)), 0644);
        add(zip, files, "scripts/deploy.ps1", Scripts.crlf(Scripts.deployPs1(scripts)), 0644);
        files.add(writeImages(zip, new ArrayList<>(refs.keySet()), new ArrayList<>(infos.values()),
            plan.map(IncrementalBase.Plan::omitted).orElse(Set.of()), spool, l));
        add(zip, files, "README.md", Readme.readme(stack, target.getFileName().toString(), version, created.toString(),
            compose, baseEntry, imageEntries, files, secrets), 0644);
        byte[] sums = Readme.sha256sums(files);
        add(zip, files, "SHA256SUMS", sums, 0644);
        manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, stack.name(), created, version,
            compose.version(), baseEntry, imageEntries, secrets, files);
        zip.add(BundleManifest.PATH, ManifestJson.write(manifest), 0644, options.compressionLevel());
        zip.finish();
        zip.close();
        ch.force(true);
      }
      move(tmp, target);
      done = true;
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      l.onEvent(new DeployEvent.ActionCompleted("write bundle " + target.getFileName(), took));
      LOG.info("bundle {} written: {} images, {} files, {} bytes in {} ms{}", target, imageEntries.size(),
          manifest.files().size(), sizeOf(target), took.toMillis(),
          baseEntry.map(b -> ", incremental on " + b.describe()).orElse(""));
      return manifest;
    } catch (IOException e) {
      if (e instanceof java.nio.channels.ClosedByInterruptException || e instanceof java.io.InterruptedIOException) {
        Thread.currentThread().interrupt();
        throw new ArchiveException("writing bundle " + target + " was interrupted; nothing was written to " + target, e);
      }
      throw new ArchiveException("writing bundle " + target + " failed: " + e.getMessage()
          + "; nothing was written to " + target + " (check the free disk space and that the engine is still running)", e);
    } catch (ArchiveException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ArchiveException("writing bundle " + target + " failed: " + e.getMessage()
          + "; nothing was written to " + target, e);
    } finally {
      if (!done) {
        deleteQuietly(tmp);
      }
      deleteQuietly(spool);
      if (hook) {
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
          // shutting down: the hook deletes the files
        }
      }
    }
  }

  /** @return the incremental base asked for, read before any image work */
  private Optional<IncrementalBase> base(Path target) {
    if (options.sinceInventory().isPresent()) {
      return Optional.of(IncrementalBase.of(options.sinceInventory().get()));
    }
    if (options.sinceBundle().isEmpty()) {
      return Optional.empty();
    }
    Path old = options.sinceBundle().get().toAbsolutePath().normalize();
    if (old.equals(target)) {
      throw new ArchiveException("an incremental bundle cannot replace the bundle it is made on (" + old
          + "): write it to another file");
    }
    BundleReader reader = new BundleReader(old, DeployListener.NONE);
    BundleManifest m = reader.manifest();
    return Optional.of(IncrementalBase.of(m, reader.id(), old.getFileName().toString(), reader::layersOfImages));
  }

  /**
   * @return image reference to the services using it, after building (services with a build) and
   *     pulling (by pull policy) what is missing; what still is missing is reported all at once
   */
  private Map<String, List<String>> resolveImages(DeployListener l) {
    Map<String, List<String>> refs = new LinkedHashMap<>();
    Map<String, Service> firstUser = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      String ref = s.image().orElse(stack.name() + "-" + s.name());
      refs.computeIfAbsent(ref, k -> new ArrayList<>()).add(s.name());
      firstUser.putIfAbsent(ref, s);
    }
    Set<String> toPull = new LinkedHashSet<>();
    Set<String> absent = new HashSet<>();
    for (Map.Entry<String, Service> e : firstUser.entrySet()) {
      PullPolicy p = PullPolicy.of(e.getValue(), options.pullPolicy());
      boolean present = images.inspect(e.getKey()).isPresent();
      if (!present) {
        absent.add(e.getKey());
      }
      if (p == PullPolicy.ALWAYS || (p == PullPolicy.MISSING && !present)) {
        toPull.add(e.getKey());
      }
    }
    if (!toPull.isEmpty()) {
      images.pull(new ArrayList<>(toPull), options.registryOptions(), l);
      absent.removeAll(toPull);
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Service> e : firstUser.entrySet()) {
      String ref = e.getKey();
      Service s = e.getValue();
      if (!absent.contains(ref)) {
        continue;
      }
      if (s.build().isPresent() && options.buildMissing()) {
        Build b = s.build().get();
        if (b.context().contains("://") || b.context().startsWith("git@")) {
          missing.add(ref + " (service " + s.name() + ": cannot build from the remote context " + b.context() + ")");
          continue;
        }
        Path context = options.projectDirectory().resolve(b.context()).toAbsolutePath().normalize();
        String action = "build image " + ref + " of service " + s.name();
        l.onEvent(new DeployEvent.ActionStarted(action));
        long t0 = System.nanoTime();
        images.build(ref, context, b, l);
        l.onEvent(new DeployEvent.ActionCompleted(action, Duration.ofNanos(System.nanoTime() - t0)));
      } else {
        missing.add(ref + " (service " + s.name() + (s.build().isPresent() ? ", building disabled)"
            : ", not pulled: pull policy never)"));
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingImagesException(missing.stream().map(m -> m.substring(0, m.indexOf(' '))).toList(),
          "cannot bundle stack '" + stack.name() + "': " + missing.size() + " image(s) are not on the engine: "
              + String.join(", ", missing) + ". Pull, load or build them first; nothing was written.");
    }
    return refs;
  }

  private void add(ZipWriter zip, List<BundleManifest.FileEntry> files, String path, byte[] data, int mode)
      throws IOException {
    var sha = ParallelDeflater.sha256();
    zip.add(path, data, mode, options.compressionLevel());
    files.add(new BundleManifest.FileEntry(path, data.length, ParallelDeflater.hex(sha.digest(data))));
  }

  private BundleManifest.FileEntry writeImages(ZipWriter zip, List<String> refs, List<ImageInfo> infos,
      Set<String> omitted, Path spool, DeployListener l) throws IOException {
    long estimate = Bundle.estimate(infos);
    String action = "save images " + String.join(", ", refs);
    l.onEvent(new DeployEvent.ActionStarted(action));
    long t0 = System.nanoTime();
    ParallelDeflater.Result r;
    long read;
    try (InputStream raw = images.save(refs)) {
      ProgressInput counted = new ProgressInput(raw, "save images", n -> Math.max(estimate, n), l);
      try (InputStream in = imageStreamFilter.apply(counted)) {
        OutputStream entry = zip.beginStreamed(Bundle.IMAGES_ENTRY, 0644);
        ParallelDeflater deflater = new ParallelDeflater(options.compressionLevel(), options.threads(), chunkSize);
        r = omitted.isEmpty() ? deflater.deflate(in, entry, done -> { })
            : deflateFiltered(deflater, in, entry, omitted, spool);
        zip.endStreamed(r.crc(), r.size(), r.compressedSize());
      }
      read = counted.count();
    }
    l.onEvent(new DeployEvent.Progress("save images", read, read));
    l.onEvent(new DeployEvent.ActionCompleted(action, Duration.ofNanos(System.nanoTime() - t0)));
    return new BundleManifest.FileEntry(Bundle.IMAGES_ENTRY, r.size(), r.sha256());
  }

  /** The image stream without the omitted layers: filtered on a second thread, deflated on this one. */
  private static ParallelDeflater.Result deflateFiltered(ParallelDeflater deflater, InputStream in, OutputStream entry,
      Set<String> omitted, Path spool) throws IOException {
    ChunkPipe pipe = new ChunkPipe();
    LayerFilter.Result[] filtered = {null};
    Thread filter = new Thread(() -> {
      try (OutputStream sink = pipe.sink()) {
        filtered[0] = LayerFilter.copy(in, sink, omitted, spool);
      } catch (IOException | RuntimeException e) {
        pipe.fail(e);
      }
    }, "onyx-bundle-layer-filter");
    filter.setDaemon(true);
    filter.start();
    try (InputStream source = pipe.source()) {
      ParallelDeflater.Result r = deflater.deflate(source, entry, done -> { });
      filter.join();
      if (filtered[0] != null) {
        LOG.info("incremental bundle: {} layer file(s) left out ({} bytes), {} kept", filtered[0].omittedLayers(),
            filtered[0].omittedBytes(), filtered[0].keptLayers());
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      filter.interrupt();
      throw new java.io.InterruptedIOException("interrupted while writing the image stream");
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean addHook(Thread t) {
    try {
      Runtime.getRuntime().addShutdownHook(t);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("could not delete the temporary file {}: {}", p, e.toString());
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
