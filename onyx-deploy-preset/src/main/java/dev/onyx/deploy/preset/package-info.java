/**
 * The Onyx preset: the real Onyx stack (upstream v4.6.1's {@code docker-compose.yml}, or the
 * classic seven-service layout) as a {@link dev.onyx.deploy.core.Stack} in one call, with options
 * for images, resources, GPUs, TLS, logging and the file store; the nginx configuration computed
 * from the model; and memory/CPU advice for Windows hosts. Start at {@link
 * dev.onyx.deploy.preset.OnyxStack}.
 */
@NullMarked
package dev.onyx.deploy.preset;

import org.jspecify.annotations.NullMarked;
