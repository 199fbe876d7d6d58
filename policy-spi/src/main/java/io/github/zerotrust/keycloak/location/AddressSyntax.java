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
        IPAddress address = new IPAddressString(text, ADDRESS).getAddress();
        return address == null || address.isMultiple() || address.isPrefixed() ? null : address;
    }

    /** An address with an optional prefix length, or null when the text is anything else. */
    static IPAddress range(String text) {
        return new IPAddressString(text, RANGE).getAddress();
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
