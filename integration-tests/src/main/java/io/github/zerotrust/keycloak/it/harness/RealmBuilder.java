package io.github.zerotrust.keycloak.it.harness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A realm for one test class: users, an app client, events on, and the flows under test. */
public final class RealmBuilder {

    public static final String CLIENT_SECRET = "test-app-secret";
    private final ObjectNode realm = Json.object();
    private final ArrayNode flows;
    private final ArrayNode configs;

    private RealmBuilder(String name) {
        realm.put("realm", name);
        realm.put("enabled", true);
        // Requests carry X-Forwarded-For from the tests' "proxy", so they are not "local": plain http must be allowed.
        realm.put("sslRequired", "none");
        realm.put("eventsEnabled", true);
        realm.put("adminEventsEnabled", true);
        realm.put("adminEventsDetailsEnabled", true);
        realm.putArray("users");
        realm.putArray("clients");
        flows = realm.putArray("authenticationFlows");
        configs = realm.putArray("authenticatorConfig");
    }

    public static RealmBuilder realm(String name) {
        return new RealmBuilder(name);
    }

    public RealmBuilder user(String username, String password) {
        ObjectNode u = ((ArrayNode) realm.get("users")).addObject();
        u.put("username", username);
        u.put("enabled", true);
        u.put("email", username + "@example.test");
        u.put("emailVerified", true);
        u.put("firstName", Character.toUpperCase(username.charAt(0)) + username.substring(1));
        u.put("lastName", "Tester");
        ObjectNode c = u.putArray("credentials").addObject();
        c.put("type", "password");
        c.put("value", password);
        c.put("temporary", false);
        return this;
    }

    /** Something the user (already added) must do at the next sign-in, such as {@code webauthn-register-passwordless}. */
    public RealmBuilder requiredAction(String username, String action) {
        for (com.fasterxml.jackson.databind.JsonNode u : realm.get("users")) {
            if (username.equals(u.get("username").asText())) {
                ObjectNode user = (ObjectNode) u;
                (user.has("requiredActions") ? (ArrayNode) user.get("requiredActions") : user.putArray("requiredActions"))
                        .add(action);
                return this;
            }
        }
        throw new IllegalArgumentException("No user " + username + " yet");
    }

    /** A user who already set up an authenticator app with this secret (see the tests' Totp). */
    public RealmBuilder userWithOtp(String username, String password, String otpSecret) {
        user(username, password);
        ArrayNode users = (ArrayNode) realm.get("users");
        ArrayNode credentials = (ArrayNode) users.get(users.size() - 1).get("credentials");
        ObjectNode otp = credentials.addObject();
        otp.put("type", "otp");
        otp.put("userLabel", "authenticator app");
        otp.put("secretData", "{\"value\":\"" + otpSecret + "\"}");
        otp.put("credentialData", "{\"subType\":\"totp\",\"digits\":6,\"period\":30,\"algorithm\":\"HmacSHA1\",\"counter\":0}");
        return this;
    }

    /** A top-level group, and users (already added) who are its members. */
    public RealmBuilder group(String name, String... members) {
        ArrayNode groups = realm.has("groups") ? (ArrayNode) realm.get("groups") : realm.putArray("groups");
        groups.addObject().put("name", name);
        for (com.fasterxml.jackson.databind.JsonNode u : realm.get("users")) {
            for (String member : members) {
                if (member.equals(u.get("username").asText())) {
                    ((ObjectNode) u).putArray("groups").add("/" + name);
                }
            }
        }
        return this;
    }

    /** The realm's e-mail settings: a plain SMTP server, no TLS, no authentication (a test sink). */
    public RealmBuilder smtp(String host, int port) {
        ObjectNode smtp = realm.putObject("smtpServer");
        smtp.put("host", host);
        smtp.put("port", Integer.toString(port));
        smtp.put("from", "keycloak@example.test");
        smtp.put("fromDisplayName", "Keycloak");
        return this;
    }

