package io.github.zerotrust.keycloak.outbound;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where the suite may send a request (alert webhooks, MDM and ticketing APIs, approval channels): the operator's
 * rule, not a realm admin's. A realm admin chooses URLs; only hosts the operator listed are called, over https
 * (plain http only if the operator allows it), and never to a loopback, link-local, private or otherwise
 * special-purpose address unless the operator listed that range. Every address a host resolves to is judged, and the
 * call is then made to exactly those addresses, so a DNS answer that changes between the check and the connection
 * (rebinding) cannot reach an address the check did not see.
 *
 * @param allowedHosts   exact host names or {@code *.example.com} (any subdomain, not the domain itself), lower case
 * @param allowedRanges  special-purpose ranges the operator opened on purpose (e.g. an MDM on the office network)
 * @param allowHttp      whether plain http is allowed (tests and closed networks only)
 */
public record OutboundRules(Set<String> allowedHosts, List<IPAddress> allowedRanges, boolean allowHttp) {

    /** Nothing is allowed: the default until an operator lists hosts. */
    public static final OutboundRules NONE = new OutboundRules(Set.of(), List.of(), false);

    private static final int MAX_URL_LENGTH = 2048;
    private static final Pattern HOST_ENTRY = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*"
            + "|[0-9.]+|\\[?[0-9a-f:.]+]?");

    private static final Pattern RANGE = Pattern.compile("([0-9a-fA-F:.]{2,45})(?:/([0-9]{1,3}))?");

    /** IANA special-purpose and otherwise non-public ranges (RFC 6890 and successors), IPv4 and IPv6. */
    private static final List<IPAddress> SPECIAL = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
            "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
            "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")
            .stream().map(OutboundRules::range).toList();

    public OutboundRules {
        allowedHosts = Set.copyOf(allowedHosts);
        allowedRanges = List.copyOf(allowedRanges);
    }

    /**
     * The operator's settings: comma-separated hosts and ranges. A malformed entry is an error (the server should
     * refuse to start), never silently dropped.
     */
    public static OutboundRules parse(String hosts, String ranges, boolean allowHttp) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String entry : split(hosts)) {
            String host = entry.toLowerCase(Locale.ROOT);
            if (!HOST_ENTRY.matcher(host).matches() || host.length() > 253) {
                throw new IllegalArgumentException("Allowed outbound host '" + entry + "' is not a host name, an IP"
                        + " address or *.domain");
            }
            allowed.add(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        }
        List<IPAddress> opened = new ArrayList<>();
        for (String entry : split(ranges)) {
            IPAddress block = readRange(entry);
            if (block == null) {
                throw new IllegalArgumentException("Allowed outbound range '" + entry + "' is not an address range"
                        + " such as 10.1.2.0/24");
            }
            opened.add(block.toPrefixBlock());
        }
        return new OutboundRules(allowed, opened, allowHttp);
    }

    /** What the rules say about a URL, resolving its host with {@code resolver} (a DNS lookup in production). */
    public OutboundJudgement judge(String url, Function<String, List<InetAddress>> resolver) {
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            return OutboundJudgement.refused(OutboundJudgement.MALFORMED, "the URL is empty or longer than "
                    + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return OutboundJudgement.refused(OutboundJudgement.MALFORMED, "the URL cannot be read");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return OutboundJudgement.refused(OutboundJudgement.NOT_HTTPS, "only https URLs are allowed"
                    + (allowHttp ? " (or http)" : ""));
        }
        if (uri.getRawUserInfo() != null) {
            return OutboundJudgement.refused(OutboundJudgement.MALFORMED, "the URL must not carry a user or password");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return OutboundJudgement.refused(OutboundJudgement.MALFORMED, "the URL has no host");
        }
        host = IDN.toASCII(host.startsWith("[") ? host.substring(1, host.length() - 1) : host).toLowerCase(Locale.ROOT);
        if (!hostAllowed(host)) {
            return OutboundJudgement.refused(OutboundJudgement.HOST_NOT_ALLOWED, "host " + host
                    + " is not among the hosts the operator allows");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.apply(host);
        } catch (RuntimeException e) {
            addresses = List.of();
        }
        if (addresses == null || addresses.isEmpty()) {
            return OutboundJudgement.refused(OutboundJudgement.UNRESOLVABLE, "host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            Optional<String> problem = special(address);
            if (problem.isPresent()) {
                return OutboundJudgement.refused(OutboundJudgement.PRIVATE_ADDRESS, "host " + host + " resolves to "
                        + problem.get() + ", which the operator has not opened");
            }
        }
        return OutboundJudgement.allowed(uri, host, addresses);
    }

    private boolean hostAllowed(String host) {
        if (allowedHosts.contains(host)) {
            return true;
        }
        for (String entry : allowedHosts) {
            if (entry.startsWith("*.") && host.endsWith(entry.substring(1)) && host.length() > entry.length() - 1) {
                return true;
            }
        }
        return false;
    }

    /** The special-purpose range an address falls in, unless the operator opened it. */
    private Optional<String> special(InetAddress address) {
        IPAddress ip = new IPAddressString(address.getHostAddress()).getAddress();
        if (ip == null) {
            return Optional.of("an unreadable address");
        }
        for (IPAddress opened : allowedRanges) {
            if (opened.getIPVersion() == ip.getIPVersion() && opened.contains(ip)) {
                return Optional.empty();
            }
        }
        for (IPAddress block : SPECIAL) {
            if (block.getIPVersion() == ip.getIPVersion() && block.contains(ip)) {
                return Optional.of("a special-purpose address (" + block.toCanonicalString() + ")");
            }
        }
        return Optional.empty();
    }

    /** A range the operator typed, or null; checked before the library sees it (it throws on absurd prefixes). */
    private static IPAddress readRange(String entry) {
        java.util.regex.Matcher m = RANGE.matcher(entry);
        if (!m.matches() || m.group(2) != null && Integer.parseInt(m.group(2)) > (entry.contains(":") ? 128 : 32)) {
            return null;
        }
        try {
            return new IPAddressString(entry).getAddress();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static IPAddress range(String cidr) {
        try {
            return new IPAddressString(cidr).toAddress().toPrefixBlock();
        } catch (AddressStringException e) {
            throw new IllegalStateException(cidr, e);
        }
    }

    private static List<String> split(String list) {
        List<String> entries = new ArrayList<>();
        if (list == null) {
            return entries;
        }
        for (String part : list.split("[,\\s]+")) {
            if (!part.isBlank()) {
                entries.add(part.strip());
            }
        }
        return entries;
    }
}
