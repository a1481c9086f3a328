/** Helpers the library keeps to itself: HMAC, HKDF, AES-CBC, protobuf encoding. Not an API. */
package io.parley.signal.internal;
