/**
 * The stack model: immutable values ({@link dev.onyx.deploy.core.Stack},
 * {@link dev.onyx.deploy.core.Service}, {@link dev.onyx.deploy.core.Volume}, ...) with builders that
 * validate, the {@link dev.onyx.deploy.core.DependencyGraph}, and the exception hierarchy rooted at
 * {@link dev.onyx.deploy.core.OnyxDeployException}. Depends on the JDK and slf4j-api only.
 *
 * <p>Every type here is null-hostile: arguments are checked with {@code requireNonNull}, absent
 * values are {@link java.util.Optional} or empty collections, never null (the one exception: a null
 * value in {@link dev.onyx.deploy.core.Service#environment()} means "taken from the deploying
 * environment", as in compose).
 */
package dev.onyx.deploy.core;
