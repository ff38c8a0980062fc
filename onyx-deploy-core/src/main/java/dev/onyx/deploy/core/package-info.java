/**
 * The stack model: immutable values ({@link dev.onyx.deploy.core.Stack},
 * {@link dev.onyx.deploy.core.Service}, {@link dev.onyx.deploy.core.Volume}, ...) with builders that
 * validate, the {@link dev.onyx.deploy.core.DependencyGraph}, and the exception hierarchy rooted at
 * {@link dev.onyx.deploy.core.OnyxDeployException}. Depends on the JDK and slf4j-api only.
 *
 * <h2>Nulls: the convention of every onyx-deploy package</h2>
 * Every package of every module is {@link org.jspecify.annotations.NullMarked @NullMarked}
 * (JSpecify): a type without an annotation never holds null, and the few places where null is
 * really allowed say so with {@link org.jspecify.annotations.Nullable @Nullable}. Arguments are
 * checked with {@code requireNonNull} (a null is refused at once, naming the argument); an absent
 * value is an {@link java.util.Optional} or an empty collection, never null. The one null in the
 * model is a value of {@link dev.onyx.deploy.core.Service#environment()}: "taken from the deploying
 * environment", as in compose. Tools that read JSpecify (NullAway, IntelliJ IDEA, the Kotlin
 * compiler) check callers against these annotations.
 */
@NullMarked
package dev.onyx.deploy.core;

import org.jspecify.annotations.NullMarked;
