/**
 * Test fixtures that stand in for auth-service: {@link io.parley.security.test.TestDevices} makes
 * devices with real access tokens and publishes their account events; {@link
 * io.parley.security.test.TestAuthConfiguration} gives the service under test the signing key's JWK
 * Set.
 */
package io.parley.security.test;
