/**
 * Helpers the onyx-deploy modules share. Not part of the API: they may change in any release.
 */
@NullMarked
package dev.onyx.deploy.core.internal;

import org.jspecify.annotations.NullMarked;
