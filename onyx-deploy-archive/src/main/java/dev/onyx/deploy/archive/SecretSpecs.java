package dev.onyx.deploy.archive;

import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Stack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the target must supply for each secret of a stack, in the compose project writer's layout:
 * generated and value secrets live in {@code secrets/NAME}; a secret a service reads from its
 * environment lives in a {@code .env} variable named as the compose writer names it (the secret's
 * name upper-cased, other characters than letters and digits turned into {@code _}, a suffix on a
 * clash or on a shell variable compose would take first: {@link ComposeProject#secretVariables}).
 */
final class SecretSpecs {
  private SecretSpecs() {
  }

  /** @return an entry for every secret of the stack, in declaration order */
  static List<BundleManifest.SecretEntry> of(Stack stack) {
    Set<String> viaEnv = new HashSet<>();
    stack.services().forEach(s -> viaEnv.addAll(s.secretEnvironment().values()));
    Map<String, String> vars = ComposeProject.secretVariables(stack);
    List<BundleManifest.SecretEntry> out = new ArrayList<>();
    for (Secret s : stack.secrets()) {
      boolean hasFile = s.source() == Secret.Source.GENERATED || s.source() == Secret.Source.VALUE;
      Optional<String> var = s.source() == Secret.Source.ENVIRONMENT || viaEnv.contains(s.name())
          ? Optional.of(vars.get(s.name())) : Optional.empty();
      out.add(new BundleManifest.SecretEntry(s.name(), s.source().name().toLowerCase(Locale.ROOT), s.rules(),
          hasFile ? Optional.of("secrets/" + s.name()) : Optional.empty(), var));
    }
    return out;
  }
}
