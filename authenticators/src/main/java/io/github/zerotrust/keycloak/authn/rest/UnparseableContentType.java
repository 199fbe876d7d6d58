package io.github.zerotrust.keycloak.authn.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.http.HttpResponse;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A request whose {@code Content-Type} cannot be parsed at all (such as {@code ;;;=/}). Keycloak's own
 * security-header filter parses the request's type after every answer and turns such a request into a 500, whatever
 * the resource answered. For the suite's resources that filter is skipped on such a request and the realm's browser
 * security headers (all of them, the set Keycloak gives an HTML page) are set here instead; the resource then answers as
 * usual, which for a body is {@code 415 unsupported-media-type} from {@link JsonBody}.
 */
public final class UnparseableContentType {

    private UnparseableContentType() {
    }

    /** Called by the suite's root resources before anything else; true when the request's type was unparseable. */
    public static boolean guard(KeycloakSession session) {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (header == null || parses(header)) {
            return false;
        }
        SecurityHeadersProvider headers = session.getProvider(SecurityHeadersProvider.class);
        if (headers != null) {
            headers.options().skipHeaders();
        }
        RealmModel realm = session.getContext().getRealm();
        Map<String, String> configured = realm == null ? Map.of() : realm.getBrowserSecurityHeaders();
        HttpResponse response = session.getContext().getHttpResponse();
        for (BrowserSecurityHeaders kind : BrowserSecurityHeaders.values()) {
            String value = configured.getOrDefault(kind.getKey(), kind.getDefaultValue());
            if (value != null && !value.isEmpty()) {
                response.setHeader(kind.getHeaderName(), value);
            }
        }
        return true;
    }

    static boolean parses(String header) {
        try {
            MediaType.valueOf(header);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
