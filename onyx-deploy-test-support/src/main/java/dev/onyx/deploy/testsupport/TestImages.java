package dev.onyx.deploy.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images for the tests, made on this machine: no registry is ever asked for one.
 *
 * <ul>
 *   <li>{@link #busybox()}: {@value #BUSYBOX}, about 2 MB, made in a moment from the host's static
 *       busybox ({@code /bin/busybox} from Debian's {@code busybox-static}).</li>
 *   <li>{@link #debianBase()}: {@value #DEBIAN}, a minimal Debian 12 made with {@code debootstrap}
 *       (about 75 s, once).</li>
 *   <li>{@link #realServices()}: {@value #SERVICES}, that Debian with PostgreSQL, Redis and nginx
 *       installed from Debian's mirror by a classic {@code docker build} (about 45 s more, once).</li>
 * </ul>
 *
 * <p>Each method returns the image's tag and makes the image only when the engine lacks that tag, so
 * later calls (and later runs) cost one inspect. They are thread-safe and also safe across test JVMs
 * running at once: a build holds both a JVM lock and an exclusive lock on the file
 * {@code ${java.io.tmpdir}/onyx-test-images.lock}, and checks the tag again once it holds them.
 *
 * <p>These helpers may run host programs ({@code busybox --list}, {@code debootstrap}, {@code tar}):
 * tests may shell out, the library itself never does. {@code scripts/engine-up} installs them.
 */
public final class TestImages {

    /** Tag of the tiny busybox image; its default command is {@code sh}. */
    public static final String BUSYBOX = "onyx-test/busybox:1";
    /** Tag of the minimal Debian 12 (bookworm) image. */
    public static final String DEBIAN = "onyx-test/debian:bookworm";
    /** Tag of the image with PostgreSQL, Redis, nginx, procps, curl and ca-certificates. */
    public static final String SERVICES = "onyx-test/services:1";

    /** Label set on the images made here, with the image's short name as value. */
    public static final String LABEL = "dev.onyx.deploy.test-image";

    private static final Logger LOG = LoggerFactory.getLogger(TestImages.class);

    private static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
    private static final long FIXED_MTIME = 1_704_067_200_000L; // 2024-01-01T00:00:00Z: same bytes, same layer
    private static final String FIXED_CREATED = "2024-01-01T00:00:00Z";

    /** Applets linked in /bin even where {@code busybox --list} cannot be run. */
    private static final List<String> BASE_APPLETS = List.of(
            "sh", "ash", "sleep", "httpd", "wget", "nc", "cat", "echo", "touch", "test", "[", "ls", "mkdir",
            "rm", "rmdir", "env", "true", "false", "printf", "id", "hostname", "ps", "kill", "grep", "head",
            "tail", "sed", "chmod", "chown", "cp", "mv", "ln", "date", "pwd", "wc", "sort", "uniq", "tr",
            "cut", "awk", "find", "xargs", "tee", "du", "df", "stat", "uname", "whoami", "which", "nslookup",
            "ping", "ip", "ifconfig", "netstat", "timeout", "seq", "yes", "basename", "dirname", "readlink",
            "realpath", "tar", "gzip", "gunzip", "md5sum", "sha256sum", "vi", "more", "less", "watch", "usleep",
            "mktemp", "sync", "nohup", "pidof", "pgrep", "pkill", "top", "free", "uptime", "dd", "od", "hexdump",
            "expr", "sha1sum", "diff", "cmp", "mount", "umount", "su", "nproc");

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static FileChannel lockChannel;
    private static FileLock fileLock;

    private TestImages() {
    }

    /**
     * Makes sure {@value #BUSYBOX} exists and returns its tag.
     *
     * <p>The image is one layer built here in Java: {@code /bin/busybox} copied from the host (it must be
     * statically linked) with a link in {@code /bin} for each applet, {@code /usr/bin/env}, {@code /tmp}
     * and {@code /var/tmp} (mode 1777), {@code /root}, {@code /var/run}, and an {@code /etc/passwd} and
     * {@code /etc/group} that know {@code root} (0) and {@code nobody} (65534). It is loaded through the
     * API in {@code docker save} format, so that its config sets {@code PATH} and {@code Cmd ["sh"]}.
     *
     * @return {@value #BUSYBOX}
     */
    public static String busybox() {
        return ensure(BUSYBOX, TestImages::buildBusybox);
    }

    /**
     * Makes sure {@value #DEBIAN} exists and returns its tag.
     *
     * <p>When it is missing, {@code debootstrap --variant=minbase bookworm DIR MIRROR} makes a root file
     * system in a temporary folder (needs root; the mirror is {@value #DEFAULT_MIRROR} unless the
     * environment variable {@code ONYX_DEBIAN_MIRROR} names another), {@code tar} streams it to the
     * engine's import API, and the folder is deleted. About 75 s.
     *
     * @return {@value #DEBIAN}
     */
    public static String debianBase() {
        return ensure(DEBIAN, TestImages::buildDebian);
    }

    /**
     * Makes sure {@value #SERVICES} exists and returns its tag, making {@link #debianBase()} first when
     * needed.
     *
     * <p>It is built through the API by the classic builder from {@link #servicesDockerfile()}: PostgreSQL
     * 15 (with {@code /usr/lib/postgresql/15/bin} on {@code PATH}), {@code redis-server},
     * {@code nginx-light}, {@code procps}, {@code curl} and {@code ca-certificates}, installed from Debian's
     * mirror. Its default command is {@code bash}; no service starts by itself.
     *
     * @return {@value #SERVICES}
     */
    public static String realServices() {
        return ensure(SERVICES, () -> {
            ensure(DEBIAN, TestImages::buildDebian);
            buildServices();
        });
    }

    /**
     * Returns the Dockerfile that {@link #realServices()} builds.
     *
     * @return the Dockerfile's text
     */
    public static String servicesDockerfile() {
        return "FROM " + DEBIAN + "\n"
                + "ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                + " LANG=C.UTF-8\n"
                // No service may start during the install: there is no init in a build container.
                + "RUN printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \\\n"
                + " && export DEBIAN_FRONTEND=noninteractive \\\n"
                + " && apt-get update \\\n"
                + " && apt-get install -y --no-install-recommends postgresql redis-server nginx-light procps curl"
                + " ca-certificates \\\n"
                + " && rm -rf /var/lib/apt/lists/*\n"
                + "LABEL " + LABEL + "=services\n"
                + "CMD [\"bash\"]\n";
    }

    /**
     * Imports a root file system, given as a tar stream, as a one-layer image: the engine API's
     * {@code POST /images/create?fromSrc=-} (what {@code docker import} does), sent through
     * {@link TestEngine#httpClient()} because docker-java 3.7.0's {@code createImageCmd(repo, stream)}
     * sends an empty JSON body instead of the stream. The stream is read to its end but not closed.
     *
     * @param rootfsTar the tar of the root file system
     * @param tag the image's {@code repository:tag}
     * @param changes Dockerfile instructions applied to the image config, e.g. {@code CMD ["sh"]}
     * @return the engine's answer (a JSON progress stream ending with the image id)
     * @throws IllegalStateException when the engine refuses the import
     */
    public static String importTar(InputStream rootfsTar, String tag, String... changes) {
        int colon = tag.lastIndexOf(':');
        if (colon <= 0 || tag.indexOf('/', colon) >= 0) {
            throw new IllegalArgumentException("tag must be repository:tag, got " + tag);
        }
        StringBuilder path = new StringBuilder("/images/create?fromSrc=-")
                .append("&repo=").append(urlEncode(tag.substring(0, colon)))
                .append("&tag=").append(urlEncode(tag.substring(colon + 1)));
        for (String change : changes) {
            path.append("&changes=").append(urlEncode(change));
        }
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path(path.toString())
                .putHeader("Content-Type", "application/x-tar")
                .body(new FilterInputStream(rootfsTar) {
                    @Override
                    public void close() {
                        // the caller owns the stream
                    }
                })
                .build();
        try (DockerHttpClient.Response response = TestEngine.httpClient().execute(request)) {
            String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (response.getStatusCode() / 100 != 2 || body.contains("\"errorDetail\"")
                    || body.contains("\"error\"")) {
                throw new IllegalStateException("the engine refused to import " + tag + ": status "
                        + response.getStatusCode() + ": " + body.trim());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("importing " + tag + ": " + e.getMessage(), e);
        }
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Tells whether the engine has an image with this tag (or id).
     *
     * @param image a tag such as {@value #BUSYBOX}, or an image id
     * @return true when the engine knows it
     */
    public static boolean exists(String image) {
        try {
            TestEngine.client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Locking and caching

    @FunctionalInterface
    private interface Build {
        void run() throws IOException, InterruptedException;
    }

    private static String ensure(String tag, Build build) {
        if (exists(tag)) {
            return tag;
        }
        lock();
        try {
            if (exists(tag)) {
                LOG.info("test image {} was made meanwhile by another test", tag);
                return tag;
            }
            LOG.info("making test image {} (once; later runs reuse it)", tag);
            long t0 = System.nanoTime();
            try {
                build.run();
            } catch (IOException e) {
                throw new UncheckedIOException("could not make test image " + tag + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while making test image " + tag, e);
            }
            if (!exists(tag)) {
                throw new IllegalStateException("made test image " + tag + " but the engine does not know that tag");
            }
            LOG.info("made test image {} in {} s", tag, (System.nanoTime() - t0) / 1_000_000_000L);
            return tag;
        } finally {
            unlock();
        }
    }

    private static void lock() {
        LOCK.lock();
        if (LOCK.getHoldCount() > 1) {
            return; // the file lock is held already, by this thread
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "onyx-test-images.lock");
        try {
            lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = lockChannel.tryLock();
            if (l == null) {
                LOG.info("waiting for another test JVM that makes test images (lock {})", file);
                l = lockChannel.lock();
            }
            fileLock = l;
        } catch (IOException e) {
            LOG.warn("cannot lock {} ({}); test JVMs running at once may build the same image twice", file,
                    e.toString());
            closeQuietly();
        }
    }

    private static void unlock() {
        try {
            if (LOCK.getHoldCount() == 1) {
                closeQuietly();
            }
        } finally {
            LOCK.unlock();
        }
    }

    private static void closeQuietly() {
        try {
            if (fileLock != null) {
                fileLock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("could not release the test image lock: {}", e.toString());
        } finally {
            fileLock = null;
            lockChannel = null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // busybox

    private static void buildBusybox() throws IOException, InterruptedException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isRegularFile(busybox)) {
            throw new IllegalStateException("/bin/busybox is missing: install Debian's busybox-static"
                    + " (scripts/engine-up does)");
        }
        byte[] binary = Files.readAllBytes(busybox.toRealPath());
        if (!isStaticElf(binary)) {
            throw new IllegalStateException("/bin/busybox is not a statically linked ELF binary: install Debian's"
                    + " busybox-static rather than busybox (scripts/engine-up does)");
        }
        Set<String> applets = new TreeSet<>(BASE_APPLETS);
        applets.addAll(listApplets(busybox));
        applets.remove("busybox");
        byte[] layer = busyboxLayer(binary, applets);
        String arch = TestEngine.client().versionCmd().exec().getArch();
        byte[] archive = saveFormat(layer, BUSYBOX, arch == null ? "amd64" : arch, "[\"sh\"]", "busybox",
                "TestImages.busybox(): the host's static /bin/busybox and " + applets.size() + " applet links");
        LOG.info("loading {} ({} applets, {} KB) through the API", BUSYBOX, applets.size(), archive.length / 1024);
        TestEngine.client().loadImageCmd(new ByteArrayInputStream(archive)).exec();
    }

    /** True for an ELF binary without a PT_INTERP program header, i.e. not dynamically linked. */
    static boolean isStaticElf(byte[] b) {
        if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
            return false;
        }
        boolean is64 = b[4] == 2;
        ByteBuffer buf = ByteBuffer.wrap(b).order(b[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long phoff = is64 ? buf.getLong(0x20) : Integer.toUnsignedLong(buf.getInt(0x1C));
        int phentsize = Short.toUnsignedInt(buf.getShort(is64 ? 0x36 : 0x2A));
        int phnum = Short.toUnsignedInt(buf.getShort(is64 ? 0x38 : 0x2C));
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at + 4 > b.length) {
                return false;
            }
            if (buf.getInt((int) at) == 3 /* PT_INTERP */) {
                return false;
            }
        }
        return true;
    }

    private static List<String> listApplets(Path busybox) throws InterruptedException {
        List<String> names = new ArrayList<>();
        try {
            Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                LOG.warn("busybox --list failed; linking only the {} usual applets", BASE_APPLETS.size());
                return names;
            }
            for (String line : out.split("\n")) {
                String name = line.trim();
                if (name.matches("[A-Za-z0-9_.\\[\\]+-]+")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot run busybox --list ({}); linking only the usual applets", e.toString());
        }
        return names;
    }

    private static byte[] busyboxLayer(byte[] binary, Set<String> applets) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(binary.length + 64 * 1024);
        try (TarArchiveOutputStream tar = newTar(bytes)) {
            for (String dir : List.of("bin", "etc", "home", "sbin", "usr", "usr/bin", "usr/sbin", "var",
                    "var/log", "var/run", "var/www")) {
                dir(tar, dir, 0755);
            }
            dir(tar, "root", 0700);
            dir(tar, "tmp", 01777);
            dir(tar, "var/tmp", 01777);
            file(tar, "bin/busybox", 0755, binary);
            for (String applet : applets) {
                symlink(tar, "bin/" + applet, "busybox");
            }
            if (!applets.contains("env")) {
                symlink(tar, "bin/env", "busybox");
            }
            symlink(tar, "usr/bin/env", "../../bin/busybox");
            file(tar, "etc/passwd", 0644, ("root:x:0:0:root:/root:/bin/sh\n"
                    + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n").getBytes(StandardCharsets.UTF_8));
            file(tar, "etc/group", 0644, ("root:x:0:\n"
                    + "nobody:x:65534:\n"
                    + "nogroup:x:65534:\n").getBytes(StandardCharsets.UTF_8));
            tar.finish();
        }
        return bytes.toByteArray();
    }

    /**
     * A {@code docker save} archive of a one-layer image: the layer, its config (with PATH and Cmd) and
     * the manifest that tags it.
     */
    private static byte[] saveFormat(byte[] layer, String tag, String arch, String cmdJson, String label,
            String createdBy) throws IOException {
        String layerDigest = sha256(layer);
        String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"created\":\"" + FIXED_CREATED + "\","
                + "\"config\":{\"Env\":[\"" + PATH_ENV + "\"],\"Cmd\":" + cmdJson + ","
                + "\"Labels\":{\"" + LABEL + "\":\"" + label + "\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + layerDigest + "\"]},"
                + "\"history\":[{\"created\":\"" + FIXED_CREATED + "\",\"created_by\":\"" + createdBy + "\"}]}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configName = sha256(configBytes) + ".json";
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + tag + "\"],"
                + "\"Layers\":[\"" + layerDigest + "/layer.tar\"]}]";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(layer.length + 16 * 1024);
        try (TarArchiveOutputStream tar = newTar(bytes)) {
            dir(tar, layerDigest, 0755);
            file(tar, layerDigest + "/layer.tar", 0644, layer);
            file(tar, configName, 0644, configBytes);
            file(tar, "manifest.json", 0644, manifest.getBytes(StandardCharsets.UTF_8));
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private static TarArchiveOutputStream newTar(ByteArrayOutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    private static void dir(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name + "/");
        own(e, mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        own(e, mode);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        own(e, 0777);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void own(TarArchiveEntry e, int mode) {
        e.setMode(mode);
        e.setIds(0, 0);
        e.setNames("root", "root");
        e.setModTime(new Date(FIXED_MTIME));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Debian and the real services

    private static void buildDebian() throws IOException, InterruptedException {
        String debootstrap = findProgram("debootstrap", "/usr/sbin/debootstrap", "/sbin/debootstrap");
        String mirror = System.getenv().getOrDefault("ONYX_DEBIAN_MIRROR", DEFAULT_MIRROR);
        Path rootfs = Files.createTempDirectory("onyx-debian-rootfs-");
        Path log = Files.createTempFile("onyx-debootstrap-", ".log");
        try {
            LOG.info("debootstrap --variant=minbase bookworm {} {} (about 75 s; log: {})", rootfs, mirror, log);
            Process p = new ProcessBuilder(debootstrap, "--variant=minbase", "bookworm", rootfs.toString(), mirror)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            int rc = await(p, Duration.ofMinutes(20), "debootstrap");
            if (rc != 0) {
                throw new IllegalStateException("debootstrap exited " + rc + " (it needs root and Debian's mirror);"
                        + " last lines of " + log + ":\n" + tail(log, 30));
            }
            LOG.info("importing the Debian root file system as {} through the API", DEBIAN);
            Process tar = new ProcessBuilder("tar", "--numeric-owner", "-C", rootfs.toString(), "-c", ".")
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            try (InputStream in = tar.getInputStream()) {
                importTar(in, DEBIAN, "ENV " + PATH_ENV, "LABEL " + LABEL + "=debian", "CMD [\"bash\"]");
            } catch (RuntimeException e) {
                tar.destroyForcibly();
                throw e;
            }
            int trc = await(tar, Duration.ofMinutes(5), "tar");
            if (trc != 0) {
                try {
                    TestEngine.client().removeImageCmd(DEBIAN).withForce(true).exec();
                } catch (NotFoundException ignored) {
                    // nothing was imported
                }
                throw new IllegalStateException("tar of the Debian root file system exited " + trc
                        + "; last lines of " + log + ":\n" + tail(log, 30));
            }
            Files.deleteIfExists(log);
        } finally {
            // --one-file-system: never follow into a /proc or /sys that a failed debootstrap left mounted.
            Process rm = new ProcessBuilder("rm", "-rf", "--one-file-system", rootfs.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            await(rm, Duration.ofMinutes(2), "rm -rf " + rootfs);
        }
    }

    private static void buildServices() throws IOException {
        Path context = Files.createTempDirectory("onyx-services-build-");
        Path dockerfile = context.resolve("Dockerfile");
        Files.writeString(dockerfile, servicesDockerfile());
        Deque<String> lastLines = new ArrayDeque<>();
        LOG.info("building {} FROM {} with the classic builder (apt-get from Debian's mirror; about 45 s)",
                SERVICES, DEBIAN);
        DockerClient client = TestEngine.client();
        try {
            client.buildImageCmd()
                    .withBaseDirectory(context.toFile())
                    .withDockerfile(dockerfile.toFile())
                    .withTags(Set.of(SERVICES))
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true)
                    .exec(new BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            String stream = item.getStream();
                            if (stream != null) {
                                for (String line : stream.split("\n")) {
                                    if (line.isBlank()) {
                                        continue;
                                    }
                                    synchronized (lastLines) {
                                        lastLines.addLast(line);
                                        if (lastLines.size() > 40) {
                                            lastLines.removeFirst();
                                        }
                                    }
                                    if (line.startsWith("Step ") || line.startsWith("Successfully")) {
                                        LOG.info("build {}: {}", SERVICES, line);
                                    } else {
                                        LOG.debug("build {}: {}", SERVICES, line);
                                    }
                                }
                            }
                            super.onNext(item);
                        }
                    })
                    .awaitImageId(30, TimeUnit.MINUTES);
        } catch (RuntimeException e) {
            String tail;
            synchronized (lastLines) {
                tail = String.join("\n", lastLines);
            }
            throw new IllegalStateException("building " + SERVICES + " failed: " + e.getMessage()
                    + "\nlast build output:\n" + tail, e);
        } finally {
            Files.deleteIfExists(dockerfile);
            Files.deleteIfExists(context);
        }
    }

    private static String findProgram(String name, String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: run scripts/engine-up (as root on Debian)");
    }

    private static int await(Process p, Duration timeout, String what) throws InterruptedException {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish within " + timeout.toMinutes() + " min");
        }
        return p.exitValue();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
