/**
 * The per-device mailbox in Redis ({@link io.parley.mailbox.Mailbox}), the delivery signals from
 * routing to edge nodes, deterministic server GUIDs, and the device read model both services check
 * recipients against. docs/adr/0012-mailbox-and-delivery.md explains the design.
 */
package io.parley.mailbox;
