/**
 * The compose backend: {@link dev.onyx.deploy.compose.ComposeWriter} writes a
 * {@link dev.onyx.deploy.core.Stack} as Compose Specification YAML,
 * {@link dev.onyx.deploy.compose.ComposeProject} writes a whole compose project on disk, and
 * {@link dev.onyx.deploy.compose.ComposeReader} reads compose files back into a stack.
 * Bad input is a {@link dev.onyx.deploy.compose.ComposeFormatException} (file, line, column, path);
 * a stack that does not hold together a {@link dev.onyx.deploy.compose.ComposeValidationException}.
 */
@NullMarked
package dev.onyx.deploy.compose;

import org.jspecify.annotations.NullMarked;
