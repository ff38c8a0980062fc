/**
 * Internals shared by several onyx-deploy modules (the bundle and backup archives' parallel
 * compression). Not part of the public API: names and signatures here may change in any release.
 */
@NullMarked
package dev.onyx.deploy.core.internal;

import org.jspecify.annotations.NullMarked;
