package io.github.zerotrust.keycloak.authn.adminpage;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The headers of every answer of the admin page, stricter than the realm's browser headers: no script, style or
 * frame but the page's own (threats P1, P2 in the threat model). Keycloak's security-header filter would overwrite
 * them with the realm's, so it is told to skip these answers and the realm's remaining headers are set here.
 */
final class PageHeaders {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private PageHeaders() {
    }

    static Response.ResponseBuilder strict(KeycloakSession session, Response.ResponseBuilder answer, String cacheControl) {
        SecurityHeadersProvider headers = session.getProvider(SecurityHeadersProvider.class);
        if (headers != null) {
            headers.options().skipHeaders();
        }
        RealmModel realm = session.getContext().getRealm();
        String hsts = realm == null ? null : realm.getBrowserSecurityHeaders()
                .getOrDefault(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getKey(),
                        BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getDefaultValue());
        if (hsts != null && !hsts.isEmpty()) {
            answer.header(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getHeaderName(), hsts);
        }
        return answer.header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Robots-Tag", "none")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }
}
