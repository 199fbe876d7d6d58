package io.github.zerotrust.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * No input reaches a 500. Every REST endpoint of the suite, admin and user, is sent what an attacker or a broken
 * script sends (malformed JSON, wrong types, numbers past any range, deep nesting, a 1 MB body, lone surrogates, NUL
 * and RTL overrides, wrong methods and media types, path ids that are not ids), both by a caller with the rights the
 * endpoint needs and by a plain user: each answer is a 4xx (Keycloak's own 401/403/404/405 included), ours in the one
 * {@code {"error", "error_description"}} shape, and nothing stored changes. Then every zero-trust step of
 * {@code docs/ids.md} gets absurd settings in a direct-grant flow: a password grant is answered with an OAuth
 * answer of the suite (a refusal or the documented fallback), never a 500 or {@code unknown_error}.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoServerErrorIT {

    static final String REALM = "it-no-server-error";
    static final String STEPS_REALM = "it-no-server-error-steps";
    static final String ADMIN = "/admin/realms/" + REALM + "/zero-trust";
    static final String USER = "/realms/" + REALM + "/zero-trust";
    static final String FROM = "192.0.2.10";

    /** The steps of {@code docs/ids.md}; the conditions are followed by a deny step, so that matching refuses. */
    static final List<String> STEPS = List.of("zt-condition-network-zone", "zt-condition-country", "zt-deny-access",
            "zt-risk-assessment", "zt-condition-risk-level", "zt-enrolment-guard", "zt-require-mfa",
            "zt-block-password-grant", "zt-fido2-policy", "zt-require-strength", "zt-condition-applies-to",
            "zt-device-posture", "zt-condition-device-compliant", "zt-condition-device-managed", "zt-device-remediation",
            "zt-restrict-unmanaged");

    KeycloakServer server;
    AdminApi admin;
    String base;
    Caller asAdmin;
    Caller asUser;
    Caller asReporter;
    String eligibility;
    String elevation;
    String device;
    Map<String, String> before;

    /** Who sends a case, with a bearer token refreshed before it can expire. */
    static final class Caller {
        final String name;
        private final Supplier<String> tokens;
        private String token;
        private Instant fresh = Instant.EPOCH;

        Caller(String name, Supplier<String> tokens) {
            this.name = name;
            this.tokens = tokens;
        }

        synchronized Map<String, String> auth() {
            if (token == null || Instant.now().isAfter(fresh)) {
                token = tokens.get();
                fresh = Instant.now().plusSeconds(30);
            }
            return Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
        }
    }

    @BeforeAll
    void createRealms(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.base = server.baseUrl();
        admin.deleteRealm(REALM);
        admin.deleteRealm(STEPS_REALM);
        try (AppServer app = AppServer.start()) {
            admin.createRealm(RealmBuilder.realm(REALM)
                    .attribute("zt.elevation.allowed-clients", "test-app")
                    .attribute("zt.device.registry.trust-cookie", "true")
                    .user("una", "una-password").user("reporter", "reporter-password")
                    .passwordGrantClient("test-app")
                    .client("browser-app", List.of(app.callback()))
                    .browserFlow(Flow.topLevel("sweep browser")
                            .required(Flow.standardSignIn("sweep browser"))
                            .required("zt-device-posture", "sweep-device", Map.of("sources", "registry")))
                    .build());
            role("zt-device-reporter");
            role("sweep-ops");
            grant("reporter", "zt-device-reporter");
            // One of each record, so that bad bodies reach the parser behind a real id.
            admin.put(ADMIN + "/zones/office", Map.of("ranges", List.of("198.51.100.0/24"), "trusted", true)).expect(201);
            eligibility = admin.post(ADMIN + "/elevation/eligibilities", Map.of("user", "una", "role", "realm:sweep-ops",
                    "stepUp", "none")).expect(201).json().path("id").asText();
            asAdmin = new Caller("admin", () -> token("master", "admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD));
            asUser = new Caller("user", () -> token(REALM, "test-app", "una", "una-password"));
            asReporter = new Caller("reporter", () -> token(REALM, "test-app", "reporter", "reporter-password"));
            elevation = Http.sendJson("POST", base + USER + "/elevation/activate", Json.write(Map.of("role", "realm:sweep-ops",
                    "durationMinutes", 30, "justification", "the sweep needs one")), asUser.auth()).expect(201).json()
                    .path("elevation").path("id").asText();
            try (Browser browser = Browser.start()) {
                browser.from(FROM).open(Oidc.authorizationUrl(server, REALM, "browser-app", app.callback()));
                new LoginPage(browser).signIn("una", "una-password");
                browser.waitUntil(b -> b.currentUrl().startsWith(app.callback()));
            }
        }
        JsonNode devices = admin.get(ADMIN + "/devices?user=una").expect(200).json();
        assertThat(devices).as("the browser sign-in recorded una's device").hasSize(1);
        device = devices.get(0).path("id").asText();
        // The reporter claims the device, so that its bad reports reach the posture parser.
        Http.sendJson("POST", base + ADMIN + "/devices/" + device + "/posture", Json.write(Map.of("device_id", device,
                "platform", "macos", "os_version", "14.5", "reported_at", Instant.now().minusSeconds(60).toString())),
                asReporter.auth()).expect(200);
        before = state();
        admin.createRealm(stepsRealm());
    }

    @AfterAll
    void deleteRealms() {
        admin.deleteRealm(REALM);
        admin.deleteRealm(STEPS_REALM);
    }

    String token(String realm, String client, String user, String password) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password", "client_id", client,
                "username", user, "password", password));
        if (!"admin-cli".equals(client)) {
            form.put("client_secret", RealmBuilder.CLIENT_SECRET);
        }
        // The master realm wants HTTPS from anywhere but this machine, so only the test realm's sign-ins come through the proxy.
        return Http.postForm(base + "/realms/" + realm + "/protocol/openid-connect/token", form,
                        "master".equals(realm) ? Map.of() : Map.of("X-Forwarded-For", FROM))
                .expect(200).json().path("access_token").asText();
    }

    void role(String name) {
        admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", name)).expect(201);
    }

    void grant(String username, String role) {
        String id = admin.get("/admin/realms/" + REALM + "/users?exact=true&username=" + username).expect(200).json().get(0)
                .path("id").asText();
        JsonNode rep = admin.get("/admin/realms/" + REALM + "/roles/" + role).expect(200).json();
        admin.post("/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm", List.of(rep)).expect(204);
    }

    /** What the sweep must not change: zones, eligibilities, elevations, devices (without when each was last seen). */
    Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("zones", admin.get(ADMIN + "/zones").expect(200).body());
        state.put("eligibilities", admin.get(ADMIN + "/elevation/eligibilities").expect(200).body());
        state.put("elevations", admin.get(ADMIN + "/elevation/elevations").expect(200).body());
        JsonNode devices = admin.get(ADMIN + "/devices").expect(200).json();
        devices.forEach(d -> ((ObjectNode) d).remove(List.of("lastSeen", "lastSeenAt")));
        state.put("devices", devices.toString());
        state.put("pending", admin.get(ADMIN + "/elevation/requests").expect(200).body());
        state.put("break-glass", admin.get(ADMIN + "/break-glass").expect(200).body());
        return state;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Part one: the REST endpoints

    /** An endpoint that takes a body, with the caller who has the rights it needs. */
    record BodyEndpoint(String method, String path, String rightCaller, String template) {
        String name() {
            return method + " " + path.replaceAll("[0-9a-f-]{36}", "{id}");
        }
    }

    List<BodyEndpoint> bodyEndpoints() {
        return List.of(
                new BodyEndpoint("PUT", ADMIN + "/zones/office", "admin",
                        "{\"ranges\": [\"198.51.100.0/24%s\"], \"trusted\": true}"),
                new BodyEndpoint("POST", ADMIN + "/what-if", "admin", "{\"user\": \"una\", \"address\": \"192.0.2.10%s\"}"),
                new BodyEndpoint("POST", ADMIN + "/elevation/eligibilities", "admin",
                        "{\"user\": \"una%s\", \"role\": \"realm:sweep-ops\"}"),
                new BodyEndpoint("PUT", ADMIN + "/elevation/eligibilities/" + eligibility, "admin",
                        "{\"user\": \"una\", \"role\": \"realm:sweep-ops%s\"}"),
                new BodyEndpoint("POST", ADMIN + "/devices/" + device + "/posture", "reporter",
                        "{\"device_id\": \"" + device + "\", \"platform\": \"macos\", \"os_version\": \"14.5%s\"}"),
                new BodyEndpoint("PUT", ADMIN + "/devices/" + device + "/key", "reporter",
                        "{\"kty\": \"EC%s\", \"crv\": \"P-256\", \"x\": \"AA\", \"y\": \"AA\"}"),
                new BodyEndpoint("POST", USER + "/elevation/activate", "user",
                        "{\"role\": \"realm:sweep-ops%s\", \"durationMinutes\": 5, \"justification\": \"x\"}"),
                new BodyEndpoint("POST", USER + "/elevation/elevations/" + elevation + "/extend", "user",
                        "{\"durationMinutes\": 5, \"justification\": \"x%s\"}"),
                new BodyEndpoint("POST", USER + "/elevation/requests/" + UUID.randomUUID() + "/approve", "user",
                        "{\"comment\": \"%s\"}"),
                new BodyEndpoint("POST", USER + "/elevation/requests/" + UUID.randomUUID() + "/deny", "user",
                        "{\"comment\": \"%s\"}"),
                new BodyEndpoint("POST", USER + "/elevation/decisions", "user", "{\"id\": \"%s\"}"),
                new BodyEndpoint("POST", ADMIN + "/config?dryRun=true", "admin",
                        "{\"schema\": \"https://zerotrust.github.io/keycloak-zero-trust/zero-trust-config/v1\", \"version\": 1,"
                        + " \"settings\": {\"zt.risk.threshold.high\": \"70\"}, \"zones\": [{\"name\": \"sweep\","
                        + " \"ranges\": [\"198.51.100.0/24%s\"]}], \"breakGlass\": [\"una\"]}"),
                new BodyEndpoint("PUT", ADMIN + "/ssf/transmitters/sweep", "admin", "{\"issuer\": \"https://partner.example%s\","
                        + " \"jwksUri\": \"https://partner.example/jwks\", \"audience\": \"home\"}"));
    }

    /** Characters that have no place in an id, an address, a role or a version, as JSON escapes. */
    static final Map<String, String> UNICODE_EDGES = Map.of("a lone high surrogate", "\\ud800",
            "a lone low surrogate", "\\udfff", "NUL", "\\u0000", "an RTL override", "\\u202e", "a BOM", "\\ufeff",
            "U+FFFF", "\\uffff");

    /** Bodies no endpoint takes: name → JSON text (sent as application/json). */
    static Map<String, String> badBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("malformed JSON", "{\"ranges\": [\"10.0.0.0/8\",");
        bodies.put("not JSON at all", "ranges=10.0.0.0/8");
        bodies.put("an array for the object", "[{\"user\": \"una\"}]");
        bodies.put("a string for the object", "\"una\"");
        bodies.put("null for the object", "null");
        bodies.put("two objects", "{} {}");
        bodies.put("null fields", "{\"ranges\": null, \"trusted\": null, \"user\": null, \"role\": null, \"durationMinutes\": null,"
                + " \"device_id\": null, \"kty\": null, \"comment\": null}");
        bodies.put("strings for numbers and booleans", "{\"ranges\": [\"198.51.100.0/24\"], \"trusted\": \"very\", \"user\": \"una\","
                + " \"role\": \"realm:sweep-ops\", \"durationMinutes\": \"ten\", \"maxDurationMinutes\": \"x\","
                + " \"approvalsRequired\": \"two\", \"disk_encrypted\": \"yes\"}");
        bodies.put("objects for strings", "{\"ranges\": [{\"a\": 1}], \"user\": {\"a\": 1}, \"role\": [\"realm:sweep-ops\"],"
                + " \"address\": {}, \"justification\": {}, \"comment\": [], \"device_id\": {}, \"kty\": [], \"platform\": 7}");
        bodies.put("1e309", "{\"ranges\": [\"198.51.100.0/24\"], \"trusted\": true, \"user\": \"una\", \"role\": \"realm:sweep-ops\","
                + " \"durationMinutes\": 1e309, \"maxDurationMinutes\": 1e309, \"approvalsRequired\": 1e309,"
                + " \"stepUpMaxAgeMinutes\": -1e309, \"justification\": \"x\", \"address\": \"192.0.2.10\"}");
        bodies.put("2^63", "{\"user\": \"una\", \"role\": \"realm:sweep-ops\", \"durationMinutes\": 9223372036854775808,"
                + " \"maxDurationMinutes\": 9223372036854775808, \"approvalsRequired\": 9223372036854775808,"
                + " \"justification\": \"x\", \"address\": \"192.0.2.10\", \"time\": 9223372036854775808}");
        bodies.put("-2^63-1", "{\"user\": \"una\", \"role\": \"realm:sweep-ops\", \"durationMinutes\": -9223372036854775809,"
                + " \"approvalsRequired\": -2147483649, \"justification\": \"x\"}");
        bodies.put("an absurd prefix length", "{\"ranges\": [\"10.0.0.0/2147483648\", \"2001:db8::/9223372036854775807\"],"
                + " \"trusted\": false}");
        bodies.put("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
        bodies.put("10,000 nested objects in a field", "{\"user\": " + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_000) + "}");
        bodies.put("a lone surrogate", "{\"ranges\": [\"198.51.100.0/24\"], \"trusted\": true, \"description\": \"\\ud800\","
                + " \"user\": \"\\ud800\", \"role\": \"realm:sweep-ops\", \"durationMinutes\": 5, \"justification\": \"\\udfff\\ud800\","
                + " \"comment\": \"\\ud800\", \"address\": \"\\ud800\", \"device_id\": \"\\ud800\", \"platform\": \"\\ud800\"}");
        bodies.put("NUL characters", "{\"ranges\": [\"198.51.100.0/24\\u0000\"], \"trusted\": true, \"description\": \"a\\u0000b\","
                + " \"user\": \"una\\u0000\", \"role\": \"realm:sweep-ops\\u0000\", \"durationMinutes\": 5,"
                + " \"justification\": \"\\u0000\", \"comment\": \"\\u0000\", \"address\": \"192.0.2.10\\u0000\"}");
        bodies.put("an RTL override", "{\"ranges\": [\"198.51.100.0/24\"], \"trusted\": true, \"description\": \"\\u202egnp.exe\","
                + " \"user\": \"\\u202euna\", \"role\": \"realm:sweep-ops\", \"durationMinutes\": 5,"
                + " \"justification\": \"\\u202e\\u2066x\", \"comment\": \"\\u202e\", \"address\": \"\\u202e192.0.2.10\"}");
        bodies.put("unknown fields", "{\"isAdmin\": true, \"__proto__\": {}, \"@class\": \"java.lang.Runtime\"}");
        return bodies;
    }

    @TestFactory
    Stream<DynamicTest> badBodiesAreRefusedCleanlyByEveryEndpoint() {
        List<DynamicTest> tests = new ArrayList<>();
        for (BodyEndpoint endpoint : bodyEndpoints()) {
            for (Caller caller : rightCaller(endpoint) == asUser ? List.of(asUser) : List.of(rightCaller(endpoint), asUser)) {
                UNICODE_EDGES.forEach((name, text) -> tests.add(named(endpoint.name() + " as " + caller.name + ": " + name
                        + " in a field", () -> refusedCleanly(Http.sendJson(endpoint.method(), base + endpoint.path(),
                        endpoint.template().formatted(text), caller.auth())))));
                badBodies().forEach((name, body) -> tests.add(named(endpoint.name() + " as " + caller.name + ": " + name,
                        () -> refusedCleanly(Http.sendJson(endpoint.method(), base + endpoint.path(), body, caller.auth())))));
                tests.add(named(endpoint.name() + " as " + caller.name + ": a 1 MB body",
                        () -> refusedCleanly(Http.sendJson(endpoint.method(), base + endpoint.path(),
                                "{\"description\": \"" + "x".repeat(1 << 20) + "\"}", caller.auth()), 413, 401, 403, 404)));
                tests.add(named(endpoint.name() + " as " + caller.name + ": a form body",
                        () -> refusedCleanly(Http.sendAs(endpoint.method(), base + endpoint.path(), "user=una&role=realm:sweep-ops",
                                "application/x-www-form-urlencoded", caller.auth()))));
                tests.add(named(endpoint.name() + " as " + caller.name + ": text/plain",
                        () -> refusedCleanly(Http.sendAs(endpoint.method(), base + endpoint.path(), "{}", "text/plain", caller.auth()))));
                tests.add(named(endpoint.name() + " as " + caller.name + ": JSON in Latin-1",
                        () -> refusedCleanly(Http.sendAs(endpoint.method(), base + endpoint.path(), "{}",
                                "application/json; charset=ISO-8859-1", caller.auth()))));
                tests.add(named(endpoint.name() + " as " + caller.name + ": no Content-Type",
                        () -> refusedCleanly(Http.sendAs(endpoint.method(), base + endpoint.path(), "{}", null, caller.auth()))));
                tests.add(named(endpoint.name() + " as " + caller.name + ": a garbage Content-Type",
                        () -> refusedCleanly(Http.sendAs(endpoint.method(), base + endpoint.path(), "{}", ";;;=\u00e9/",
                                caller.auth()))));
                tests.add(named(endpoint.name() + " as " + caller.name + ": an empty body",
                        () -> refusedCleanly(Http.sendAs(endpoint.method(), base + endpoint.path(), "", "application/json",
                                caller.auth()))));
            }
        }
        tests.add(named("nothing stored changed", this::nothingChanged));
        return tests.stream();
    }

    Caller rightCaller(BodyEndpoint endpoint) {
        return switch (endpoint.rightCaller()) {
            case "admin" -> asAdmin;
            case "reporter" -> asReporter;
            default -> asUser;
        };
    }

    /** Path ids that are not ids, as sent on the wire (already encoded). */
    static final Map<String, String> BAD_IDS = badIds();

    static Map<String, String> badIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("%00", "%00");
        ids.put("..%2F", "..%2F..%2F..%2Fmaster");
        ids.put("5,000 characters", "x".repeat(5000));
        ids.put("' OR 1=1", "%27%20OR%201%3D1--");
        ids.put("a lone surrogate", "%ED%A0%80");
        ids.put("an RTL override", "%E2%80%AEoffice");
        ids.put("a not-quite uuid", "00000000-0000-0000-0000-00000000000G");
        return ids;
    }

    /** Every endpoint with an id in its path: method, path with {@code {id}}, the body it is sent. */
    record IdEndpoint(String method, String path, String body, String rightCaller) {
    }

    static List<IdEndpoint> idEndpoints() {
        return List.of(
                new IdEndpoint("GET", ADMIN + "/zones/{id}", null, "admin"),
                new IdEndpoint("PUT", ADMIN + "/zones/{id}", "{\"ranges\": [\"203.0.113.0/24\"], \"trusted\": false}", "admin"),
                new IdEndpoint("DELETE", ADMIN + "/zones/{id}", null, "admin"),
                new IdEndpoint("PUT", ADMIN + "/elevation/eligibilities/{id}", "{\"user\": \"una\", \"role\": \"realm:sweep-ops\"}", "admin"),
                new IdEndpoint("DELETE", ADMIN + "/elevation/eligibilities/{id}", null, "admin"),
                new IdEndpoint("POST", ADMIN + "/elevation/elevations/{id}/end", null, "admin"),
                new IdEndpoint("GET", ADMIN + "/devices/{id}", null, "admin"),
                new IdEndpoint("POST", ADMIN + "/devices/{id}/approve", null, "admin"),
                new IdEndpoint("POST", ADMIN + "/devices/{id}/retire", null, "admin"),
                new IdEndpoint("POST", ADMIN + "/devices/{id}/posture", "{\"device_id\": \"x\"}", "reporter"),
                new IdEndpoint("PUT", ADMIN + "/devices/{id}/key", "{\"kty\": \"EC\"}", "reporter"),
                new IdEndpoint("DELETE", ADMIN + "/devices/{id}/key", null, "admin"),
                new IdEndpoint("POST", ADMIN + "/contain/users/{id}", "{\"disable\": false}", "admin"),
                new IdEndpoint("POST", ADMIN + "/contain/devices/{id}", null, "admin"),
                new IdEndpoint("POST", ADMIN + "/contain/clients/{id}", null, "admin"),
                new IdEndpoint("PUT", ADMIN + "/break-glass/{id}", null, "admin"),
                new IdEndpoint("DELETE", ADMIN + "/break-glass/{id}", null, "admin"),
                new IdEndpoint("GET", USER + "/devices/{id}", null, "user"),
                new IdEndpoint("DELETE", USER + "/devices/{id}", null, "user"),
                new IdEndpoint("POST", USER + "/elevation/elevations/{id}/deactivate", null, "user"),
                new IdEndpoint("POST", USER + "/elevation/elevations/{id}/extend", "{\"durationMinutes\": 5}", "user"),
                new IdEndpoint("POST", USER + "/elevation/requests/{id}/approve", "{\"comment\": \"ok\"}", "user"),
                new IdEndpoint("POST", USER + "/elevation/requests/{id}/deny", "{\"comment\": \"no\"}", "user"),
                new IdEndpoint("GET", ADMIN + "/ssf/transmitters/{id}", null, "admin"),
                new IdEndpoint("PUT", ADMIN + "/ssf/transmitters/{id}", "{\"issuer\": \"https://partner.example\","
                        + " \"jwksUri\": \"https://partner.example/jwks\", \"audience\": \"home\"}", "admin"),
                new IdEndpoint("DELETE", ADMIN + "/ssf/transmitters/{id}", null, "admin"));
    }

    @TestFactory
    Stream<DynamicTest> pathIdsThatAreNotIdsAreRefusedCleanly() {
        List<DynamicTest> tests = new ArrayList<>();
        for (IdEndpoint endpoint : idEndpoints()) {
            Caller right = switch (endpoint.rightCaller()) {
                case "admin" -> asAdmin;
                case "reporter" -> asReporter;
                default -> asUser;
            };
            for (Caller caller : right == asUser ? List.of(asUser) : List.of(right, asUser)) {
                BAD_IDS.forEach((name, id) -> {
                    if (endpoint.path().contains("/zones/") && id.startsWith("00000000-")) {
                        return; // a fine zone name, not a bad id
                    }
                    tests.add(named(endpoint.method() + " " + endpoint.path() + " as " + caller.name
                        + ": " + name, () -> refusedCleanly(Http.sendJson(endpoint.method(), base + endpoint.path().replace("{id}", id),
                        endpoint.body(), caller.auth()))));
                });
            }
        }
        tests.add(named("nothing stored changed", this::nothingChanged));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> wrongMethodsQueriesAndPagesAreRefusedCleanly() {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, List<String>> wrongMethods = new LinkedHashMap<>();
        wrongMethods.put(ADMIN + "/zones", List.of("POST", "PUT", "DELETE", "PATCH"));
        wrongMethods.put(ADMIN + "/zones/office", List.of("POST", "PATCH"));
        wrongMethods.put(ADMIN + "/locate", List.of("POST", "PUT", "DELETE"));
        wrongMethods.put(ADMIN + "/what-if", List.of("GET", "PUT", "DELETE"));
        wrongMethods.put(ADMIN + "/elevation/eligibilities", List.of("PUT", "DELETE", "PATCH"));
        wrongMethods.put(ADMIN + "/elevation/elevations", List.of("POST", "DELETE"));
        wrongMethods.put(ADMIN + "/elevation/standing", List.of("POST", "DELETE"));
        wrongMethods.put(ADMIN + "/elevation/requests", List.of("POST", "DELETE"));
        wrongMethods.put(ADMIN + "/devices", List.of("POST", "DELETE"));
        wrongMethods.put(ADMIN + "/devices/" + device + "/posture", List.of("GET", "PUT", "DELETE"));
        wrongMethods.put(USER + "/devices", List.of("POST", "DELETE", "PUT"));
        wrongMethods.put(USER + "/elevation/activate", List.of("GET", "PUT", "DELETE"));
        wrongMethods.put(USER + "/elevation/eligible", List.of("POST", "DELETE"));
        wrongMethods.put(USER + "/elevation/decisions", List.of("GET", "PUT"));
        wrongMethods.put(USER + "/approvals", List.of("PUT", "DELETE", "PATCH"));
        wrongMethods.put(ADMIN + "/ssf/transmitters", List.of("POST", "PUT", "DELETE"));
        wrongMethods.put(ADMIN + "/assessment", List.of("POST", "PUT", "DELETE", "PATCH"));
        wrongMethods.put(ADMIN + "/config", List.of("PUT", "DELETE", "PATCH"));
        wrongMethods.put(ADMIN + "/config/schema", List.of("POST", "PUT", "DELETE"));
        wrongMethods.put(ADMIN + "/assessment/snapshots", List.of("GET", "PUT", "DELETE"));
        wrongMethods.put(ADMIN + "/assessment/history", List.of("POST", "PUT", "DELETE"));
        wrongMethods.put(ADMIN + "/break-glass", List.of("POST", "PUT", "DELETE", "PATCH"));
        wrongMethods.put(USER + "/ssf/push/sweep", List.of("GET", "PUT", "DELETE"));
        wrongMethods.forEach((path, methods) -> methods.forEach(method -> {
            for (Caller caller : List.of(asAdmin, asUser)) {
                tests.add(named(method + " " + path + " as " + caller.name,
                        () -> refusedCleanly(Http.sendJson(method, base + path, "PATCH".equals(method) || "PUT".equals(method)
                                || "POST".equals(method) ? "{}" : null, caller.auth()))));
            }
        }));
        for (String query : List.of("?address=", "?address=%00", "?address=" + "1".repeat(5000), "?address=10.0.0.0/2147483648",
                "?address=%ED%A0%80", "?address=%27%20OR%201%3D1", "?address=::ffff:999.1.1.1", "?address=1e309")) {
            for (Caller caller : List.of(asAdmin, asUser)) {
                tests.add(named("GET " + ADMIN + "/locate" + abbreviated(query) + " as " + caller.name,
                        () -> refusedCleanly(Http.get(base + ADMIN + "/locate" + query, caller.auth()))));
            }
        }
        for (String query : List.of("?max=abc", "?max=9223372036854775808", "?first=-1&max=-1", "?user=%00", "?user=" + "u".repeat(5000),
                "?first=1e309")) {
            for (String path : List.of(ADMIN + "/devices", ADMIN + "/elevation/elevations", ADMIN + "/elevation/standing",
                    ADMIN + "/elevation/requests", ADMIN + "/elevation/eligibilities", ADMIN + "/assessment",
                    ADMIN + "/assessment/history")) {
                for (Caller caller : List.of(asAdmin, asUser)) {
                    tests.add(named("GET " + path + abbreviated(query) + " as " + caller.name,
                            () -> notAServerError(Http.get(base + path + query, caller.auth()), caller == asAdmin)));
                }
            }
        }
        String page = base + USER + "/approvals";
        tests.add(named("GET approvals page with a script in done", () -> notAServerError(
                Http.get(page + "?done=%3Cscript%3Ealert(1)%3C%2Fscript%3E", Map.of()), false)));
        for (Map<String, String> form : List.of(Map.of("request", "%00", "decision", "approve", "csrf", "x"),
                Map.of("request", "x".repeat(5000), "decision", "\u202eapprove", "csrf", "\u0000"),
                Map.of("request", UUID.randomUUID().toString(), "decision", "approve", "comment", "c".repeat(100_000)))) {
            tests.add(named("POST approvals page form " + abbreviated(form.toString()), () -> refusedCleanly(
                    Http.postForm(page, form, asUser.auth()))));
        }
        tests.add(named("POST approvals page as JSON", () -> refusedCleanly(Http.sendAs("POST", page, "{}", "application/json",
                Map.of()))));
        tests.add(named("POST approvals page as text/plain", () -> refusedCleanly(Http.sendAs("POST", page, "a=b", "text/plain",
                Map.of()))));
        tests.add(named("POST approvals page with a 1 MB form", () -> refusedCleanly(Http.sendAs("POST", page,
                "comment=" + "c".repeat(1 << 20), "application/x-www-form-urlencoded", Map.of()))));
        tests.add(named("nothing stored changed", this::nothingChanged));
        return tests.stream();
    }

    /** A case whose failure names it (the reports show only an index). */
    static DynamicTest named(String name, Executable test) {
        return dynamicTest(name, () -> {
            try {
                test.execute();
            } catch (AssertionError e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
        });
    }

    static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...(" + text.length() + " chars)";
    }

    void nothingChanged() {
        assertThat(state()).isEqualTo(before);
    }

    /** A 4xx ({@code allowed} when given), in the suite's error shape when the suite answered. */
    static void refusedCleanly(HttpResult answer, int... allowed) {
        assertThat(answer.status()).as(abbreviated(answer.toString())).isBetween(400, 499);
        if (allowed.length > 0) {
            assertThat(allowed).as(abbreviated(answer.toString())).contains(answer.status());
        }
        inOurShapeWhenJson(answer);
    }

    /** Not a 5xx; a 4xx in the suite's shape when JSON; a 200 only where the caller had the rights. */
    static void notAServerError(HttpResult answer, boolean mayAnswer) {
        assertThat(answer.status()).as(abbreviated(answer.toString())).isLessThan(500);
        if (!mayAnswer) {
            assertThat(answer.status()).as(abbreviated(answer.toString())).isBetween(400, 499);
        }
        if (answer.status() >= 400) {
            inOurShapeWhenJson(answer);
        }
    }

    static void inOurShapeWhenJson(HttpResult answer) {
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json") && !answer.body().isBlank()) {
            JsonNode json = answer.json();
            assertThat(json.isObject()).as(abbreviated(answer.toString())).isTrue();
            if (json.has("error_description")) {
                // Ours (and Keycloak's OAuth errors): a stable id and a sentence, nothing else.
                List<String> fields = new ArrayList<>();
                json.fieldNames().forEachRemaining(fields::add);
                assertThat(fields).as(abbreviated(answer.toString())).containsExactly("error", "error_description");
            }
            if (!json.has("errorMessage")) {
                assertThat(json.path("error").asText()).as(abbreviated(answer.toString())).isNotBlank().isNotEqualTo("unknown_error");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Part two: absurd settings in every step

    /** One direct-grant flow per step; the realm's direct-grant binding is switched to the step under test. */
    ObjectNode stepsRealm() {
        RealmBuilder realm = RealmBuilder.realm(STEPS_REALM).user("una", "una-password").passwordGrantClient("test-app");
        for (String step : STEPS) {
            Flow flow = Flow.topLevel(flowOf(step)).required("direct-grant-validate-username").required("direct-grant-validate-password");
            if (step.startsWith("zt-condition-")) {
                flow.conditional(Flow.sub(flowOf(step) + " rule").required(step, configOf(step), Map.of())
                        .required("zt-deny-access", configOf(step) + "-deny", Map.of()));
            } else {
                flow.required(step, configOf(step), Map.of());
            }
            realm.flow(flow);
        }
        return realm.build();
    }

    static String flowOf(String step) {
        return "sweep " + step;
    }

    static String configOf(String step) {
        return "absurd-" + step;
    }

    /**
     * The conditions whose unusable settings match (docs/fail-modes.md). The others fall back as documented: the risk
     * level condition to its default level, the applies-to condition treats names of no group, role or app as naming
     * no one (with a warning), so its rule applies to no one.
     */
    static final Set<String> FAIL_CLOSED_ON_UNUSABLE_SETTINGS = Set.of("zt-condition-network-zone", "zt-condition-country",
            "zt-condition-device-compliant", "zt-condition-device-managed");

    /** Absurd values for one setting of a given Keycloak config type. */
    static Map<String, Map<String, String>> absurdKinds() {
        Map<String, Map<String, String>> kinds = new LinkedHashMap<>();
        kinds.put("huge numbers", Map.of("*", "9223372036854775808", "prefix", "10.0.0.0/2147483648"));
        kinds.put("negative numbers", Map.of("*", "-2147483649", "prefix", "2001:db8::/-1"));
        kinds.put("garbage", Map.of("*", "((a+)+)+[\u0000\u202e{{}}${vault.x}", "prefix", "10.0.0.0/9223372036854775807##::/999"));
        kinds.put("1e309", Map.of("*", "1e309", "prefix", "1e309"));
        kinds.put("100 KB of text", Map.of("*", "x".repeat(100_000), "prefix", "10.0.0.0/8##".repeat(9000)));
        return kinds;
    }

    @TestFactory
    Stream<DynamicTest> absurdSettingsInEveryStepNeverReachA500() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String step : STEPS) {
            JsonNode description = admin.get("/admin/realms/" + STEPS_REALM + "/authentication/config-description/" + step)
                    .expect(200).json();
            absurdKinds().forEach((kind, values) -> tests.add(named(step + ": " + kind, () -> {
                Map<String, String> config = new LinkedHashMap<>();
                for (JsonNode property : description.path("properties")) {
                    String name = property.path("name").asText();
                    boolean ranges = Set.of("ranges", "zones", "countries").contains(name);
                    config.put(name, ranges ? values.get("prefix") : values.get("*"));
                }
                admin.put("/admin/realms/" + STEPS_REALM, Map.of("directGrantFlow", flowOf(step))).expect(204);
                admin.clearEvents(STEPS_REALM);
                admin.updateAuthenticatorConfig(STEPS_REALM, flowOf(step), configOf(step), config);

                HttpResult answer = Oidc.passwordGrant(server, STEPS_REALM, "test-app", "una", "una-password", FROM);

                assertThat(answer.status()).as(abbreviated(answer.toString())).isIn(200, 400, 401);
                if (answer.status() != 200) {
                    assertThat(answer.json().path("error").asText()).as(answer.toString()).isNotBlank()
                            .isNotIn("unknown_error", "server_error");
                }
                // Whatever the settings quote into the sign-in's event stays short and on one line.
                for (JsonNode event : admin.events(STEPS_REALM, answer.status() == 200 ? "LOGIN" : "LOGIN_ERROR")) {
                    event.path("details").fields().forEachRemaining(d -> assertThat(d.getValue().asText())
                            .as("event detail " + d.getKey()).hasSizeLessThanOrEqualTo(1000).doesNotContain("\u0000", "\n"));
                }
                if (FAIL_CLOSED_ON_UNUSABLE_SETTINGS.contains(step)) {
                    // docs/fail-modes.md: unusable condition settings match, so the deny step refuses.
                    assertThat(answer.status()).as("fail closed: " + abbreviated(answer.toString())).isIn(400, 401);
                }
            })));
        }
        return tests.stream();
    }
}
