package io.github.zerotrust.keycloak.authn.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.ssf.PollDelivery;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The {@code transmitters} section of the configuration document ({@code authn.admin.ConfigResource}): the realm's
 * trusted Shared Signals transmitters by alias, as the transmitters API shows them, without any secret (client secret,
 * bearer token, push secret or its hash), so a document is safe to commit. An import reads each with the transmitters
 * API's own code ({@link SsfTransmittersResource#settings}) and replaces the realm's transmitters. Secrets: an existing
 * transmitter keeps its stored one; a new push transmitter gets a fresh push secret, answered once; a new poll
 * transmitter, whose client secret or bearer token no document carries, is refused (create it through the API first).
 */
public final class TransmitterSection {

    static final String ALIAS = "alias";
    static final String PUSH_SECRET = SsfTransmittersResource.PUSH_SECRET;
    /** What a document may never carry. */
    public static final Set<String> SECRETS = Set.of(PollDelivery.CLIENT_SECRET, PollDelivery.BEARER_TOKEN, PUSH_SECRET,
            TransmitterSettings.SECRET_SHA256);
    /** A transmitter's members in a document, in the order the exporter writes them (those that do not apply left out). */
    public static final List<String> MEMBERS = List.of(ALIAS, TransmitterSettings.ISSUER, TransmitterSettings.JWKS_URI,
            TransmitterSettings.JWKS, TransmitterSettings.AUDIENCE, TransmitterSettings.MAX_AGE, TransmitterSettings.TRIGGERS,
            TransmitterSettings.DELIVERY, PollDelivery.POLL_URL, PollDelivery.TOKEN_URL, PollDelivery.CLIENT_ID,
            PollDelivery.SCOPE, PollDelivery.POLL_INTERVAL, PollDelivery.MAX_EVENTS);

    private final KeycloakSession session;
    private final RealmModel realm;

