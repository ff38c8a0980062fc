/**
 * The listener API every backend reports through: {@link dev.onyx.deploy.core.event.DeployListener}
 * and the typed {@link dev.onyx.deploy.core.event.DeployEvent}s.
 */
@NullMarked
package dev.onyx.deploy.core.event;

import org.jspecify.annotations.NullMarked;
