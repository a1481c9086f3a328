/** Privacy settings, contact lists and the rules deciding what a viewer sees. */
package io.parley.presence.privacy;
