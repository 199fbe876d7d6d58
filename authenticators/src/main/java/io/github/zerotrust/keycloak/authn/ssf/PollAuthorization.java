package io.github.zerotrust.keycloak.authn.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.ssf.PollDelivery;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;

/**
 * How the receiver proves itself to a poll transmitter: its static bearer token, or an access token it gets at the
 * transmitter's token endpoint by client credentials ({@code client_secret_basic}, the scope asked for if any), one
 * per turn. The token is never logged, never in an event, and never kept past the turn.
 */
final class PollAuthorization {

    private PollAuthorization() {
    }

    /** The {@code Authorization} header of a poll request. */
    static String header(Outbound outbound, PollDelivery poll, String secret) throws PollTurn.Failure {
        if (!poll.usesClientCredentials()) {
            return "Bearer " + secret;
        }
        HttpPost post = new HttpPost(poll.tokenUrl());
        // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined for Basic.
        String basic = URLEncoder.encode(poll.clientId(), StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        post.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        post.setHeader("Accept", "application/json");
        String form = "grant_type=client_credentials" + (poll.scope() == null ? ""
                : "&scope=" + URLEncoder.encode(poll.scope(), StandardCharsets.UTF_8));
        post.setEntity(new StringEntity(form, ContentType.APPLICATION_FORM_URLENCODED));
        OutboundCall.Answer answer = PollTurn.call(outbound, post, PollTurn.MAX_TOKEN_ANSWER_BYTES, "the token endpoint");
        if (answer.status() != 200) {
            throw new PollTurn.Failure("the token endpoint answered HTTP " + answer.status());
        }
        try {
            JsonNode token = JsonFormat.lenient().readTree(answer.body()).path("access_token");
            if (!token.isTextual() || token.asText().isBlank()) {
                throw new PollTurn.Failure("the token endpoint's answer has no access_token");
            }
            return "Bearer " + token.asText();
        } catch (IOException e) {
            throw new PollTurn.Failure("the token endpoint's answer is not JSON");
        }
    }
}
