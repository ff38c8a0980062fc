package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.core.internal.ParallelDeflater;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ImageInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Offline bundles: one zip with every image of a stack, its compose project, checksums, scripts and
 * a README, to install the stack on a machine that cannot reach a registry (an air-gapped server, a
 * Windows laptop with Docker Desktop).
 *
 * <pre>
 * try (DockerEngine engine = DockerEngine.connect()) {
 *   BundleManifest m = Bundle.create(stack, engine, Path.of("shop-1.0.zip"),
 *       BundleOptions.defaults().withListener(DeployListener.logging()));
 *
 *   Bundle.verify(Path.of("shop-1.0.zip"));                 // throws BundleVerificationException
 *   LoadResult r = Bundle.load(Path.of("shop-1.0.zip"), engine, LoadOptions.defaults()
 *       .withExtractTo(Path.of("/opt/shop"))
 *       .withDeployAs("shop"));                               // optional: deploy with the engine backend
 *
 *   // an upgrade that carries only the layers shop-1.0.zip does not hold
 *   Bundle.create(stack2, engine, Path.of("shop-1.1.zip"), BundleOptions.defaults()
 *       .withSince(Path.of("shop-1.0.zip")));
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
 *   <li>{@code manifest.json} (last): format version, stack, creation time, tool version, the
 *       oldest Docker Compose the project needs, images (reference, tags, id, size, layers), secrets
 *       (names and the rules their values are made by, never values), every file with its size and
 *       SHA-256; for an incremental bundle, its base and per image the layers expected on the target.</li>
 * </ul>
 *
 * <p><b>Incremental bundles.</b> Made on an earlier bundle ({@link BundleOptions#withSince(Path)}) or
 * on a target's layer inventory ({@link #inventory}, {@link BundleOptions#withSince(LayerInventory)}),
 * the image stream leaves out the file of every layer the target already holds; {@code docker load}
 * then takes those layers from the engine (measured on Docker 20.10: the same image ids). Loading
 * one where the base is missing is refused before anything is loaded, naming the base
 * ({@link MissingBaseException}), by {@link #load} and by the scripts alike.
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
 * the final path; the work files a killed create left behind are removed by the next create to the
 * same file. ZIP64 records are added when an entry or the zip passes 4 GiB.
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

  private Bundle() {
  }

  /**
   * Writes a bundle with the default options ({@link BundleOptions#defaults()}).
   *
   * @param stack the stack to bundle
   * @param engine the engine holding (or building, or pulling) the stack's images
   * @param out the zip to write; its folder must exist
   * @return the manifest written into it
   * @throws MissingImagesException if images are missing and cannot be built or pulled
   * @throws ArchiveException if writing fails (nothing is left at {@code out} then)
   */
  public static BundleManifest create(Stack stack, DockerEngine engine, Path out) {
    return create(stack, engine, out, BundleOptions.defaults());
  }

  /**
   * Writes a bundle. Images missing on the engine are built (services with a {@code build}) or
   * pulled (by pull policy) first, or reported, all at once, before anything is written. The zip is
   * written as a hidden temporary file next to {@code out} and renamed to {@code out} (replacing it)
   * only when complete.
   *
   * @param stack the stack to bundle
   * @param engine the engine holding (or building, or pulling) the stack's images
   * @param out the zip to write; its folder must exist
   * @param options compression, listener, pulls, compose variables, incremental base
   * @return the manifest written into it
   * @throws MissingImagesException if images are missing and cannot be built or pulled
   * @throws dev.onyx.deploy.docker.ImageTransferException if a pull fails (nothing is written)
   * @throws ArchiveException if writing fails (nothing is left at {@code out} then)
   */
  public static BundleManifest create(Stack stack, DockerEngine engine, Path out, BundleOptions options) {
    Objects.requireNonNull(stack, "stack == null");
    Objects.requireNonNull(engine, "engine == null");
    Objects.requireNonNull(out, "out == null");
    Objects.requireNonNull(options, "options == null");
    return new BundleWriter(stack, ImageStore.of(engine.images()), options).writeTo(out);
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
   * @return its id: {@code sha256:} and the SHA-256 of its manifest (which lists every file's
   *     SHA-256), the name an incremental bundle made on it gives its base
   * @throws BundleVerificationException if an entry path is unsafe or the manifest is bad
   */
  public static String id(Path bundle) {
    Objects.requireNonNull(bundle, "bundle == null");
    return new BundleReader(bundle, DeployListener.NONE).id();
  }

  /**
   * Loads a bundle's images, extracting nothing ({@link LoadOptions#defaults()}).
   *
   * @param bundle the zip
   * @param engine the engine to load the images into
   * @return what was done
   * @throws BundleVerificationException if the bundle fails verification (nothing is imported)
   * @throws MissingBaseException if it is incremental and its base is not on the engine (nothing is imported)
   */
  public static LoadResult load(Path bundle, DockerEngine engine) {
    return load(bundle, engine, LoadOptions.defaults());
  }

  /**
   * Verifies the bundle, checks that the engine holds an incremental bundle's base, loads its images,
   * and, as the options ask, extracts the compose project (with {@code .env} and the generated
   * secrets made when missing) and deploys it.
   *
   * @param bundle the zip
   * @param engine the engine to load the images into (and deploy to)
   * @param options extraction, deploy, listener
   * @return what was done
   * @throws BundleVerificationException if the bundle fails verification (nothing is imported or extracted)
   * @throws MissingBaseException if it is incremental and its base is not on the engine (nothing is imported)
   * @throws ArchiveException if loading fails
   */
  public static LoadResult load(Path bundle, DockerEngine engine, LoadOptions options) {
    Objects.requireNonNull(bundle, "bundle == null");
    Objects.requireNonNull(engine, "engine == null");
    Objects.requireNonNull(options, "options == null");
    return new BundleLoader(bundle, engine, ImageStore.of(engine.images()), options).run();
  }

  /**
   * Takes the inventory of an engine's images and their layers, to carry to the machine that makes
   * the next bundle ({@link BundleOptions#withSince(LayerInventory)}).
   *
   * @param engine the target engine
   * @return its inventory
   */
  public static LayerInventory inventory(DockerEngine engine) {
    Objects.requireNonNull(engine, "engine == null");
    return inventory(ImageStore.of(engine.images()), "Docker " + engine.engineVersion() + " at " + engine.config().host(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  static LayerInventory inventory(ImageStore images, String engine, Instant now) {
    List<LayerInventory.Image> out = new ArrayList<>();
    for (ImageInfo i : images.list()) {
      out.add(new LayerInventory.Image(i.id(), i.repoTags(), i.layers()));
    }
    return LayerInventory.of(engine, now, out);
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
}
