package io.github.zerotrust.keycloak.it.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.zerotrust.keycloak.it.harness.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny OIDC provider that lies: it lets anyone through its authorization endpoint and answers the token request
 * with an ID token of its choosing — unsigned ({@code alg: none}), signed with a key it never published, or none at
 * all — claiming a strong upstream authentication. A real Keycloak must refuse what it cannot verify.
 */
final class RogueProvider implements AutoCloseable {

    /** What the token endpoint answers. */
    enum Answer { UNSIGNED, WRONG_KEY, NO_ID_TOKEN }

    static final String CLIENT_ID = "home-at-rogue";
    static final String SUBJECT = "mallory-at-rogue";
    static final String USERNAME = "mallory";

    private final HttpServer server;
    private final KeyPair unpublished;
    private volatile Answer answer = Answer.UNSIGNED;
    private volatile String nonce;
    /** Token requests Keycloak made: proof the refusal came after the token was read, not before. */
    final AtomicInteger tokenRequests = new AtomicInteger();

    private RogueProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            unpublished = generator.generateKeyPair();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/auth", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", exchange -> send(exchange, 200, "application/json", "{\"keys\":[]}"));
        server.start();
    }

    static RogueProvider start() {
        return new RogueProvider();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    RogueProvider answering(Answer value) {
        this.answer = value;
        return this;
    }

    /** The identity-provider settings of a realm that (wrongly) trusts this provider's MFA. */
    Map<String, String> config(boolean validateSignature) {
        Map<String, String> config = new HashMap<>();
        config.put("authorizationUrl", url() + "/auth");
        config.put("tokenUrl", url() + "/token");
        config.put("jwksUrl", url() + "/jwks");
        config.put("useJwksUrl", "true");
        config.put("validateSignature", Boolean.toString(validateSignature));
        config.put("issuer", url());
        config.put("clientId", CLIENT_ID);
        config.put("clientSecret", "rogue-secret");
        config.put("clientAuthMethod", "client_secret_post");
        config.put("defaultScope", "openid");
        config.put("syncMode", "IMPORT");
        config.put("zt.broker.trust-mfa", "true");
        config.put("zt.broker.acr-map", "{\"urn:partner:mfa\":\"mfa\"}");
        config.put("zt.broker.amr-map", "{\"otp\":\"mfa\",\"hwk\":\"phr\"}");
        return config;
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        nonce = query.get("nonce");
        String location = query.get("redirect_uri") + "?code=rogue-code&state=" + enc(query.get("state"));
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        Map<String, Object> body = new HashMap<>();
        body.put("access_token", "rogue-access-token");
        body.put("token_type", "Bearer");
        body.put("expires_in", 300);
        if (answer != Answer.NO_ID_TOKEN) {
            body.put("id_token", idToken());
        }
        send(exchange, 200, "application/json", Json.write(body));
    }

    private String idToken() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", url());
        claims.put("sub", SUBJECT);
        claims.put("aud", CLIENT_ID);
        claims.put("azp", CLIENT_ID);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("typ", "ID");
        claims.put("preferred_username", USERNAME);
        claims.put("email", "mallory@rogue.test");
        claims.put("given_name", "Mallory");
        claims.put("family_name", "Rogue");
        claims.put("acr", "urn:partner:mfa");
        claims.put("amr", java.util.List.of("hwk", "otp"));
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        String payload = b64(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        if (answer == Answer.UNSIGNED) {
            return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
        }
        String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rogue\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(unpublished.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
