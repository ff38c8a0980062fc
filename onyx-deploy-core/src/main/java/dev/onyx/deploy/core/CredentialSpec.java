package dev.onyx.deploy.core;

import java.util.Optional;

/**
 * Where a Windows container finds its managed service account's credential spec, like a service's
 * {@code credential_spec}: one of a config, a file or a registry value.
 *
 * @param config the name of a stack config holding it ({@code config})
 * @param file a file in the engine's {@code CredentialSpecs} folder ({@code file})
 * @param registry a registry value name ({@code registry})
 */
public record CredentialSpec(Optional<String> config, Optional<String> file, Optional<String> registry) {
  /** Checks for nulls. */
  public CredentialSpec {
    Checks.notNull(config, "config");
    Checks.notNull(file, "file");
    Checks.notNull(registry, "registry");
  }
}
