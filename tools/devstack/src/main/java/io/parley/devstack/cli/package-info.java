/**
 * The {@code ./parley} command: {@code up}, {@code down}, {@code status} of the whole platform on
 * one machine without Docker. User-facing output goes to the terminal directly.
 */
package io.parley.devstack.cli;
