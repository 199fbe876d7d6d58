package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.signin.MatchedRules;
import io.github.zerotrust.keycloak.authn.signin.ParsedConfig;
import io.github.zerotrust.keycloak.authn.signin.SignInRefusal;
import io.github.zerotrust.keycloak.fido.Aaguid;
import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import io.github.zerotrust.keycloak.fido.AuthenticatorVerdict;
import io.github.zerotrust.keycloak.fido.Fido2Policy;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.credential.dto.WebAuthnCredentialData;

/**
 * Right after a WebAuthn step: the security key or passkey just used must still meet the realm's
 * FIDO2 policy (allowed and denied models, attestation). One registered before the policy tightened
 * no longer counts: the user is refused with a page that says to replace it. Keycloak's WebAuthn
 * step verified the signature and the counter; this checks only what the key is.
 */
final class Fido2PolicyCheck implements Authenticator {

    static final Fido2PolicyCheck SINGLETON = new Fido2PolicyCheck();
    private static final Logger LOG = Logger.getLogger(Fido2PolicyCheck.class);

    private final ParsedConfig<AuthenticatorPolicy> configs = new ParsedConfig<>(AuthenticatorPolicy::parse);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticatorPolicy policy = configs.of(context.getAuthenticatorConfig());
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), Fido2PolicyCheckFactory.ID);
        // Keycloak's WebAuthn step names the credential it verified in this request's event.
        String credentialId = context.getEvent().getEvent().getDetails() == null ? null
                : context.getEvent().getEvent().getDetails().get(WebAuthnConstants.PUBKEY_CRED_ID_ATTR);
        Optional<WebAuthnCredentialModel> used = credentialId == null ? Optional.empty()
                : find(context.getUser(), credentialId);
        if (used.isEmpty() && !hasWebAuthnCredential(context.getUser())) {
            // First sign-in: the WebAuthn step asked for registration; there is no key to check yet.
            context.success();
            return;
        }
        if (used.isEmpty()) {
            LOG.warnf("Realm %s: %s found no WebAuthn credential used just before it; place it right after a WebAuthn step",
                    context.getRealm().getName(), rule);
            SignInRefusal.refuse(context, rule, "no security key or passkey was used in this step", "ztFidoNotAllowed", null);
            return;
        }
        WebAuthnCredentialData data = used.get().getWebAuthnCredentialData();
        Aaguid aaguid = data.getAaguid() == null ? Aaguid.NONE : Aaguid.parse(data.getAaguid()).orElse(Aaguid.NONE);
        String format = data.getAttestationStatementFormat() == null ? "none" : data.getAttestationStatementFormat();
        // The chain kept at registration is judged against today's metadata, as of the day the key was registered.
        Fido2Policy fido = FidoMetadata.policy(context.getSession(), policy);
        AuthenticatorVerdict verdict = fido.check(fido.authenticator(aaguid, format, AttestationChain.kept(data),
                registeredAt(used.get())));
        if (verdict.allowed()) {
            context.success();
            return;
        }
        SignInRefusal.refuse(context, rule, String.join("; ", verdict.reasons()),
                verdict.messageKey().orElse(AuthenticatorVerdict.NOT_ALLOWED), null);
    }

    private static boolean hasWebAuthnCredential(UserModel user) {
        return user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_TWOFACTOR)
                || user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
    }

    private static Optional<WebAuthnCredentialModel> find(UserModel user, String credentialId) {
        return Stream.of(WebAuthnCredentialModel.TYPE_TWOFACTOR, WebAuthnCredentialModel.TYPE_PASSWORDLESS)
                .flatMap(type -> user.credentialManager().getStoredCredentialsByTypeStream(type))
                .map(WebAuthnCredentialModel::createFromCredentialModel)
                .filter(c -> sameId(credentialId, c.getWebAuthnCredentialData().getCredentialId()))
                .findFirst();
    }

    // The attestation certificates had to be valid when the key was registered, not today.
    private static Instant registeredAt(WebAuthnCredentialModel credential) {
        return credential.getCreatedDate() == null ? KeycloakClock.get().instant() : Instant.ofEpochMilli(credential.getCreatedDate());
    }

    /** Keycloak stores ids in standard base64 and names them in events in base64url. */
    static boolean sameId(String eventId, String storedId) {
        if (eventId == null || storedId == null) {
            return false;
        }
        String a = eventId.replace('-', '+').replace('_', '/').replaceAll("=+$", "");
        String b = storedId.replace('-', '+').replace('_', '/').replaceAll("=+$", "");
        return a.equals(b);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
