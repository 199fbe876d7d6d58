package io.github.zerotrust.keycloak.device;

import java.util.Locale;
import java.util.Optional;

/**
 * The operating system family of a device. The baseline sets a minimum version per platform, and some
 * checks only make sense on some platforms: a phone has no firewall or antivirus to report, and only
 * phones and tablets are jailbroken or rooted (see {@link Check#appliesTo}).
 */
public enum Platform {
    WINDOWS("Windows", false), MACOS("macOS", false), IOS("iOS", true), ANDROID("Android", true),
    LINUX("Linux", false);

    private static final int MAX_LENGTH = 64;

    private final String displayName;
    private final boolean mobile;

    Platform(String displayName, boolean mobile) {
        this.displayName = displayName;
        this.mobile = mobile;
    }

    /** How the platform is named on the page and in events: {@code macOS}, {@code iOS}. */
    public String displayName() {
        return displayName;
    }

    /** The lower-case name used in keys and claims: {@code windows}, {@code macos}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** iOS/iPadOS and Android: no firewall or antivirus to report, but they can be jailbroken or rooted. */
    public boolean mobile() {
        return mobile;
    }

    /**
     * The spellings agents, MDMs and admins use, in any case: {@code Windows}, {@code macOS},
     * {@code Mac OS X}, {@code OS X}, {@code iOS}, {@code iPadOS} (counted as iOS, which it is for
     * compliance), {@code Android}, {@code Linux}. Anything else is empty, never a guess.
     */
    public static Optional<Platform> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "");
        return Optional.ofNullable(switch (t) {
            case "windows" -> WINDOWS;
            case "macos", "macosx", "osx" -> MACOS;
            case "ios", "ipados" -> IOS;
            case "android" -> ANDROID;
            case "linux" -> LINUX;
            default -> null;
        });
    }
}