    public TransmitterSection(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * What an import would write. {@code freshSecret}: the aliases of push transmitters that get a new push secret
     * (their settings carry a placeholder hash until {@link #apply}).
     */
    public record Plan(List<TransmitterSettings> written, Set<String> freshSecret, List<String> removed,
            Map<String, String> wanted) {
    }

    /** The realm's transmitters as the document writes them, in alias order. */
    public List<ObjectNode> export() {
        return Transmitters.all(realm).values().stream().map(TransmitterSection::item).toList();
    }

    /** The realm's transmitters for the diff: alias → canonical text (a record that does not read shows as such). */
    public Map<String, String> current() {
        Map<String, String> current = new TreeMap<>();
        Map<String, TransmitterSettings> readable = Transmitters.all(realm, true);
        for (String alias : storedAliases()) {
            TransmitterSettings t = readable.get(alias);
            current.put(alias, t == null ? "(a record that does not read)" : item(t).toString());
        }
        return current;
    }

    /** Reads the document's transmitters against this realm; every problem is added with its JSON path. */
    public Plan plan(JsonNode items, List<String> problems) {
        Map<String, String> current = current();
        List<TransmitterSettings> written = new ArrayList<>();
        Set<String> fresh = new TreeSet<>();
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "$.transmitters[" + i + "]";
            JsonNode node = items.get(i);
            if (node == null || !node.isObject()) {
                problems.add(path + ": must be a transmitter object");
                continue;
            }
            boolean carriesSecret = false;
            for (String secret : SECRETS) {
                if (node.has(secret)) {
                    // The value is never echoed: the document may have been meant for a vault.
                    problems.add(path + "." + secret + ": a secret is never carried in a document; set it through the"
                            + " transmitters API (an import keeps the stored one)");
                    carriesSecret = true;
                }
            }
            if (carriesSecret) {
                continue;
            }
            JsonNode aliasNode = node.get(ALIAS);
            String alias = aliasNode != null && aliasNode.isTextual() ? aliasNode.textValue() : null;
            if (!TransmitterSettings.isAlias(alias)) {
                problems.add(path + ".alias: 1 to 63 lower-case letters, digits or '-'");
                continue;
            }
            if (wanted.containsKey(alias)) {
                problems.add(path + ".alias: a second transmitter " + Problem.quoted(alias));
                continue;
            }
            ObjectNode body = ((ObjectNode) node).deepCopy();
            body.remove(ALIAS);
            Optional<TransmitterSettings> existing = Transmitters.find(realm, alias);
            boolean polled = TransmitterSettings.POLL.equals(body.path(TransmitterSettings.DELIVERY).asText(null));
            if (polled) {
                SsfTransmittersResource.keepStoredSecret(existing, body);
                if (!body.has(PollDelivery.CLIENT_SECRET) && !body.has(PollDelivery.BEARER_TOKEN)) {
                    problems.add(path + ": a poll transmitter needs its client secret or bearer token, which a document"
                            + " never carries, and " + Problem.quoted(alias) + (existing.isPresent() && existing.get().isPolled()
                            ? " is stored here with the other way of authenticating" : " is not a poll transmitter here")
                            + "; create or change it through the transmitters API first, then the import keeps its secret");
                    continue;
                }
            }
            boolean keepsPushSecret = !polled && existing.isPresent() && existing.get().secretSha256() != null;
            TransmitterSettings transmitter;
            try {
                transmitter = SsfTransmittersResource.settings(alias, body,
                        keepsPushSecret ? existing.get().secretSha256() : PushSecret.NOBODY);
            } catch (ProblemException e) {
                problems.add(path + ": " + e.problem().description());
                continue;
            }
            String text = item(transmitter).toString();
            wanted.put(alias, text);
            if (!text.equals(current.get(alias))) {
                written.add(transmitter);
                if (!polled && !keepsPushSecret) {
                    fresh.add(alias);
                }
            }
        }
        List<String> removed = storedAliases().stream().filter(a -> !wanted.containsKey(a)).toList();
        return new Plan(written, fresh, removed, wanted);
    }

    /**
     * Writes the plan through the transmitters API's own save and remove; answers the fresh push secret of each new
     * push transmitter (alias → secret), to be shown once.
     */
    public Map<String, String> apply(Plan plan) {
        for (String alias : plan.removed()) {
            SsfTransmittersResource.remove(session, realm, alias);
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        for (TransmitterSettings t : plan.written()) {
            TransmitterSettings saved = t;
            if (plan.freshSecret().contains(t.alias())) {
                String secret = PushSecret.generate();
                secrets.put(t.alias(), secret);
                saved = t.withSecret(PushSecret.sha256(secret));
            }
            SsfTransmittersResource.save(session, realm, saved);
        }
        return secrets;
    }

    /** Every alias stored, readable or not: replacing the section removes an unreadable record too. */
    private Set<String> storedAliases() {
        Set<String> aliases = new TreeSet<>();
        realm.getAttributes().keySet().forEach(name -> {
            if (name.startsWith(Transmitters.PREFIX)) {
                aliases.add(name.substring(Transmitters.PREFIX.length()));
            }
        });
        return aliases;
    }

    /** The document's form: the API's view without {@code authentication} (it follows from the fields) and no secret. */
    static ObjectNode item(TransmitterSettings t) {
        ObjectNode node = JsonFormat.strict().createObjectNode();
        node.put(ALIAS, t.alias());
        Map<String, Object> view = t.toView();
        view.remove(PollDelivery.AUTHENTICATION);
        for (String member : MEMBERS) {
            if (!view.containsKey(member)) {
                continue;
            }
            if (member.equals(TransmitterSettings.JWKS)) {
                try {
                    node.set(member, JsonFormat.lenient().readTree((String) view.get(member)));
                } catch (java.io.IOException unreadable) {
                    throw new IllegalStateException("a stored JWKS that read once no longer reads", unreadable);
                }
            } else {
                node.set(member, JsonFormat.strict().valueToTree(view.get(member)));
            }
        }
        return node;
    }
}
