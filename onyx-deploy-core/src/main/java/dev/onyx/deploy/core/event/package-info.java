/**
 * The listener API every backend reports through: {@link dev.onyx.deploy.core.event.DeployListener}
 * and the typed {@link dev.onyx.deploy.core.event.DeployEvent}s.
 */
package dev.onyx.deploy.core.event;
