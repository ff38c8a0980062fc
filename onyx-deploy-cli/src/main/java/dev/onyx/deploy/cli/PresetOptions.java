package dev.onyx.deploy.cli;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.preset.FileStore;
import dev.onyx.deploy.preset.Layout;
import dev.onyx.deploy.preset.OnyxStack;
import dev.onyx.deploy.preset.ResourceProfile;
import dev.onyx.deploy.preset.Tls;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The Onyx preset's options as a picocli mixin, shared by the verbs that build the preset
 * ({@code compose}, {@code up --preset onyx}, {@code bundle create --preset onyx}):
 *
 * <pre>
 * &#64;Mixin PresetOptions preset;
 * ...
 * Stack stack = preset.stack();
 * </pre>
 *
 * <p>Every option maps to one {@link OnyxStack.Builder} method; unset options keep the builder's
 * defaults. {@code --tag} defaults to the environment variable {@code IMAGE_TAG} (as upstream's
 * compose file), else {@value OnyxStack#DEFAULT_TAG}.
 */
public final class PresetOptions {
  /** Which preset layout to build (as picocli enum values: {@code upstream}, {@code classic}). */
  @Option(names = "--layout", paramLabel = "upstream|classic", defaultValue = "upstream",
      converter = LayoutConverter.class,
      description = "Services: upstream (Onyx v4.6.1's compose file, default) or classic (the "
          + "seven-service plan without OpenSearch: no document search, for trying Onyx).")
  Layout layout = Layout.UPSTREAM;

  /**
   * The resource profile. Named {@code --resources} because {@code up} and {@code bundle create}
   * also take compose's {@code --profile}; {@code compose} (which reads no compose files) keeps
   * {@code --profile laptop|server} as an alias (see {@link ComposeCommand}).
   */
  @Option(names = "--resources", paramLabel = "laptop|server", converter = ProfileConverter.class,
      description = "Resource limits: laptop (Docker Desktop with 8 GB, default) or server "
          + "(upstream's resources overlay).")
  ResourceProfile profile = ResourceProfile.LAPTOP;

  @Option(names = "--with-logging", description = "Add the logging overlay as the compose profile "
      + "'logging': Elasticsearch, Filebeat and Kibana, which answers on http://127.0.0.1:5601/ "
      + "(this host only; see --kibana-port).")
  boolean withLogging;

  @Option(names = "--with-code-interpreter", description = "Add code-interpreter (mounts the Docker "
      + "socket and runs as root).")
  boolean withCodeInterpreter;

  @Option(names = "--gpu", description = "Reserve every NVIDIA GPU for the model servers.")
  boolean gpu;

  @Option(names = "--registry", paramLabel = "R",
      description = "Registry prefix for every image, e.g. mirror.local:5000/ (air-gapped mirrors).")
  String registry;

  @Option(names = "--tag", paramLabel = "T", defaultValue = "${env:IMAGE_TAG}",
      description = "Tag of Onyx's images (default: $IMAGE_TAG, else " + OnyxStack.DEFAULT_TAG + ").")
  String tag;

  @Option(names = "--name", paramLabel = "NAME", description = "Stack (compose project) name; "
      + "default " + OnyxStack.DEFAULT_NAME + ".")
  String name;

  @Option(names = "--http-port", paramLabel = "PORT", converter = Converters.Port.class,
      description = "Host port for HTTP (default 80).")
  @Nullable Integer httpPort;

  @Option(names = "--https-port", paramLabel = "PORT", converter = Converters.Port.class,
      description = "Host port for HTTPS with --tls-cert (default 443).")
  @Nullable Integer httpsPort;

  @Option(names = "--kibana-port", paramLabel = "PORT", converter = Converters.Port.class,
      description = "With --with-logging: host port for Kibana on 127.0.0.1 (default 5601).")
  @Nullable Integer kibanaPort;

  @Option(names = "--tls-cert", paramLabel = "FILE", converter = Converters.ExistingFile.class,
      description = "PEM certificate: serve HTTPS.")
  @Nullable String tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", converter = Converters.ExistingFile.class,
      description = "PEM private key for --tls-cert.")
  @Nullable String tlsKey;

  @Option(names = "--file-store", paramLabel = "s3|postgres", converter = FileStoreConverter.class,
      description = "Where Onyx keeps files: s3 (MinIO, upstream's default) or postgres.")
  FileStore fileStore;

  /**
   * @return the preset stack these options describe
   * @throws IllegalArgumentException for inconsistent options (e.g. a certificate without a key)
   */
  public Stack stack() {
    return builder().build();
  }

  /** @return a preset builder with these options applied, to change further before building */
  public OnyxStack.Builder builder() {
    OnyxStack.Builder b = OnyxStack.builder().layout(layout).profile(profile).withLogging(withLogging)
        .withCodeInterpreter(withCodeInterpreter).gpu(gpu);
    if (registry != null) {
      b.registry(registry);
    }
    if (tag != null && !tag.isBlank()) {
      b.tag(tag);
    }
    if (name != null) {
      b.name(name);
    }
    if (httpPort != null) {
      b.publishHttpPort(httpPort);
    }
    if (httpsPort != null) {
      b.publishHttpsPort(httpsPort);
    }
    if (kibanaPort != null) {
      if (!withLogging) {
        throw new IllegalArgumentException("--kibana-port needs --with-logging (Kibana is part of the logging overlay)");
      }
      b.publishKibanaPort(kibanaPort);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
    }
    if (tlsCert != null) {
      b.tls(Tls.ownCertificates(tlsCert, tlsKey));
    }
    if (fileStore != null) {
      b.fileStore(fileStore);
    }
    return b;
  }

  /** The name {@code --preset} takes for the Onyx preset (the only preset so far). */
  static final String ONYX = "onyx";

  /**
   * The stack of {@code --preset NAME} for a verb that otherwise reads compose files: the preset
   * built with these options, named by {@code -p} when given, narrowed by compose's
   * {@code --profile} when given (else every service is kept, as when reading files).
   *
   * @param preset the value of {@code --preset}
   * @param compose the verb's compose-file options (files must not be given with a preset)
   * @return the preset stack
   * @throws IllegalArgumentException for an unknown preset, or files given with it
   */
  Stack stackFor(String preset, ComposeInput compose) {
    if (!ONYX.equals(preset.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("unknown preset '" + preset + "' (expected " + ONYX + ")");
    }
    if (!compose.files.isEmpty() || !compose.envFiles.isEmpty()) {
      throw new IllegalArgumentException("--preset cannot be combined with -f/--env-file: the preset builds "
          + "the stack itself (write it with 'onyx-deploy compose' to edit it as files)");
    }
    OnyxStack.Builder b = builder();
    if (compose.projectName != null) {
      if (name != null && !name.equals(compose.projectName)) {
        throw new IllegalArgumentException("--name " + name + " and -p " + compose.projectName + " disagree; give one");
      }
      b.name(compose.projectName);
    }
    Stack stack = b.build();
    return compose.profiles.isEmpty() ? stack : stack.forProfiles(compose.profiles);
  }

  static final class LayoutConverter implements picocli.CommandLine.ITypeConverter<Layout> {
    @Override
    public Layout convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "upstream" -> Layout.UPSTREAM;
        case "classic" -> Layout.CLASSIC;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "invalid layout '" + value + "' (expected upstream or classic)");
      };
    }
  }

  static final class ProfileConverter implements picocli.CommandLine.ITypeConverter<ResourceProfile> {
    @Override
    public ResourceProfile convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "laptop" -> ResourceProfile.LAPTOP;
        case "server" -> ResourceProfile.SERVER;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "invalid profile '" + value + "' (expected laptop or server)");
      };
    }
  }

  static final class FileStoreConverter implements picocli.CommandLine.ITypeConverter<FileStore> {
    @Override
    public FileStore convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "s3", "minio", "s3_minio" -> FileStore.S3_MINIO;
        case "postgres" -> FileStore.POSTGRES;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "invalid file store '" + value + "' (expected s3 or postgres)");
      };
    }
  }
}
