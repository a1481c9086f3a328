/** The public REST API: presence of an account, privacy settings, contacts. */
package io.parley.presence.api;
