package io.github.zerotrust.keycloak.authn.ssf;

import io.github.zerotrust.keycloak.ssf.SecurityEventToken;
import io.github.zerotrust.keycloak.ssf.SetError;
import io.github.zerotrust.keycloak.ssf.SetRefused;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code POST /realms/{realm}/zero-trust/ssf/push/{alias}}: push delivery (RFC 8935) from the trusted transmitter
 * {@code alias}. The request must carry the transmitter's bearer secret (else 401 {@code authentication_failed}, the same
 * for an unknown alias), {@code Content-Type: application/secevent+jwt} and at most 64 KiB; the SET must verify
 * ({@link SetVerifier}). Then 202, whatever it names: an unknown subject, an unknown event type or a trigger the
 * transmitter may not cause change nothing, and the answer does not tell them apart. Refusals are 400 with
 * {@code {"err", "description"}}. Every SET is an event, never with the token.
 */
public final class SsfPushResource {

    static final String SET_MEDIA_TYPE = "application/secevent+jwt";

    private final KeycloakSession session;
    private final RealmModel realm;

    public SsfPushResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @POST
    @Path("push/{alias}")
    public Response push(@PathParam("alias") String alias, InputStream body) {
        Optional<TransmitterSettings> transmitter = Transmitters.find(realm, alias);
        String authorization = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        // A poll transmitter has no push secret: nothing may push as it.
        String expected = transmitter.map(TransmitterSettings::secretSha256).orElse(PushSecret.NOBODY);
        boolean authenticated = PushSecret.matches(authorization, expected == null ? PushSecret.NOBODY : expected);
        if (transmitter.isEmpty() || !authenticated) {
            ReceivedSets.refused(session, realm, transmitter.map(TransmitterSettings::alias).orElse(null), null,
                    new SetRefused(SetError.AUTHENTICATION_FAILED, "the push did not carry the transmitter's bearer secret"));
            return error(401, SetError.AUTHENTICATION_FAILED, "The push needs the transmitter's bearer secret.");
        }
        TransmitterSettings trusted = transmitter.get();
        String token;
        try {
            token = read(body);
        } catch (SetRefused refused) {
            ReceivedSets.refused(session, realm, trusted.alias(), trusted.issuer(), refused);
            return error(400, refused.error(), refused.description());
        }
        try {
            SetIntake.take(session, realm, trusted, token, null);
        } catch (SetRefused refused) {
            return error(400, refused.error(), refused.description());
        }
        // RFC 8935 answers 202 with no body; Keycloak's security-header filter still wants a type on every answer.
        return Response.accepted().type(MediaType.TEXT_PLAIN_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The SET as sent: its type first, then at most 64 KiB of ASCII. */
    private String read(InputStream body) throws SetRefused {
        String type = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
        String bare = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!SET_MEDIA_TYPE.equals(bare)) {
            throw new SetRefused(SetError.INVALID_REQUEST, "the body must be sent as Content-Type: " + SET_MEDIA_TYPE);
        }
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(SecurityEventToken.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new SetRefused(SetError.INVALID_REQUEST, "the body could not be read");
        }
        if (bytes.length > SecurityEventToken.MAX_BYTES) {
            throw new SetRefused(SetError.INVALID_REQUEST, "the SET is larger than " + SecurityEventToken.MAX_BYTES + " bytes");
        }
        String token = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (token.isEmpty() || !token.chars().allMatch(c -> c == '.' || c == '-' || c == '_' || Character.isLetterOrDigit(c) && c < 128)) {
            throw new SetRefused(SetError.INVALID_REQUEST, "the body is not a compact JWT");
        }
        return token;
    }

    private static Response error(int status, SetError error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("err", error.code());
        body.put("description", description);
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(body);
        if (status == 401) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.build();
    }
}
