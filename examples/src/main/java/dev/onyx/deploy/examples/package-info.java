/**
 * Small programs that show the onyx-deploy API, each run by a test; README's snippets are taken
 * from their {@code tag::} regions.
 */
@NullMarked
package dev.onyx.deploy.examples;

import org.jspecify.annotations.NullMarked;
