package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What a stack's services take from the deploying machine, resolved exactly as
 * {@link DockerEngine#apply} resolves it: each service's environment (env files, variables of this
 * process, values of secrets fed to variables), the contents of secret and config files, and the
 * values of generated secrets, kept stable across deploys in the state folder
 * ({@code STATE/PROJECT/secrets/NAME}, see {@link DeployOptions#withStateDir}).
 *
 * <p>For the other onyx-deploy backends (the Swarm backend makes its secrets, configs and service
 * environments from it). Holds secret values: never print what it returns. Not thread-safe.
 */
public final class StackInputs {
  private final Resolver resolver;

  private StackInputs(Resolver resolver) {
    this.resolver = resolver;
  }

  /**
   * @param stack the stack
   * @param workingDir the project folder relative paths are resolved against
   * @param stateDir the folder generated secret values are kept in
   * @param kept where a generated value found in no state folder may still be read back (e.g. from
   *     what is deployed); empty when it is nowhere
   * @param readOnly for dry runs: a generated value found nowhere is made up but not kept
   * @return the inputs of that stack
   */
  public static StackInputs of(Stack stack, Path workingDir, Path stateDir,
      BiFunction<Stack, Secret, Optional<String>> kept, boolean readOnly) {
    Objects.requireNonNull(stack, "stack == null");
    return new StackInputs(new Resolver(stack, workingDir.toAbsolutePath(),
        new SecretStore(stateDir.toAbsolutePath(), kept, readOnly)));
  }

  /** @return the state folder {@link DeployOptions#defaults()} uses: {@code ~/.onyx-deploy} */
  public static Path defaultStateDir() {
    return SecretStore.defaultStateDir();
  }

  /**
   * @param service a service of the stack
   * @return its environment as {@code KEY=VALUE}, secret values included
   * @throws DeployException naming the service when an env file, variable or secret is missing
   */
  public List<String> environment(Service service) {
    return resolver.environment(service);
  }

  /**
   * @param name a secret of the stack
   * @param user the service that uses it (named in errors)
   * @return its content
   * @throws DeployException when its file or variable is missing
   */
  public byte[] secret(String name, Service user) {
    return resolver.secretValue(name, user);
  }

  /**
   * @param name a config of the stack
   * @param user the service that uses it (named in errors)
   * @return its content
   * @throws DeployException when its file is missing
   */
  public byte[] config(String name, Service user) {
    return resolver.configValue(name, user);
  }

  /**
   * @param service a service
   * @return the uid and gid its secret files belong to by default: its numeric {@code user}, else root
   */
  public static int[] secretOwner(Service service) {
    return Resolver.ownerOf(service);
  }
}
