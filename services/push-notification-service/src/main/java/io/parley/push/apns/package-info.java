/** Apple Push Notification service over HTTP/2 with ES256 provider tokens. */
package io.parley.push.apns;
