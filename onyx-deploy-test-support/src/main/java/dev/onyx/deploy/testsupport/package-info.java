/**
 * What the onyx-deploy tests share: a client for the test engine, locally made test images, and a
 * JUnit extension that removes the projects a test deployed.
 */
@NullMarked
package dev.onyx.deploy.testsupport;

import org.jspecify.annotations.NullMarked;
