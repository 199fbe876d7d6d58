package io.github.zerotrust.keycloak.authn.ssf;

import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.signals.Trigger;
import io.github.zerotrust.keycloak.ssf.SubjectId;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * The realm's user a SET names, and only one the transmitter has a claim on. A transmitter is trusted for what it
 * says about its own users, never for naming anyone else:
 * <ul>
 * <li>{@code iss_sub}: {@code iss} must be the transmitter's own issuer, and the user is the one linked (a federated
 * identity) to an identity provider of this realm with that issuer, under that {@code sub}. No link, nobody: no user
 * attribute, user name or same id stands in for it.</li>
 * <li>{@code email}: the user with that address, verified. When the realm signs users in through an identity provider
 * with the transmitter's issuer, the user must also be linked to it: a partner names its own users, not the realm's
 * others who happen to have an address it knows.</li>
 * <li>A complex subject: its {@code user} member as above; a {@code session} member the user's session brokered from
 * that provider (its broker session id), a {@code device} member the user's device.</li>
 * </ul>
 */
final class SetSubjects {

    private static final String ISSUER = "issuer";

    private SetSubjects() {
    }

    /** The subject of {@code trigger}'s signal, or empty when the SET names no user of this realm it may name. */
    static Optional<Subject> resolve(KeycloakSession session, RealmModel realm, TransmitterSettings transmitter, SubjectId id,
                                     Trigger trigger) {
        List<IdentityProviderModel> providers = providers(session, transmitter);
        Optional<UserModel> user = id.person().flatMap(person -> user(session, realm, transmitter, providers, person));
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String userId = user.get().getId();
        Optional<String> sessionId = id.sessionId();
        if (sessionId.isPresent()) {
            Optional<String> ours = providers.stream()
                    .map(p -> session.sessions().getUserSessionByBrokerSessionId(realm, p.getAlias() + "." + sessionId.get()))
                    .filter(Objects::nonNull).filter(s -> s.getUser() != null && userId.equals(s.getUser().getId()))
                    .map(UserSessionModel::getId).findFirst();
            // A session this realm never brokered from the transmitter is none of ours to end.
            return ours.map(s -> Subject.session(userId, s));
        }
        if (trigger == Trigger.DEVICE_NON_COMPLIANT && id.deviceId().isPresent()) {
            return Optional.of(Subject.device(userId, id.deviceId().get()));
        }
        return Optional.of(Subject.user(userId));
    }

    private static Optional<UserModel> user(KeycloakSession session, RealmModel realm, TransmitterSettings transmitter,
                                            List<IdentityProviderModel> providers, SubjectId person) {
        if (SubjectId.ISS_SUB.equals(person.format())) {
            if (!transmitter.issuer().equals(person.issuer())) {
                return Optional.empty();
            }
            return providers.stream()
                    .map(p -> session.users().getUserByFederatedIdentity(realm, new FederatedIdentityModel(p.getAlias(), person.subject(), null)))
                    .filter(Objects::nonNull).findFirst();
        }
        UserModel user;
        try {
            user = session.users().getUserByEmail(realm, person.email());
        } catch (ModelException duplicate) {
            // Two accounts share the address: the SET names neither for sure.
            return Optional.empty();
        }
        if (user == null || !user.isEmailVerified() || user.getEmail() == null || !user.getEmail().equalsIgnoreCase(person.email())) {
            return Optional.empty();
        }
        if (!providers.isEmpty() && providers.stream()
                .noneMatch(p -> session.users().getFederatedIdentity(realm, user, p.getAlias()) != null)) {
            return Optional.empty();
        }
        return Optional.of(user);
    }

    /**
     * The realm's identity providers whose issuer is the transmitter's. Most realms have none: their count is kept in
     * Keycloak's realm cache (invalidated on every node when one is added), so such a realm is answered without the
     * query that lists them, which was the largest part of a SET's handling.
     */
    private static List<IdentityProviderModel> providers(KeycloakSession session, TransmitterSettings transmitter) {
        if (session.identityProviders().count() == 0) {
            return List.of();
        }
        return session.identityProviders().getAllStream()
                .filter(p -> p.getConfig() != null && transmitter.issuer().equals(p.getConfig().get(ISSUER))).toList();
    }
}
