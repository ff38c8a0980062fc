package dev.onyx.deploy.swarm;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.internal.ObjectNames;

/** {@code docker stack}'s names and labels, and this backend's own labels. */
final class Names {
  /** The stack a service, network, secret or config belongs to ({@code docker stack}'s label). */
  static final String NAMESPACE = "com.docker.stack.namespace";
  /** The image a service was deployed from ({@code docker stack}'s label). */
  static final String IMAGE = "com.docker.stack.image";
  /** A service's spec hash: equal means nothing to change. */
  static final String SPEC_HASH = "dev.onyx.deploy.spec-hash";
  /** Short hashes of the parts of a service's spec, so a plan can say what changed. */
  static final String SPEC_PARTS = "dev.onyx.deploy.spec-parts";
  /** The hash of the task template, on containers: tells a task of the wanted spec from older ones. */
  static final String TASK_HASH = "dev.onyx.deploy.task-hash";
  /** The manager's image id a service's image was pushed from (registry mode). */
  static final String IMAGE_ID = "dev.onyx.deploy.image-id";
  /** The service's dependencies as compose writes them ({@code db:service_healthy:false}). */
  static final String DEPENDS_ON = "com.docker.compose.depends_on";
  /** A secret's or config's name in the stack. */
  static final String OBJECT_NAME = "dev.onyx.deploy.name";
  /** The SHA-256 of a secret's or config's content. */
  static final String CONTENT_HASH = "dev.onyx.deploy.content-hash";
  /** Marks a secret whose value was generated (kept across deploys). */
  static final String GENERATED = "dev.onyx.deploy.generated";
  /** Marks the short-lived job services that check images on the nodes; the value is the stack. */
  static final String IMAGE_CHECK = "dev.onyx.deploy.image-check";

  private Names() {
  }

  static String service(String stack, String service) {
    return stack + "_" + service;
  }

  static String network(Stack stack, String name) {
    return ObjectNames.network(stack, name);
  }

  static String volume(Stack stack, String name) {
    return ObjectNames.volume(stack, name);
  }

  /** A secret's or config's object name: {@code STACK_NAME_HASH8}. */
  static String object(String stack, String name, String contentHash) {
    return stack + "_" + name + "_" + contentHash.substring(0, 8);
  }
}
