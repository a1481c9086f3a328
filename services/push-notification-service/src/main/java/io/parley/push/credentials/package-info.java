/**
 * Provider credentials: redacted secrets, read from a file or the environment, checked at start.
 */
package io.parley.push.credentials;
