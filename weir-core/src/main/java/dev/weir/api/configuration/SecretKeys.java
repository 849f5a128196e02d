package dev.weir.api.configuration;

import java.util.List;
import java.util.Locale;

/** Which option keys hold secrets whose values are never printed (logs, errors, {@code toString}). */
final class SecretKeys {
    private static final List<String> MARKERS = List.of("password", "secret", "sasl.jaas", "jaas.config", "token",
            "apikey", "api-key", "api.key", "credential", "private-key", "private.key");
    static final String HIDDEN = "******";

    private SecretKeys() {
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return MARKERS.stream().anyMatch(lower::contains);
    }

    /** {@code value}, or a mask if {@code key} looks like it holds a secret. */
    static String mask(String key, String value) {
        return isSecret(key) ? HIDDEN : value;
    }
}
