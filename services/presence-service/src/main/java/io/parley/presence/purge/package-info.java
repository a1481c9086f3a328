/** Purges on account deletion and device unlinking. */
package io.parley.presence.purge;
