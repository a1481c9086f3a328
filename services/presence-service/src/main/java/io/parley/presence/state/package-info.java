/** Which devices of each account hold sessions on which edge node, and what was announced. */
package io.parley.presence.state;
