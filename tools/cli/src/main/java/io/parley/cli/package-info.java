/**
 * Parley's terminal client: a picocli command line on libs/client-sdk ({@code ./parley cli}). One
 * device per state directory; line-oriented output that scripts and tests can read. See
 * tools/cli/README.md.
 */
package io.parley.cli;
