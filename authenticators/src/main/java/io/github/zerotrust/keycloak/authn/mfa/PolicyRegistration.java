package io.github.zerotrust.keycloak.authn.mfa;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.Denial;
import io.github.zerotrust.keycloak.fido.Aaguid;
import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import io.github.zerotrust.keycloak.fido.AuthenticatorVerdict;
import io.github.zerotrust.keycloak.fido.Fido2Policy;
import jakarta.ws.rs.core.Response;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Errors;

/**
 * The realm's FIDO2 policy applied to a key being registered, before Keycloak's own WebAuthn
 * registration verifies and stores it: a model the policy does not allow is refused on the suite's
 * page ("not allowed by your organisation"), with an event, and nothing is stored.
 */
final class PolicyRegistration {

    private static final AttestationObjectConverter ATTESTATION = new AttestationObjectConverter(new ObjectConverter());

    private PolicyRegistration() {
    }

    /**
     * Applies the policy, then lets Keycloak's registration verify and store the key, then keeps the
     * key's attestation chain with the stored credential (whatever the policy, so that a later, stricter
     * policy can still recognise a genuine model). A refused key is answered here and never reaches Keycloak.
     */
    static void register(RequiredActionContext context, Runnable keycloaksRegistration) {
        Optional<AttestationObject> attestation = parse(context);
        if (allowed(context, attestation)) {
            keycloaksRegistration.run();
            attestation.ifPresent(parsed -> AttestationChain.keep(context.getUser(), parsed));
        }
    }

    private static Optional<AttestationObject> parse(RequiredActionContext context) {
        String encoded = context.getHttpRequest().getDecodedFormParameters().getFirst(WebAuthnConstants.ATTESTATION_OBJECT);
        if (encoded == null || encoded.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(ATTESTATION.convert(encoded));
        } catch (RuntimeException e) {
            // Malformed: Keycloak's own verification refuses it with its error page.
            return Optional.empty();
        }
    }

    /** True when the registration may go on to Keycloak's own checks; otherwise the refusal is already sent. */
    private static boolean allowed(RequiredActionContext context, Optional<AttestationObject> parsed) {
        Optional<AuthenticatorPolicy> policy = RealmFido2Policy.of(context.getRealm());
        if (policy.isEmpty() || parsed.isEmpty()) {
            return true;
        }
        AttestationObject attestation = parsed.get();
        Aaguid aaguid = attestation.getAuthenticatorData() == null
                || attestation.getAuthenticatorData().getAttestedCredentialData() == null
                ? Aaguid.NONE : new Aaguid(attestation.getAuthenticatorData().getAttestedCredentialData().getAaguid().getValue());
        String format = attestation.getFormat() == null ? "none" : attestation.getFormat();
        // Trusted only if the chain leads to the model's metadata root; Keycloak verifies the
        // statement's signature with that chain right after this, and a bad one fails there.
        Fido2Policy fido = FidoMetadata.policy(context.getSession(), policy.get());
        AuthenticatorVerdict verdict = fido.check(fido.authenticator(aaguid, format, AttestationChain.of(attestation), KeycloakClock.get().instant()));
        if (verdict.allowed()) {
            return true;
        }
        String reference = Denial.newReference();
        context.getEvent()
                .detail(EventDetails.RULE, Fido2PolicyCheckFactory.ID)
                .detail(EventDetails.REASON, String.join("; ", verdict.reasons()))
                .detail(EventDetails.OUTCOME, "deny")
                .detail(EventDetails.REFERENCE, reference)
                .error(Errors.INVALID_REGISTRATION);
        Response page = context.form()
                .setAttribute("ztDenial", Denial.of(verdict.messageKey().orElse(AuthenticatorVerdict.NOT_ALLOWED), reference))
                .setStatus(Response.Status.FORBIDDEN)
                .createForm("zt-denied.ftl");
        context.challenge(page);
        return false;
    }
}
