/** Web Push: RFC 8030 delivery, RFC 8291 payload encryption, RFC 8292 VAPID. */
package io.parley.push.webpush;
