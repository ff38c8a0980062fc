package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The pull step of an apply, run by {@link Deployer} before the apply starts: which images to pull
 * (each service's {@code pull_policy}, else the apply's {@link PullPolicy}; images of services with
 * a {@code build} are built later, not pulled, unless their own policy is {@code always}), then the
 * pulls, in parallel and bounded. A failed pull fails the apply before anything is created.
 */
final class ImagePuller {
  private final Deployer deployer;

  ImagePuller(Deployer deployer) {
    this.deployer = deployer;
  }

  /**
   * @param stack the stack about to be applied
   * @param options the apply's options (policy, registry options, listener)
   * @return the images pulled
   * @throws ImageTransferException naming every image that could not be pulled
   */
  List<String> pullFor(Stack stack, DeployOptions options) {
    Map<String, PullPolicy> wanted = policies(stack, options.pullPolicy());
    Map<String, CompletableFuture<Boolean>> present = new LinkedHashMap<>();
    wanted.forEach((ref, policy) -> {
      if (policy == PullPolicy.MISSING) {
        present.put(ref, CompletableFuture.supplyAsync(
            () -> deployer.engine.images().inspect(ref).isPresent(), deployer.pool));
      }
    });
    List<String> pull = new ArrayList<>();
    wanted.forEach((ref, policy) -> {
      if (policy == PullPolicy.ALWAYS || (policy == PullPolicy.MISSING && !Deployer.join(present.get(ref)))) {
        pull.add(ref);
      }
    });
    if (!pull.isEmpty()) {
      deployer.transfers().pullAll(pull, options.registryOptions(), DeployListener.safe(options.listener()),
          "for project " + stack.name());
    }
    return pull;
  }

  /** @return each image to consider (pulled or checked), with its effective policy, in stack order */
  static Map<String, PullPolicy> policies(Stack stack, PullPolicy defaultPolicy) {
    Map<String, PullPolicy> out = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      PullPolicy p = PullPolicy.of(s, defaultPolicy);
      if (p == PullPolicy.NEVER) {
        continue; // built by the apply when missing, or never pulled
      }
      String ref = Resolver.imageRef(stack, s);
      out.merge(ref, p, (a, b) -> a == PullPolicy.ALWAYS || b == PullPolicy.ALWAYS ? PullPolicy.ALWAYS : a);
    }
    return out;
  }
}
