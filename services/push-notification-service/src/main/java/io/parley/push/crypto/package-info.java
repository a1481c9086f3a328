/** Key encodings shared by registration checks and the Web Push sender. */
package io.parley.push.crypto;
