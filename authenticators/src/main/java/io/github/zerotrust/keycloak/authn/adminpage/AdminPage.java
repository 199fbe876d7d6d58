package io.github.zerotrust.keycloak.authn.adminpage;

import io.github.zerotrust.keycloak.authn.rest.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;

/**
 * {@code /realms/{realm}/zero-trust/admin/}: the Zero Trust admin page (ADR 0029). Static files from this JAR (no
 * framework, no build step), plus {@code setup.json}, which tells the page where to sign in and whether its client is
 * there. It holds no data and needs no sign-in: the page signs the admin in with the realm's {@code zero-trust-admin}
 * client and calls the admin REST with the admin's own token, so Keycloak's admin permissions decide everything.
 */
public final class AdminPage {

    static final String FILES = "zero-trust/admin/";
    static final Set<String> LOCALES = Set.of("en", "de", "fr", "es");
    static final String NOT_FOUND = "no-such-file";
    private static final String HTML_NO_STORE = "no-store";
    private static final String REVALIDATE = "no-cache";

    private final KeycloakSession session;
    private final RealmModel realm;

    public AdminPage(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        String html = text("index.html").replace("{{files}}", escape(filesPath()));
        return PageHeaders.strict(session, Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")), HTML_NO_STORE).build();
    }

    @GET
    @Path("app.js")
    @Produces("text/javascript")
    public Response script() {
        return file("app.js", "text/javascript; charset=utf-8");
    }

    @GET
    @Path("app.css")
    @Produces("text/css")
    public Response style() {
        return file("app.css", "text/css; charset=utf-8");
    }

    @GET
    @Path("messages/{locale}.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response messages(@PathParam("locale") String locale) {
        if (locale == null || !LOCALES.contains(locale)) {
            return PageHeaders.strict(session, Response.fromResponse(Problem.notFound(NOT_FOUND,
                    "The page has messages in " + String.join(", ", new java.util.TreeSet<>(LOCALES)) + ".").response()),
                    REVALIDATE).build();
        }
        return file("messages/" + locale + ".json", "application/json; charset=utf-8");
    }

    /** Where to sign in and call, all on the realm's frontend URL; and whether the page's client is there and fit. */
    @GET
    @Path("setup.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response setup() {
        AdminPageClient client = new AdminPageClient(session, realm);
        String base = session.getContext().getUri(UrlType.FRONTEND).getBaseUri().toString().replaceAll("/+$", "");
        String realmPath = base + "/realms/" + encoded(realm.getName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("realm", realm.getName());
        body.put("clientId", AdminPageClient.CLIENT_ID);
        body.put("client", AdminPageResource.state(client.fit()));
        body.put("pageUrl", client.pageUrl());
        body.put("authorizationEndpoint", realmPath + "/protocol/openid-connect/auth");
        body.put("tokenEndpoint", realmPath + "/protocol/openid-connect/token");
        body.put("endSessionEndpoint", realmPath + "/protocol/openid-connect/logout");
        body.put("adminApi", base + "/admin/realms/" + encoded(realm.getName()) + "/zero-trust");
        body.put("setUpWith", "PUT " + base + "/admin/realms/" + encoded(realm.getName()) + "/zero-trust/admin-page");
        return PageHeaders.strict(session, Response.ok(body, MediaType.APPLICATION_JSON_TYPE), HTML_NO_STORE).build();
    }

    private Response file(String name, String type) {
        return PageHeaders.strict(session, Response.ok(text(name), type), REVALIDATE).build();
    }

    private String filesPath() {
        return java.net.URI.create(AdminPageClient.pageUrl(session, realm)).getRawPath();
    }

    private static String encoded(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String text(String name) {
        try (InputStream in = AdminPage.class.getClassLoader().getResourceAsStream(FILES + name)) {
            if (in == null) {
                throw new IllegalStateException("the admin page's file " + name + " is missing from the JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For an attribute value in the page. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
