package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.core.internal.ParallelDeflater;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ImageInfo;
import dev.onyx.deploy.docker.Images;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline bundles: one zip with every image of a stack, its compose project, checksums, scripts and
 * a README, to install the stack on a machine that cannot reach a registry (an air-gapped server, a
 * Windows laptop with Docker Desktop).
 *
 * <pre>
 * try (DockerEngine engine = DockerEngine.connect()) {
 *   BundleManifest m = Bundle.create(stack, engine)
 *       .compressionLevel(Bundle.DEFAULT_LEVEL)
 *       .listener(DeployListener.logging())
 *       .writeTo(Path.of("shop-1.0.zip"));
 *
 *   Bundle.verify(Path.of("shop-1.0.zip"));                 // throws BundleVerificationException
 *   LoadResult r = Bundle.load(Path.of("shop-1.0.zip"), engine)
 *       .deployAs("shop")                                     // optional: deploy with the engine backend
 *       .extractTo(Path.of("/opt/shop"));
 * }
 * </pre>
 *
 * <p><b>Layout of the zip.</b>
 * <ul>
 *   <li>{@code compose/}: the compose project ({@code compose.yaml}, config files, and
 *       {@code .env.example} with every variable and no secret value);</li>
 *   <li>{@code scripts/load.sh}, {@code scripts/deploy.sh} (POSIX sh, LF) and
 *       {@code scripts/load.ps1}, {@code scripts/deploy.ps1} (Windows PowerShell 5.1 and
 *       PowerShell 7, CRLF): check the files, {@code docker load}, make {@code .env} and the
 *       generated secrets when missing, {@code docker compose up -d --wait};</li>
 *   <li>{@code images/images.tar}: ONE {@code docker save} stream of every image of the stack,
 *       exactly as the engine wrote it (layers shared by several images are stored once;
 *       {@code docker load -i} accepts it);</li>
 *   <li>{@code README.md}: requirements, steps, what is inside;</li>
 *   <li>{@code SHA256SUMS}: the files' SHA-256 in {@code sha256sum -c} format;</li>
 *   <li>{@code manifest.json} (last): format version, stack, creation time, tool version, images
 *       (reference, tags, id, size), secrets (names and how they are made, never values), every
 *       file with its size and SHA-256.</li>
 * </ul>
 *
 * <p><b>How it is written.</b> The image stream goes from the engine through a parallel deflater
 * straight into the zip: no temporary copy on disk and a bounded amount of memory (a few MiB per
 * core, whatever the images' size). The deflate work is split pigz-style: the stream is cut into
 * 1 MiB chunks, each compressed on its own core with the previous chunk's last 32 KiB as preset
 * dictionary and ended on a byte boundary, and the chunks are concatenated into one ordinary
 * deflate entry. commons-compress's {@code ParallelScatterZipCreator} was not used: it parallelises
 * across entries (the images are one entry) and buffers each entry in a temporary file, which is
 * the copy on disk this design avoids. The zip is written under a temporary name in the target
 * folder and renamed when complete; a failed or interrupted create removes it and leaves nothing at
 * the final path. ZIP64 records are added when an entry or the zip passes 4 GiB.
 *
 * <p><b>Verify and load.</b> {@link #verify(Path)} checks the manifest's format version, every
 * entry's path (no absolute path, no {@code ..}, no link) before reading any content, and every
 * file's size, CRC-32 and SHA-256. {@link #load(Path, DockerEngine)} refuses a bundle that fails
 * verification, then imports the images through the engine API, extracts the compose project into
 * a chosen folder (never outside it) and can deploy it with the engine backend.
 */
public final class Bundle {
  /** The path of the images in the zip. */
  public static final String IMAGES_ENTRY = "images/images.tar";

  /** The folder of the compose project in the zip. */
  public static final String COMPOSE_DIR = "compose/";

  /**
   * The default deflate level, 3: measured on a 750 MB image stream (Debian + PostgreSQL, Redis,
   * nginx) it gives a zip 3.6% bigger than {@code gzip -6} for less than half the CPU time (zlib's
   * levels 1-3 skip lazy matching); level 6 is 0.1% smaller than {@code gzip -6} at gzip's cost.
   */
  public static final int DEFAULT_LEVEL = 3;

  private static final Logger LOG = LoggerFactory.getLogger(Bundle.class);

  private Bundle() {
  }

  /**
   * @param stack the stack to bundle
   * @param engine the engine holding (or building) the stack's images
   * @return a creator to configure, then {@link Creator#writeTo(Path)}
   */
  public static Creator create(Stack stack, DockerEngine engine) {
    Objects.requireNonNull(stack, "stack == null");
    Objects.requireNonNull(engine, "engine == null");
    return new Creator(stack, new EngineImages(engine.images()));
  }

  /**
   * Checks a bundle completely: see the class comment. Nothing is extracted.
   *
   * @param bundle the zip
   * @return what was checked
   * @throws BundleVerificationException naming the entry at fault
   * @throws ArchiveException if the file cannot be read
   */
  public static VerifyReport verify(Path bundle) {
    return verify(bundle, DeployListener.NONE);
  }

  /**
   * @param bundle the zip
   * @param listener receives {@link DeployEvent.Progress} ({@code verify bundle}, bytes)
   * @return what was checked
   * @throws BundleVerificationException naming the entry at fault
   */
  public static VerifyReport verify(Path bundle, DeployListener listener) {
    Objects.requireNonNull(bundle, "bundle == null");
    return new BundleReader(bundle, DeployListener.safe(Objects.requireNonNull(listener, "listener == null"))).verify();
  }

  /**
   * Reads a bundle's manifest (what it holds) after checking every entry's path and the manifest's
   * own checksum; the files' checksums are not checked (use {@link #verify(Path)}).
   *
   * @param bundle the zip
   * @return its manifest
   * @throws BundleVerificationException if an entry path is unsafe or the manifest is bad
   */
  public static BundleManifest list(Path bundle) {
    Objects.requireNonNull(bundle, "bundle == null");
    return new BundleReader(bundle, DeployListener.NONE).manifest();
  }

  /**
   * @param bundle the zip
   * @param engine the engine to load the images into (and deploy to)
   * @return a loader to configure, then {@link Loader#extractTo(Path)} or {@link Loader#imagesOnly()}
   */
  public static Loader load(Path bundle, DockerEngine engine) {
    Objects.requireNonNull(bundle, "bundle == null");
    Objects.requireNonNull(engine, "engine == null");
    return new Loader(bundle, engine, new EngineImages(engine.images()));
  }

  /** @return the version of this library, as written into manifests */
  public static String toolVersion() {
    try (InputStream in = Bundle.class.getResourceAsStream("archive.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "dev";
  }

  /** The image operations a bundle needs (a seam for tests; production uses the engine). */
  interface ImageStore {
    Optional<ImageInfo> inspect(String ref);

    InputStream save(List<String> refs);

    void load(InputStream tar);

    String build(String tag, Path context, Build build, DeployListener listener);
  }

  private record EngineImages(Images images) implements ImageStore {
    @Override
    public Optional<ImageInfo> inspect(String ref) {
      return images.inspect(ref);
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
  }

  /**
   * Configures and writes a bundle. Mutable, not thread-safe; {@link #writeTo(Path)} may be called
   * more than once.
   */
  public static final class Creator {
    private final Stack stack;
    private final ImageStore images;
    private int level = DEFAULT_LEVEL;
    private int threads = Runtime.getRuntime().availableProcessors();
    private DeployListener listener = DeployListener.NONE;
    private boolean buildMissing = true;
    private Path projectDir = Path.of("");
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<InputStream> imageStreamFilter = UnaryOperator.identity();
    private int chunkSize = 1 << 20;

    Creator(Stack stack, ImageStore images) {
      this.stack = stack;
      this.images = images;
    }

    /**
     * @param value the deflate level, 0 (store) to 9 (smallest); default {@link #DEFAULT_LEVEL}
     * @return this creator
     */
    public Creator compressionLevel(int value) {
      if (value < 0 || value > 9) {
        throw new IllegalArgumentException("compression level " + value + " is not in 0..9");
      }
      this.level = value;
      return this;
    }

    /**
     * @param value how many threads compress; default: every available core
     * @return this creator
     */
    public Creator threads(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("threads " + value + " < 1");
      }
      this.threads = value;
      return this;
    }

    /**
     * @param value receives {@link DeployEvent.Progress} ({@code save images}: bytes of the image
     *     stream compressed so far of the estimated total), {@link DeployEvent.ActionStarted} /
     *     {@link DeployEvent.ActionCompleted} and the output of image builds
     * @return this creator
     */
    public Creator listener(DeployListener value) {
      this.listener = Objects.requireNonNull(value, "listener == null");
      return this;
    }

    /**
     * @param value whether an image missing on the engine is built when its service has a
     *     {@code build} (default true); when false, it is reported as missing
     * @return this creator
     */
    public Creator buildMissing(boolean value) {
      this.buildMissing = value;
      return this;
    }

    /**
     * @param value the folder that relative build contexts are relative to (default: the current
     *     folder), like the compose project folder
     * @return this creator
     */
    public Creator projectDirectory(Path value) {
      this.projectDir = Objects.requireNonNull(value, "projectDir == null");
      return this;
    }

    Creator clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Test seam: wraps the engine's image stream (e.g. to make it fail half-way). */
    Creator imageStreamFilter(UnaryOperator<InputStream> value) {
      this.imageStreamFilter = value;
      return this;
    }

    Creator chunkSize(int value) {
      this.chunkSize = value;
      return this;
    }

    /**
     * Writes the bundle. Images missing on the engine are built first (services with a
     * {@code build}) or reported, all at once, before anything is written. The zip is written as
     * a hidden temporary file next to {@code out} and renamed to {@code out} (replacing it) only
     * when complete.
     *
     * @param out the zip to write; its folder must exist
     * @return the manifest written into it
     * @throws MissingImagesException if images are missing and cannot be built
     * @throws ArchiveException if writing fails (nothing is left at {@code out} then)
     */
    public BundleManifest writeTo(Path out) {
      Objects.requireNonNull(out, "out == null");
      DeployListener l = DeployListener.safe(listener);
      Path target = out.toAbsolutePath().normalize();
      Path dir = target.getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw new ArchiveException("cannot write bundle " + target + ": the folder " + dir + " does not exist");
      }
      long start = System.nanoTime();
      Map<String, List<String>> refs = resolveImages(l);
      List<BundleManifest.Image> imageEntries = new ArrayList<>();
      List<ImageInfo> infos = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : refs.entrySet()) {
        ImageInfo info = images.inspect(e.getKey()).orElseThrow(() -> new MissingImagesException(
            List.of(e.getKey()), "image " + e.getKey() + " disappeared from the engine while the bundle was made"));
        infos.add(info);
        imageEntries.add(new BundleManifest.Image(e.getKey(), info.repoTags(), info.id(), info.size(), e.getValue()));
      }
      Map<String, byte[]> composeFiles = ComposeFiles.of(stack);
      List<BundleManifest.SecretEntry> secrets = SecretSpecs.of(stack);
      Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      String version = toolVersion();

      Path tmp;
      try {
        tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
      } catch (IOException e) {
        throw new ArchiveException("cannot write bundle " + target + ": cannot create a file in " + dir
            + " (" + Messages.describe(e) + "); check the folder is writable", e);
      }
      Thread cleanup = new Thread(() -> deleteQuietly(tmp), "onyx-bundle-cleanup");
      boolean hook = addHook(cleanup);
      boolean done = false;
      try {
        BundleManifest manifest;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ZipWriter zip = new ZipWriter(ch, ZipWriter.utc(created));
          List<BundleManifest.FileEntry> files = new ArrayList<>();
          for (Map.Entry<String, byte[]> f : composeFiles.entrySet()) {
            add(zip, files, COMPOSE_DIR + f.getKey(), f.getValue(), 0644);
          }
          add(zip, files, "scripts/load.sh", Scripts.lf(Scripts.loadSh(stack.name())), 0755);
          add(zip, files, "scripts/deploy.sh", Scripts.lf(Scripts.deploySh(stack.name(), secrets)), 0755);
          add(zip, files, "scripts/load.ps1", Scripts.crlf(Scripts.loadPs1(stack.name())), 0644);
          add(zip, files, "scripts/deploy.ps1", Scripts.crlf(Scripts.deployPs1(stack.name(), secrets)), 0644);
          files.add(writeImages(zip, new ArrayList<>(refs.keySet()), infos, l));
          add(zip, files, "README.md", Readme.readme(stack, target.getFileName().toString(), version, created.toString(), imageEntries, files, secrets), 0644);
          byte[] sums = Readme.sha256sums(files);
          add(zip, files, "SHA256SUMS", sums, 0644);
          manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, stack.name(), created, version,
              imageEntries, secrets, files);
          zip.add(BundleManifest.PATH, ManifestJson.write(manifest), 0644, level);
          zip.finish();
          zip.close();
          ch.force(true);
        }
        move(tmp, target);
        done = true;
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        l.onEvent(new DeployEvent.ActionCompleted("write bundle " + target.getFileName(), took));
        LOG.info("bundle {} written: {} images, {} files, {} bytes in {} ms", target, imageEntries.size(),
            manifest.files().size(), sizeOf(target), took.toMillis());
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
        if (hook) {
          try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
          } catch (IllegalStateException e) {
            // shutting down: the hook deletes the file
          }
        }
      }
    }

    /** @return image reference to the services using it, building or reporting missing images */
    private Map<String, List<String>> resolveImages(DeployListener l) {
      Map<String, List<String>> refs = new LinkedHashMap<>();
      List<String> missing = new ArrayList<>();
      Set<String> checked = new HashSet<>();
      for (Service s : stack.services()) {
        String ref = s.image().orElse(stack.name() + "-" + s.name());
        refs.computeIfAbsent(ref, k -> new ArrayList<>()).add(s.name());
        if (!checked.add(ref)) {
          continue;
        }
        if (images.inspect(ref).isPresent()) {
          continue;
        }
        if (s.build().isPresent() && buildMissing) {
          Build b = s.build().get();
          if (b.context().contains("://") || b.context().startsWith("git@")) {
            missing.add(ref + " (service " + s.name() + ": cannot build from the remote context " + b.context() + ")");
            continue;
          }
          Path context = projectDir.resolve(b.context()).toAbsolutePath().normalize();
          String action = "build image " + ref + " of service " + s.name();
          l.onEvent(new DeployEvent.ActionStarted(action));
          long t0 = System.nanoTime();
          images.build(ref, context, b, l);
          l.onEvent(new DeployEvent.ActionCompleted(action, Duration.ofNanos(System.nanoTime() - t0)));
        } else {
          missing.add(ref + " (service " + s.name() + (s.build().isPresent() ? ", building disabled)" : ", no build)"));
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
      zip.add(path, data, mode, level);
      files.add(new BundleManifest.FileEntry(path, data.length, ParallelDeflater.hex(sha.digest(data))));
    }

    private BundleManifest.FileEntry writeImages(ZipWriter zip, List<String> refs,
        List<ImageInfo> infos, DeployListener l) throws IOException {
      long estimate = estimate(infos);
      String action = "save images " + String.join(", ", refs);
      l.onEvent(new DeployEvent.ActionStarted(action));
      long t0 = System.nanoTime();
      ParallelDeflater.Result r;
      try (InputStream raw = images.save(refs); InputStream in = imageStreamFilter.apply(raw)) {
        OutputStream entry = zip.beginStreamed(IMAGES_ENTRY, 0644);
        long[] last = {0};
        r = new ParallelDeflater(level, threads, chunkSize).deflate(in, entry, done -> {
          if (done - last[0] >= 8 << 20) {
            last[0] = done;
            l.onEvent(new DeployEvent.Progress("save images", done, Math.max(estimate, done)));
          }
        });
        zip.endStreamed(r.crc(), r.size(), r.compressedSize());
      }
      l.onEvent(new DeployEvent.Progress("save images", r.size(), r.size()));
      l.onEvent(new DeployEvent.ActionCompleted(action, Duration.ofNanos(System.nanoTime() - t0)));
      return new BundleManifest.FileEntry(IMAGES_ENTRY, r.size(), r.sha256());
    }
  }

  /**
   * The size of the image stream, estimated: each image's size shared out over its layers, layers
   * already counted for an earlier image left out (a base shared by two images is saved once).
   */
  static long estimate(List<ImageInfo> infos) {
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (ImageInfo i : infos) {
      int n = i.layers().size();
      if (n == 0) {
        total += i.size();
        continue;
      }
      long fresh = i.layers().stream().filter(seen::add).count();
      total += i.size() * fresh / n;
    }
    return total;
  }

  /** Configures and runs a load. Mutable, not thread-safe. */
  public static final class Loader {
    private final Path bundle;
    private final DockerEngine engine;
    private final ImageStore images;
    private DeployListener listener = DeployListener.NONE;
    private Optional<String> project = Optional.empty();
    private Duration timeout = Duration.ofMinutes(10);

    Loader(Path bundle, DockerEngine engine, ImageStore images) {
      this.bundle = bundle;
      this.engine = engine;
      this.images = images;
    }

    /**
     * @param value receives progress ({@code verify bundle}, {@code load images}) and, when
     *     deploying, the engine backend's events
     * @return this loader
     */
    public Loader listener(DeployListener value) {
      this.listener = Objects.requireNonNull(value, "listener == null");
      return this;
    }

    /**
     * Asks for a deploy after extracting: the extracted compose project is read back and deployed
     * with the engine backend under this project name (waiting for health, like
     * {@code docker compose up -d --wait}).
     *
     * @param projectName the compose project name
     * @return this loader
     */
    public Loader deployAs(String projectName) {
      this.project = Optional.of(Objects.requireNonNull(projectName, "projectName == null"));
      return this;
    }

    /**
     * @param value how long a deploy may take until every service is running or healthy (default 10 minutes)
     * @return this loader
     */
    public Loader timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout == null");
      return this;
    }

    /**
     * Verifies the bundle, loads its images, and extracts the compose project into {@code dir}
     * (created if needed; files of the bundle replace files of the same name), with
     * {@code .env} and the generated secrets made when missing (existing values are kept); then
     * deploys it if {@link #deployAs(String)} was called.
     *
     * @param dir the folder for the compose project
     * @return what was done
     * @throws BundleVerificationException if the bundle fails verification (nothing is imported or extracted)
     * @throws ArchiveException if loading fails
     */
    public LoadResult extractTo(Path dir) {
      return run(Optional.of(Objects.requireNonNull(dir, "dir == null")));
    }

    /**
     * Verifies the bundle and loads its images, extracting nothing.
     *
     * @return what was done
     * @throws BundleVerificationException if the bundle fails verification (nothing is imported)
     * @throws IllegalStateException if a deploy was asked for (it needs a folder)
     */
    public LoadResult imagesOnly() {
      if (project.isPresent()) {
        throw new IllegalStateException("deploying needs a folder for the compose project: use extractTo(dir)");
      }
      return run(Optional.empty());
    }

    private LoadResult run(Optional<Path> dir) {
      long start = System.nanoTime();
      DeployListener l = DeployListener.safe(listener);
      BundleReader reader = new BundleReader(bundle, l);
      VerifyReport report = reader.verify();
      BundleManifest m = report.manifest();
      if (m.file(IMAGES_ENTRY).isEmpty()) {
        throw new BundleVerificationException(IMAGES_ENTRY, bundle + " has no " + IMAGES_ENTRY, null);
      }
      long total = m.file(IMAGES_ENTRY).get().size();
      String action = "load images from " + bundle.getFileName();
      l.onEvent(new DeployEvent.ActionStarted(action));
      long t0 = System.nanoTime();
      reader.read(IMAGES_ENTRY, in -> images.load(new CountingInput(in, total, l)));
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
      if (dir.isPresent()) {
        Path root = dir.get().toAbsolutePath().normalize();
        files = reader.extract(m, COMPOSE_DIR, root);
        try {
          generated = SecretFiller.fill(root, m.secrets());
        } catch (IOException e) {
          throw new ArchiveException("writing the secrets of " + root + " failed: " + e.getMessage(), e);
        }
        if (project.isPresent()) {
          Deploy.run(engine, root, project.get(), timeout, l);
          deployed = project;
        }
      }
      return new LoadResult(bundle, m, m.images(), dir.map(p -> p.toAbsolutePath().normalize()), files,
          generated, deployed, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Counts the bytes of the image stream for progress events. */
  private static final class CountingInput extends FilterInputStream {
    private final long total;
    private final DeployListener listener;
    private long count;
    private long last;

    CountingInput(InputStream in, long total, DeployListener listener) {
      super(in);
      this.total = total;
      this.listener = listener;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        progress(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        progress(n);
      }
      return n;
    }

    private void progress(int n) {
      count += n;
      if (count - last >= 8 << 20 || count == total) {
        last = count;
        listener.onEvent(new DeployEvent.Progress("load images", count, total));
      }
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

  private static void deleteQuietly(Path p) {
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
