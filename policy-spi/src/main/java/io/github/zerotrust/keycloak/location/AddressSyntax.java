package io.github.zerotrust.keycloak.location;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4AddressStringParameters;
import inet.ipaddr.ipv6.IPv6AddressStringParameters;

/**
 * The two textual forms we accept: a plain address (client addresses) and an address with an
 * optional prefix length (zone ranges). Both are strict so that odd notations (inet_aton, octal,
 * wildcards, zones, masks) can never widen what an admin or a proxy header meant.
 */
final class AddressSyntax {

    private static final IPAddressStringParameters ADDRESS = parameters(false);
    private static final IPAddressStringParameters RANGE = parameters(true);

    private AddressSyntax() {
    }

    /** A single address, or null when the text is anything else. */
    static IPAddress address(String text) {
        if (!addressCharacters(text)) {
            return null;
        }
        IPAddress address = parse(text, ADDRESS);
        return address == null || address.isMultiple() || address.isPrefixed() ? null : address;
    }

    /** An address with an optional prefix length, or null when the text is anything else. */
    static IPAddress range(String text) {
        int slash = text.indexOf('/');
        if (slash >= 0 && !prefixLength(text.substring(slash + 1))) {
            return null;
        }
        return addressCharacters(slash < 0 ? text : text.substring(0, slash)) ? parse(text, RANGE) : null;
    }

    /**
     * Whether the text after the '/' is a prefix length we hand to the library: 1 to 3 ASCII digits
     * without a leading zero. The library overflows on longer numbers (an index out of bounds for
     * 2147483648, and 4294967320 wrapped around to /24), so it never sees them.
     */
    static boolean prefixLength(String text) {
        int length = text.length();
        if (length == 0 || length > 3 || (length > 1 && text.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!asciiDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // Only ASCII hex digits, ':' and '.' make an address; other scripts' digits never reach the parser.
    private static boolean addressCharacters(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(asciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // The one boundary to the third-party parser: whatever it throws means "not an address".
    private static IPAddress parse(String text, IPAddressStringParameters parameters) {
        try {
            return new IPAddressString(text, parameters).getAddress();
        } catch (RuntimeException parserFault) {
            return null;
        }
    }

    private static IPAddressStringParameters parameters(boolean prefix) {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder();
        builder.allowEmpty(false);
        builder.allowAll(false);
        builder.allowSingleSegment(false);
        builder.allowPrefix(prefix);
        builder.allowMask(false);
        builder.allowPrefixOnly(false);
        builder.allowWildcardedSeparator(false);
        builder.setRangeOptions(RangeParameters.NO_RANGE);
        builder.allow_inet_aton(false);

        IPv4AddressStringParameters.Builder ipv4 = builder.getIPv4AddressParametersBuilder();
        strictIpv4(ipv4);

        IPv6AddressStringParameters.Builder ipv6 = builder.getIPv6AddressParametersBuilder();
        ipv6.allowZone(false);
        ipv6.allowEmptyZone(false);
        ipv6.allowBase85(false);
        ipv6.allowBinary(false);
        ipv6.allowMixed(true);
        ipv6.allow_mixed_inet_aton(false);
        ipv6.allowWildcardedSeparator(false);
        ipv6.allowUnlimitedLeadingZeros(false);
        ipv6.allowPrefixesBeyondAddressSize(false);
        ipv6.allowPrefixLengthLeadingZeros(false);
        ipv6.setRangeOptions(RangeParameters.NO_RANGE);
        strictIpv4(ipv6.getEmbeddedIPv4AddressParametersBuilder());
        return builder.toParams();
    }

    // Leading zeros are refused because some stacks read "010" as octal 8.
    private static void strictIpv4(IPv4AddressStringParameters.Builder ipv4) {
        ipv4.allow_inet_aton(false);
        ipv4.allowBinary(false);
        ipv4.allowLeadingZeros(false);
        ipv4.allowUnlimitedLeadingZeros(false);
        ipv4.allowWildcardedSeparator(false);
        ipv4.allowPrefixesBeyondAddressSize(false);
        ipv4.allowPrefixLengthLeadingZeros(false);
        ipv4.setRangeOptions(RangeParameters.NO_RANGE);
    }
}
