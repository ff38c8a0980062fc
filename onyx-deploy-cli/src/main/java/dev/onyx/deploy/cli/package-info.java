/**
 * The {@code onyx-deploy} command line: {@link dev.onyx.deploy.cli.OnyxDeploy} and one class per
 * verb. Its exit statuses and messages are the contract; the classes are not a library API.
 */
@NullMarked
package dev.onyx.deploy.cli;

import org.jspecify.annotations.NullMarked;
