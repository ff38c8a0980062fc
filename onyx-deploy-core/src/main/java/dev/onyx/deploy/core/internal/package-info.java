/**
 * Helpers the onyx-deploy modules share (such as the bundle and backup archives' parallel
 * compression). Not part of the API: names and signatures here may change in any release.
 */
@NullMarked
package dev.onyx.deploy.core.internal;

import org.jspecify.annotations.NullMarked;
