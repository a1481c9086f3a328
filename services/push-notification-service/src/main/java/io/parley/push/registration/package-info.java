/**
 * Push registrations: the one token or subscription per device, set and removed by the device over
 * REST, kept in Redis, purged when auth-service reports the device or account gone.
 */
package io.parley.push.registration;
