package io.parley.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The account ids this device declared as presence contacts, one per line in {@code contacts.txt}.
 * The server's contact list is replaced whole ({@code PUT /v1/presence/contacts}), so the client
 * keeps the list and always sends all of it.
 */
final class Contacts {

  private final Path file;

  Contacts(Path file) {
    this.file = file;
  }

  Set<UUID> all() {
    Set<UUID> accounts = new LinkedHashSet<>();
    for (String line : StateFiles.read(file).split("\n")) {
      String trimmed = line.trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        try {
          accounts.add(UUID.fromString(trimmed));
        } catch (IllegalArgumentException e) {
          // a line edited by hand into something else: not a contact
        }
      }
    }
    return accounts;
  }

  /** Adds {@code account} (kept if already there) and returns the whole list, in order added. */
  Set<UUID> add(UUID account) {
    Set<UUID> accounts = all();
    if (accounts.add(account)) {
      StateFiles.replace(
          file, accounts.stream().map(UUID::toString).collect(Collectors.joining("\n", "", "\n")));
    }
    return accounts;
  }
}
