package io.github.zerotrust.keycloak.authn.signin;

import java.security.SecureRandom;

/**
 * What a refused user is shown: a message for the kind of rule that refused them and a short
 * reference the help desk can find in the events. Exposed to the page template as {@code ztDenial}.
 */
public final class Denial {

    // No 0/O or 1/I: the reference is read out over the phone.
    private static final char[] REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String messageKey;
    private final String customMessage;
    private final String reference;
    private final String country;

    Denial(String messageKey, String customMessage, String reference, String country) {
        this.messageKey = messageKey;
        this.customMessage = customMessage;
        this.reference = reference;
        this.country = country;
    }

    /** A refusal page's content where no flow step makes one: a message and a new reference. */
    public static Denial of(String messageKey, String reference) {
        return new Denial(messageKey, null, reference, null);
    }

    public static String newReference() {
        StringBuilder s = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                s.append('-');
            }
            s.append(REFERENCE_ALPHABET[RANDOM.nextInt(REFERENCE_ALPHABET.length)]);
        }
        return s.toString();
    }


    public String getMessageKey() {
        return messageKey;
    }

    /** An admin-written message, or null; the template escapes it. */
    public String getCustomMessage() {
        return customMessage;
    }

    public String getReference() {
        return reference;
    }

    /** The country the sign-in was seen from, or null when unknown. */
    public String getCountry() {
        return country;
    }
}
