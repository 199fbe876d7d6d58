package io.github.zerotrust.keycloak.authn.mfa;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.Denial;
import io.github.zerotrust.keycloak.fido.Aaguid;
import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import io.github.zerotrust.keycloak.fido.AuthenticatorVerdict;
import io.github.zerotrust.keycloak.fido.RegisteredAuthenticator;
import jakarta.ws.rs.core.Response;
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

    /** True when the registration may go on to Keycloak's own checks; otherwise the refusal is already sent. */
    static boolean allowed(RequiredActionContext context) {
        Optional<AuthenticatorPolicy> policy = RealmFido2Policy.of(context.getRealm());
        String encoded = context.getHttpRequest().getDecodedFormParameters().getFirst(WebAuthnConstants.ATTESTATION_OBJECT);
        if (policy.isEmpty() || encoded == null || encoded.isBlank()) {
            return true;
        }
        AttestationObject attestation;
        try {
            attestation = ATTESTATION.convert(encoded);
        } catch (RuntimeException e) {
            // Malformed: Keycloak's own verification refuses it with its error page.
            return true;
        }
        Aaguid aaguid = attestation.getAuthenticatorData() == null
                || attestation.getAuthenticatorData().getAttestedCredentialData() == null
                ? Aaguid.NONE : new Aaguid(attestation.getAuthenticatorData().getAttestedCredentialData().getAaguid().getValue());
        String format = attestation.getFormat() == null ? "none" : attestation.getFormat();
        // Keycloak verifies the attestation statement right after this; a bad one fails there.
        AuthenticatorVerdict verdict = FidoMetadata.policy(context.getSession(), policy.get())
                .check(new RegisteredAuthenticator(aaguid, format, !"none".equals(format)));
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
