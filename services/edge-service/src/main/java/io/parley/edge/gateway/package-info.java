/**
 * The one public base URL: the edge serves {@code /ws} and its own {@code /v1/config} and {@code
 * /v1/provisioning}, and proxies the other REST routes ({@code parley.edge.routes}) to the services
 * that own them.
 */
package io.parley.edge.gateway;
