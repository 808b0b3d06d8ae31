package org.serverconnect.api.document;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How one account's inbox is laid out.
 *
 * @param account the account's name, for messages
 * @param inbox   where received documents are written
 * @param options further sink-specific settings (name policy, permissions), by key
 */
public record InboxSettings(String account, Path inbox, Map<String, String> options) {
    public InboxSettings {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(inbox, "inbox");
        options = Map.copyOf(options);
    }
}
