/** A raw STOMP 1.2 client over the JDK's WebSocket, for tests that talk to an edge node. */
package io.parley.testsupport.stomp;
