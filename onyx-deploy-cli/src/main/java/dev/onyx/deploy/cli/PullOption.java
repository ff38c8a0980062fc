package dev.onyx.deploy.cli;

import dev.onyx.deploy.docker.PullPolicy;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --pull missing|always|never}, as {@code docker compose up --pull}: when the images are
 * pulled (with progress, credentials from {@code DOCKER_AUTH_CONFIG} or the Docker configuration).
 * A service's own {@code pull_policy} wins.
 */
final class PullOption {
  @Option(names = "--pull", paramLabel = "missing|always|never", defaultValue = "missing",
      converter = Converter.class,
      description = "Pull images: missing (default), always or never. A service's pull_policy wins.")
  PullPolicy policy = PullPolicy.MISSING;

  /** Reads the compose names, lower case. */
  static final class Converter implements ITypeConverter<PullPolicy> {
    @Override
    public PullPolicy convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "missing" -> PullPolicy.MISSING;
        case "always" -> PullPolicy.ALWAYS;
        case "never" -> PullPolicy.NEVER;
        default -> throw new TypeConversionException("'" + value + "' is not missing, always or never");
      };
    }
  }
}
