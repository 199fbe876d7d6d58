package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.elevation.Decision;
import io.github.zerotrust.keycloak.elevation.WebhookSignature;
import io.github.zerotrust.keycloak.spi.ApprovalChannelProvider;
import io.github.zerotrust.keycloak.spi.DecisionRefused;
import io.github.zerotrust.keycloak.spi.ElevationProvider;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import io.github.zerotrust.keycloak.spi.SignedMessage;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code POST /realms/{realm}/zero-trust/elevation/decisions}: an approver's decision, posted back by the approval
 * tool the request was posted to. The first channel in use that takes decisions proves it (signature, time, replay);
 * then it is an answer like any other, under every approval rule. Refusals are {@code {"error", "error_description"}}:
 * 400 {@code unreadable-decision}, 403 {@code bad-signature}, {@code stale-decision}, {@code replayed-decision},
 * {@code channel-not-configured}, 404 {@code no-decision-channel}; nothing changes.
 */
public final class ChannelDecisions {

    private static final Logger LOG = Logger.getLogger(ChannelDecisions.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    ChannelDecisions(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response decide(InputStream body) {
        String channelId = null;
        ApprovalChannelProvider channel = null;
        for (String id : session.getProvider(ElevationProvider.class).approvalChannels()) {
            ApprovalChannelProvider candidate = session.getProvider(ApprovalChannelProvider.class, id);
            if (candidate != null && candidate.acceptsDecisions()) {
                channelId = id;
                channel = candidate;
                break;
            }
        }
        if (channel == null) {
            return Problem.notFound("no-decision-channel", "No approval channel of this server takes decisions back.").response();
        }
        byte[] bytes;
        try {
            bytes = JsonBody.bytes(session, body, ElevationUserResource.MAX_BODY_BYTES);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        HttpHeaders headers = session.getContext().getRequestHeaders();
        Decision decision;
        try {
            decision = channel.decision(new SignedMessage(realm, headers.getHeaderString(WebhookSignature.TIMESTAMP_HEADER),
                    headers.getHeaderString(WebhookSignature.SIGNATURE_HEADER), bytes));
        } catch (DecisionRefused e) {
            LOG.warnf("Realm %s: a decision on channel %s was refused: %s", realm.getName(), channelId, e.reason());
            return new Problem("unreadable-decision".equals(e.reason()) ? 400 : 403, e.reason(), e.getMessage()).response();
        }
        return ElevationViews.answer(new Elevations(session, realm, KeycloakClock.get()).approvals().decide(decision, channelId));
    }
}