    /** A confidential client with the standard flow and direct grants enabled. */
    public RealmBuilder client(String clientId, List<String> redirectUris) {
        ObjectNode c = ((ArrayNode) realm.get("clients")).addObject();
        c.put("clientId", clientId);
        c.put("enabled", true);
        c.put("publicClient", false);
        c.put("secret", CLIENT_SECRET);
        c.put("standardFlowEnabled", true);
        c.put("directAccessGrantsEnabled", true);
        ArrayNode uris = c.putArray("redirectUris");
        redirectUris.forEach(uris::add);
        return this;
    }

    /** A confidential client that may only use the password grant (a script, a legacy device). */
    public RealmBuilder passwordGrantClient(String clientId) {
        ObjectNode c = ((ArrayNode) realm.get("clients")).addObject();
        c.put("clientId", clientId);
        c.put("enabled", true);
        c.put("publicClient", false);
        c.put("secret", CLIENT_SECRET);
        c.put("standardFlowEnabled", false);
        c.put("directAccessGrantsEnabled", true);
        return this;
    }

    /**
     * Keycloak's own "Authentication Method Reference" mapper on a client: its tokens carry {@code amr}
     * from the reference values of the steps the user completed.
     */
    public RealmBuilder amr(String clientId) {
        return protocolMapper(clientId, "amr", "oidc-amr-mapper");
    }

    /** A protocol mapper on a client, in the ID token, access token and userinfo. */
    public RealmBuilder protocolMapper(String clientId, String name, String mapperId) {
        for (com.fasterxml.jackson.databind.JsonNode c : realm.get("clients")) {
            if (clientId.equals(c.path("clientId").asText())) {
                ObjectNode mapper = (((ObjectNode) c).has("protocolMappers") ? (ArrayNode) c.get("protocolMappers")
                        : ((ObjectNode) c).putArray("protocolMappers")).addObject();
                mapper.put("name", name);
                mapper.put("protocol", "openid-connect");
                mapper.put("protocolMapper", mapperId);
                ObjectNode config = mapper.putObject("config");
                config.put("id.token.claim", "true");
                config.put("access.token.claim", "true");
                config.put("userinfo.token.claim", "true");
                config.put("introspection.token.claim", "true");
                return this;
            }
        }
        throw new IllegalArgumentException("No client " + clientId + " yet");
    }

    /** A client attribute (e.g. {@code acr.loa.map}, {@code client.use.lightweight.access.token.enabled}). */
    public RealmBuilder clientAttribute(String clientId, String name, String value) {
        for (com.fasterxml.jackson.databind.JsonNode c : realm.get("clients")) {
            if (clientId.equals(c.path("clientId").asText())) {
                ObjectNode attributes = ((ObjectNode) c).has("attributes") ? (ObjectNode) c.get("attributes")
                        : ((ObjectNode) c).putObject("attributes");
                attributes.put(name, value);
                return this;
            }
        }
        throw new IllegalArgumentException("No client " + clientId + " yet");
    }

    /** The settings that give a step an {@code amr} value, for {@link #amr}: valid for ten hours. */
    public static java.util.Map<String, String> reference(String amr) {
        return java.util.Map.of("default.reference.value", amr, "default.reference.maxAge", "36000");
    }

    public RealmBuilder browserFlow(Flow flow) {
        flow.writeTo(flows, configs);
        realm.put("browserFlow", flow.alias());
        return this;
    }

    /** A flow bound to nothing by the realm (for a client's flow override, say). */
    public RealmBuilder flow(Flow flow) {
        flow.writeTo(flows, configs);
        return this;
    }

    public RealmBuilder directGrantFlow(Flow flow) {
        flow.writeTo(flows, configs);
        realm.put("directGrantFlow", flow.alias());
        return this;
    }

    /** Lets pages speak the languages our messages come in. */
    public RealmBuilder locales(String... locales) {
        realm.put("internationalizationEnabled", true);
        ArrayNode supported = realm.putArray("supportedLocales");
        for (String l : locales) {
            supported.add(l);
        }
        realm.put("defaultLocale", locales[0]);
        return this;
    }

    /** A realm attribute, e.g. {@code acr.loa.map}. */
    public RealmBuilder attribute(String name, String value) {
        ObjectNode attributes = realm.has("attributes") ? (ObjectNode) realm.get("attributes") : realm.putObject("attributes");
        attributes.put(name, value);
        return this;
    }

    public ObjectNode build() {
        return realm;
    }
}
