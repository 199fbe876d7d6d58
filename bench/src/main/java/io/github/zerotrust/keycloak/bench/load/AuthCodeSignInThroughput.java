package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.harness.Totp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Authorization-code sign-ins (what a browser does, in plain HTTP) through a realm with the zero-trust rules of the
 * Foundation and Intermediate roadmap stages enforced, against the same realm shape with Keycloak's stock browser
 * flow, on one server in one run, in interleaved rounds (see {@link Comparison}); first with a cheap password hash
 * (one PBKDF2-SHA256 iteration, so hashing does not hide the suite's cost), then with Keycloak's default hash.
 *
 * <p>One sign-in: GET the authorization endpoint (client {@code bench-web}, {@code state}, PKCE S256), POST username
 * and password to the login form's action, POST a TOTP code to the OTP form's action, read the code from the redirect
 * (never followed: nothing serves the redirect URI), exchange it at the token endpoint with the client secret and the
 * PKCE verifier, and check an access token came back. Every request carries {@code X-Forwarded-For}; every sign-in
 * starts with no cookies (a new browser), so the recognised-browser cookie is never sent back.
 *
 * <p>TOTP codes: Keycloak accepts the codes of the time steps one before and one after the current one (look-ahead
 * window 1) and refuses a code already used by the credential while it is valid. Each client thread has its own users;
 * each user's codes are used in time-step order, only steps that stay valid for the next few seconds, never one twice.
 * A thread whose users have no unused code left waits for the next time step and counts a failure, which makes the
 * run invalid: the fix is more users ({@code zt.bench.users}).
 *
 * <p>System properties (defaults in brackets): those of {@link Comparison} ({@code zt.bench.url}, {@code .threads}
 * [4], {@code .warmup} [20], {@code .rounds} [6], {@code .round} [20], {@code .from} [192.0.2.10]);
 * {@code zt.bench.users} [3000] users per realm with the cheap hash, {@code zt.bench.users.default-hash} [1000] with
 * the default one (its sign-ins are slower, so fewer users have codes enough); {@code zt.bench.hashes}
 * [cheap,default]; {@code zt.bench.rules} [auto: the templates if the server has them, else the equivalent flow;
 * or templates, flow]; {@code zt.bench.short} [false]: warm-up 5 s, 2 rounds of 10 s (a quick check that everything
 * works, not a measurement).
 */
public final class AuthCodeSignInThroughput {

    static final String STOCK = "bench-stock";
    static final String ZT = "bench-zt";
    static final String CLIENT = "bench-web";
    /** A client the device-compliance rule is for: bench-web is not, as the Intermediate template leaves it out. */
    static final String DEVICE_APP = "bench-payroll";
    static final String PASSWORD = "bench-password";
    static final String REDIRECT = "http://localhost/bench-callback";
    static final String CHEAP_HASH = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";
    /** The zero-trust browser flow and its sub-flows: the same names the templates use for the flow they build. */
    static final String ZT_BROWSER = "zero-trust browser";
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]*)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&#]+)");
    private static final Pattern STATE = Pattern.compile("[?&]state=([^&#]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A time step is used only if it stays valid this long after it is chosen (the sign-in's remaining requests). */
    private static final long SAFETY_MILLIS = 5_000;

    private final String baseUrl;
    private final Comparison comparison;
    private final int cheapUsers;
    private final int defaultHashUsers;
    /** The users of the phase being measured (one hash setting). */
    private int users;
    private final HttpClient http = Workers.http();
    /** Per realm, per user: the last TOTP time step used (each user belongs to one thread, which alone touches it). */
    private final Map<String, long[]> lastStep = new ConcurrentHashMap<>();
    /** Per client thread, where its round-robin over its users stands. */
    private final int[] nextUser;
    /** The zero-trust realm's rules come from the templates (installed and promoted) rather than an equivalent flow. */
    private boolean templates;

    private AuthCodeSignInThroughput(String baseUrl, Optional<ProcessHandle> serverJvm) {
        this.baseUrl = baseUrl;
        boolean quick = Boolean.getBoolean("zt.bench.short");
        this.comparison = quick ? new Comparison(5, 2, 10, serverJvm) : new Comparison(20, 6, 20, serverJvm);
        this.cheapUsers = Comparison.intProperty("zt.bench.users", 3000, comparison.threads, 5000);
        this.defaultHashUsers = Comparison.intProperty("zt.bench.users.default-hash", 1000, comparison.threads, 5000);
        this.nextUser = new int[comparison.threads];
    }

    public static void main(String[] args) throws Exception {
        Path out = Comparison.path("zt.bench.out", "bench/target/authcode-sign-in-throughput.txt");
        Comparison.main("authcode-sign-in-throughput", "bench/target/keycloak-authcode",
                (url, jvm) -> new AuthCodeSignInThroughput(url, jvm).run(out));
    }

    private boolean run(Path out) throws Exception {
        List<String> hashes = List.of(System.getProperty("zt.bench.hashes", "cheap,default").split(","));
        for (String h : hashes) {
            if (!h.equals("cheap") && !h.equals("default")) {
                throw new IllegalArgumentException("zt.bench.hashes lists cheap and/or default, not " + h);
            }
        }
        BenchAdmin admin = new BenchAdmin(baseUrl);
        String rules = System.getProperty("zt.bench.rules", "auto");
        switch (rules) {
            case "templates" -> templates = true;
            case "flow" -> templates = false;
            case "auto" -> templates = admin.status("/admin/realms/master/zero-trust/templates") == 200;
            default -> throw new IllegalArgumentException("zt.bench.rules is auto, templates or flow, not " + rules);
        }
        System.out.println("Zero-trust rules from " + (templates ? "the Foundation and Intermediate templates, installed and promoted"
                : "the equivalent flow built by this driver"));
        StringBuilder report = new StringBuilder(comparison.header(
                "Authorization-code sign-ins (password + TOTP), zero-trust rules (" + ZT + ") vs Keycloak's stock browser flow ("
                        + STOCK + ")", baseUrl, "users with password and OTP, a new browser per sign-in, "));
        boolean valid = true;
        try {
            for (String hash : hashes) {
                boolean cheap = hash.equals("cheap");
                users = cheap ? cheapUsers : defaultHashUsers;
                long t0 = System.nanoTime();
                System.out.printf("%n== Password hash: %s; creating the realms (%d users each) ...%n",
                        cheap ? CHEAP_HASH : "Keycloak's default", users);
                admin.recreate(realm(STOCK, false, cheap));
                admin.recreate(realm(ZT, true, cheap));
                String rulesSource = templates ? installTemplates(admin)
                        : ZT + ": rules from the equivalent flow built by this driver (no templates on this server)\n";
                lastStep.put(STOCK, new long[users]);
                lastStep.put(ZT, new long[users]);
                String setup = String.format(Locale.ROOT, "%d users per realm (created and set up in %.0f s)%n", users,
                        (System.nanoTime() - t0) / 1e9) + checkSetup(admin, cheap);
                Comparison.Result result = comparison.measure(STOCK, ZT, "stock", "zt", this::signIn);
                report.append('\n').append("## password hash: ").append(cheap ? CHEAP_HASH : "Keycloak's default").append('\n')
                        .append(rulesSource).append(setup)
                        .append(Comparison.table(result, STOCK, ZT, "stock", "zt", 0.90));
                // A new browser per sign-in: each zero-trust sign-in registers a device; show how far that grew.
                JsonNode devices = admin.get("/admin/realms/" + ZT + "/zero-trust/devices?user=" + user(0) + "&max=1000");
                report.append(String.format(Locale.ROOT, "%s: devices registered for %s after the phase: %d%n", ZT, user(0),
                        devices.isArray() ? devices.size() : devices.path("devices").size()));
                if (cheap) {
                    double p50 = result.p50Difference();
                    report.append(String.format(Locale.ROOT, "p50 added latency target <= 5 ms: %s%n", p50 <= 5 ? "met" : "NOT met"));
                }
                valid &= result.failures() == 0;
            }
            Comparison.write(out, report.toString());
            return valid;
        } finally {
            admin.deleteRealm(STOCK);
            admin.deleteRealm(ZT);
        }
    }

    /**
     * The two realms: the same users (password and OTP), clients, brute-force detection, OTP policy, saved events and
     * password policy; the zero-trust one adds its browser and direct-grant flows and the privileged-role setting.
     */
    private JsonNode realm(String name, boolean zeroTrust, boolean cheapHash) {
        zeroTrust &= !templates;
        RealmBuilder b = RealmBuilder.realm(name)
                .client(CLIENT, List.of(REDIRECT))
                .client(DEVICE_APP, List.of(REDIRECT))
                .clientAttribute(CLIENT, "pkce.code.challenge.method", "S256")
                .clientAttribute(DEVICE_APP, "pkce.code.challenge.method", "S256");
        if (zeroTrust) {
            b.browserFlow(zeroTrustBrowser())
                    .directGrantFlow(Flow.topLevel("zero-trust direct grant")
                            .required(Flow.sub("zero-trust direct grant sign-in")
                                    .required("direct-grant-validate-username")
                                    .required("direct-grant-validate-password")
                                    .conditional(Flow.sub("zero-trust direct grant OTP")
                                            .required("conditional-user-configured")
                                            .required("direct-grant-validate-otp")))
                            .conditional(Flow.sub("zero-trust direct grant password grants")
                                    .required("zt-condition-applies-to", "bench-password-grants-everyone", Map.of())
                                    .required("zt-block-password-grant", "bench-password-grants-block", Map.of())))
                    // Privileged roles only just in time: nobody here holds one, nothing of it runs on these sign-ins.
                    .attribute("zt.elevation.privileged-roles",
                            "client:realm-management:realm-admin,client:realm-management:manage-realm");
        }
        for (int i = 0; i < users; i++) {
            b.userWithOtp(user(i), PASSWORD, otpSecret(i));
        }
        ObjectNode realm = b.build();
        if (cheapHash) {
            // Part of the realm's settings, so it is in force before the import sets the users' passwords.
            realm.put("passwordPolicy", CHEAP_HASH);
        }
        realm.put("bruteForceProtected", true);
        realm.put("failureFactor", 10);
        realm.put("permanentLockout", false);
        realm.put("otpPolicyType", "totp");
        realm.put("otpPolicyAlgorithm", "HmacSHA1");
        realm.put("otpPolicyDigits", 6);
        realm.put("otpPolicyPeriod", Totp.PERIOD_SECONDS);
        realm.put("otpPolicyLookAheadWindow", 1);
        realm.put("otpPolicyCodeReusable", false);
        for (JsonNode c : realm.get("clients")) {
            // Browser sign-ins only: no password grant for the app in either realm.
            ((ObjectNode) c).put("directAccessGrantsEnabled", false);
        }
        if (!zeroTrust) {
            // No flows (the stock realm, or the zero-trust one before the templates are installed) of our own: the import gives the realm Keycloak's built-in flows, bound as usual.
            realm.remove("authenticationFlows");
            realm.remove("authenticatorConfig");
        }
        return realm;
    }

    /**
     * The equivalent of Foundation + Intermediate installed and every rule promoted, for a server without the
     * templates: Keycloak's browser steps (the 26.7.3 built-in {@code browser} flow, its DISABLED steps left out) in one
     * REQUIRED sub-flow, then the rules, enforced (no report-only switch on), in the templates' shapes: MFA for
     * everyone (applies-to with no list) with 14 days' grace, blocked countries (KP; unknown countries do not match),
     * the risk assessment with high risk denied, the device check, device compliance for the device apps (not
     * bench-web), restricted sessions on unmanaged devices.
     */
    static Flow zeroTrustBrowser() {
        return Flow.topLevel(ZT_BROWSER)
                .required(Flow.sub(ZT_BROWSER + " sign-in")
                        .alternative("auth-cookie")
                        .alternative("identity-provider-redirector")
                        .alternative(Flow.sub(ZT_BROWSER + " organization")
                                .conditional(Flow.sub(ZT_BROWSER + " conditional organization")
                                        .required("conditional-user-configured")
                                        .alternative("organization")))
                        .alternative(Flow.sub(ZT_BROWSER + " forms")
                                .required("auth-username-password-form")
                                .conditional(Flow.sub(ZT_BROWSER + " conditional 2FA")
                                        .required("conditional-user-configured")
                                        .required("conditional-credential", "bench-conditional-credential",
                                                Map.of("credentials", "webauthn-passwordless"))
                                        .alternative("auth-otp-form"))))
                .conditional(Flow.sub(ZT_BROWSER + " MFA for everyone")
                        .required("zt-condition-applies-to", "bench-mfa-everyone", Map.of())
                        .required("zt-require-mfa", "bench-mfa-require", Map.of("grace_days", "14")))
                .conditional(Flow.sub(ZT_BROWSER + " blocked countries")
                        .required("zt-condition-country", "bench-countries-blocked",
                                Map.of("countries", "KP", "match", "in", "unknown_country", "no-match"))
                        .required("zt-deny-access", "bench-countries-deny", Map.of("message", "country")))
                .required("zt-risk-assessment", "bench-assess-risk", Map.of())
                .conditional(Flow.sub(ZT_BROWSER + " high risk")
                        .required("zt-condition-risk-level", "bench-risk-high", Map.of("level", "high"))
                        .required("zt-deny-access", "bench-risk-deny", Map.of("message", "risk")))
                .required("zt-device-posture", "bench-check-device", Map.of())
                .conditional(Flow.sub(ZT_BROWSER + " device apps")
                        .required("zt-condition-applies-to", "bench-device-apps", Map.of("zt.applies-to.clients", DEVICE_APP))
                        .required("zt-condition-device-compliant", "bench-device-not-compliant", Map.of("match", "not-compliant"))
                        .required("zt-device-remediation"))
                .conditional(Flow.sub(ZT_BROWSER + " unmanaged devices")
                        .required("zt-condition-device-managed", "bench-unmanaged-device", Map.of("match", "unmanaged"))
                        .required("zt-restrict-unmanaged", "bench-unmanaged-restrict", Map.of()));
    }

    /**
     * With the templates: Foundation (blocked countries KP) and Intermediate (device apps: bench-payroll) installed in
     * the zero-trust realm, then every rule promoted (flow rules through the lockout guard, settings applied).
     */
    private String installTemplates(BenchAdmin admin) {
        StringBuilder b = new StringBuilder();
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        parameters.put("foundation", Map.of("blockedCountries", List.of("KP")));
        parameters.put("intermediate", Map.of("deviceApps", List.of(DEVICE_APP)));
        String base = "/admin/realms/" + ZT + "/zero-trust/templates";
        for (var e : parameters.entrySet()) {
            JsonNode installed = admin.post(base + "/" + e.getKey() + "/install", Map.of("parameters", e.getValue()));
            b.append(String.format(Locale.ROOT, "%s: installed template %s, %d changes%n", ZT, e.getKey(),
                    installed.path("changes").size()));
        }
        for (JsonNode template : admin.get(base).path("templates")) {
            String id = template.path("id").asText();
            if (!parameters.containsKey(id)) {
                continue;
            }
            for (JsonNode rule : template.path("rules")) {
                String ruleId = rule.path("id").asText();
                String state = rule.path("state").asText();
                if ("absent".equals(state) || "enforced".equals(state) || "applied".equals(state)) {
                    b.append(String.format(Locale.ROOT, "%s: rule %s already %s%n", ZT, ruleId,
                            "absent".equals(state) ? "left out by its parameters" : state));
                    continue;
                }
                admin.post(base + "/" + id + "/rules/" + ruleId + "/promote", null);
                b.append(String.format(Locale.ROOT, "%s: promoted %s%n", ZT, ruleId));
            }
        }
        for (JsonNode template : admin.get(base).path("templates")) {
            for (JsonNode rule : template.path("rules")) {
                if (parameters.containsKey(template.path("id").asText())) {
                    String state = rule.path("state").asText();
                    if (!state.equals("enforced") && !state.equals("applied") && !state.equals("absent")) {
                        throw new IllegalStateException("Template rule " + rule.path("id").asText() + " is " + state + " after promotion");
                    }
                }
            }
        }
        return b.toString();
    }

    /** Checks what the comparison rests on before measuring and describes it for the report. */
    private String checkSetup(BenchAdmin admin, boolean cheap) throws InterruptedException {
        StringBuilder b = new StringBuilder();
        for (String realm : List.of(STOCK, ZT)) {
            JsonNode rep = admin.get("/admin/realms/" + realm);
            String flow = rep.path("browserFlow").asText();
            b.append(String.format(Locale.ROOT, "%s: browser flow '%s' = %s%n", realm, flow, steps(admin, realm, flow)));
            JsonNode user = admin.get("/admin/realms/" + realm + "/users?exact=true&username=" + user(0)).get(0);
            JsonNode credentials = admin.get("/admin/realms/" + realm + "/users/" + user.get("id").asText() + "/credentials");
            String types = "";
            for (JsonNode c : credentials) {
                types += c.path("type").asText() + " ";
                if ("password".equals(c.path("type").asText())) {
                    JsonNode data = Json.parse(c.path("credentialData").asText("{}"));
                    String hash = data.path("algorithm").asText() + " x " + data.path("hashIterations").asText();
                    b.append(String.format(Locale.ROOT, "%s: stored password hash %s%n", realm, hash));
                    if (cheap && !hash.equals("pbkdf2-sha256 x 1")) {
                        throw new IllegalStateException(realm + ": the cheap policy did not apply to the stored hash: " + hash);
                    }
                }
            }
            if (!types.contains("otp") || !types.contains("password")) {
                throw new IllegalStateException(realm + ": " + user(0) + " lacks a password or an OTP credential: " + types);
            }
            int thread = 0;
            Comparison.Outcome o = signIn(realm, thread);
            if (o.failure() != null) {
                throw new IllegalStateException("A sign-in to " + realm + " failed before the run: " + o.failure());
            }
            JsonNode details = loginEvent(admin, realm);
            if (ZT.equals(realm)) {
                for (String key : List.of("zt_risk_level", "zt_country", "zt_device_trust")) {
                    if (!details.has(key)) {
                        throw new IllegalStateException("The " + ZT + " sign-in's LOGIN event lacks " + key + ": a rule did not run: " + details);
                    }
                }
                if (!"GB".equals(details.path("zt_country").asText())) {
                    throw new IllegalStateException("The sign-in was not located in GB (X-Forwarded-For " + comparison.from + "): " + details);
                }
            }
            b.append(String.format(Locale.ROOT, "%s: LOGIN event details %s%n", realm, details));
        }
        return b.toString();
    }

    private JsonNode loginEvent(BenchAdmin admin, String realm) throws InterruptedException {
        for (int attempt = 0; attempt < 40; attempt++) {
            JsonNode events = admin.get("/admin/realms/" + realm + "/events?type=LOGIN&max=1");
            if (events.size() > 0) {
                return events.get(0).path("details");
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("No LOGIN event in " + realm + " after the check sign-in");
    }

    /** A flow's executions, indented by level, for the report. */
    private static String steps(BenchAdmin admin, String realm, String flow) {
        JsonNode executions = admin.get("/admin/realms/" + realm + "/authentication/flows/"
                + Http.enc(flow).replace("+", "%20") + "/executions");
        List<String> parts = new ArrayList<>();
        for (JsonNode e : executions) {
            String what = e.has("providerId") ? e.get("providerId").asText() : "[" + e.path("displayName").asText() + "]";
            parts.add("L" + e.path("level").asInt() + " " + what + " " + e.path("requirement").asText());
        }
        return String.join(", ", parts);
    }

    /** One browser sign-in by client thread {@code thread}, through its four requests. */
    private Comparison.Outcome signIn(String realm, int thread) throws InterruptedException {
        int[] pick = pickUser(realm, thread);
        if (pick == null) {
            long wait = Totp.PERIOD_SECONDS * 1000L - System.currentTimeMillis() % (Totp.PERIOD_SECONDS * 1000L) + 100;
            Thread.sleep(wait);
            return Comparison.Outcome.failed(0, "thread " + thread + ": no unused TOTP code left for any of its users (waited "
                    + wait + " ms): raise zt.bench.users");
        }
        String user = user(pick[0]);
        String code = Totp.at(otpSecret(pick[0]), pick[1]);
        long t0 = System.nanoTime();
        try {
            String failure = browserSignIn(realm, user, code);
            long took = System.nanoTime() - t0;
            return failure == null ? Comparison.Outcome.ok(took) : Comparison.Outcome.failed(took, user + ": " + failure);
        } catch (IOException e) {
            return Comparison.Outcome.failed(System.nanoTime() - t0, user + ": " + e);
        }
    }

    /**
     * The next of this thread's users with a TOTP time step it has not used that stays valid for the rest of the
     * sign-in: {@code {user, step}}, the step marked used; null if none has one.
     */
    private int[] pickUser(String realm, int thread) {
        long[] last = lastStep.get(realm);
        long now = System.currentTimeMillis();
        // Valid now and still in SAFETY_MILLIS: within one step of both the current step and the one then.
        long earliest = Totp.counterAt(now + SAFETY_MILLIS) - 1;
        long latest = Totp.counterAt(now) + 1;
        int mine = (users - thread + comparison.threads - 1) / comparison.threads;
        for (int tried = 0; tried < mine; tried++) {
            int u = thread + comparison.threads * (nextUser[thread]++ % mine);
            long step = Math.max(last[u] + 1, earliest);
            if (step <= latest) {
                last[u] = step;
                return new int[] {u, (int) step};
            }
        }
        return null;
    }

    /** Null if the sign-in ended with an access token; otherwise what went wrong. */
    private String browserSignIn(String realm, String user, String totp) throws IOException, InterruptedException {
        Map<String, String> cookies = new LinkedHashMap<>();
        String verifier = random(32);
        String state = random(16);
        String realmUrl = baseUrl + "/realms/" + realm;
        String auth = realmUrl + "/protocol/openid-connect/auth?client_id=" + CLIENT + "&response_type=code&scope=openid"
                + "&redirect_uri=" + Http.enc(REDIRECT) + "&state=" + state + "&nonce=" + random(16)
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(auth)).GET(), cookies);
        String loginAction = formAction(page, "kc-form-login");
        if (loginAction == null) {
            return "no login form: " + describe(page);
        }
        page = send(form(loginAction, Map.of("username", user, "password", PASSWORD, "credentialId", "")), cookies);
        String otpAction = formAction(page, "kc-otp-login-form");
        if (otpAction == null) {
            return "no OTP form after the password: " + describe(page);
        }
        page = send(form(otpAction, Map.of("otp", totp)), cookies);
        String location = page.headers().firstValue("Location").orElse("");
        if (page.statusCode() != 302 || !location.startsWith(REDIRECT)) {
            return "no redirect to the app after the OTP code: " + describe(page);
        }
        Matcher code = CODE.matcher(location);
        Matcher returned = STATE.matcher(location);
        if (!code.find() || !returned.find() || !returned.group(1).equals(state)) {
            return "the redirect carries no code or another state: " + location.replaceAll("code=[^&]+", "code=...");
        }
        HttpResponse<String> token = send(form(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "authorization_code", "code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                "redirect_uri", REDIRECT, "client_id", CLIENT, "client_secret", RealmBuilder.CLIENT_SECRET,
                "code_verifier", verifier)), new LinkedHashMap<>());
        if (token.statusCode() != 200 || !token.body().contains("\"access_token\"")) {
            return "code exchange: HTTP " + token.statusCode() + " " + token.body();
        }
        return null;
    }

    private HttpRequest.Builder form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> Http.enc(e.getKey()) + "=" + Http.enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Sends with this sign-in's cookies and the forwarded address, and keeps the cookies the answer sets. */
    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies) throws IOException, InterruptedException {
        request.timeout(Comparison.REQUEST_TIMEOUT).header("X-Forwarded-For", comparison.from);
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || set.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    /** The action of the form with this id, HTML entities undone; null if the page has no such form. */
    static String formAction(HttpResponse<String> page, String formId) {
        if (page.statusCode() != 200) {
            return null;
        }
        String html = page.body();
        int id = html.indexOf("id=\"" + formId + "\"");
        if (id < 0) {
            return null;
        }
        int start = html.lastIndexOf("<form", id);
        int end = html.indexOf('>', id);
        if (start < 0 || end < 0) {
            return null;
        }
        Matcher m = ACTION.matcher(html.substring(start, end));
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    /** A short account of an unexpected answer: status, redirect target, title and Keycloak's message. */
    private static String describe(HttpResponse<String> page) {
        String body = page.body() == null ? "" : page.body();
        Matcher title = Pattern.compile("<title>([^<]*)</title>").matcher(body);
        Matcher feedback = Pattern.compile("(?s)(kc-feedback-text|input-error[^\"]*)\"[^>]*>(.{0,200}?)<").matcher(body);
        return "HTTP " + page.statusCode()
                + page.headers().firstValue("Location").map(l -> " to " + l.replaceAll("code=[^&]+", "code=...")).orElse("")
                + (title.find() ? " '" + title.group(1).trim() + "'" : "")
                + (feedback.find() ? " message '" + feedback.group(2).trim() + "'" : "");
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String user(int i) {
        return "user-" + i;
    }

    /** Each user's known authenticator-app secret (what Keycloak keys the HMAC with). */
    static String otpSecret(int i) {
        return String.format(Locale.ROOT, "bench-otp-secret-%05d", i);
    }
}
