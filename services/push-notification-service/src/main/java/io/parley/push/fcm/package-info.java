/** Firebase Cloud Messaging (HTTP v1 API) with OAuth 2.0 service-account tokens. */
package io.parley.push.fcm;
