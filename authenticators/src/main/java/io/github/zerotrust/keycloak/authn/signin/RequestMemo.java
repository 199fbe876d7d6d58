package io.github.zerotrust.keycloak.authn.signin;

import java.util.Objects;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;

/**
 * A value derived from a source (a note's text, a client and its scope parameter), kept for the rest of the request
 * and derived again as soon as the source differs. Every condition and step of a sign-in gathers the same facts; this
 * reads each once per request without ever answering from a source that has changed since.
 */
final class RequestMemo {

    private record Entry(Object source, Object value) {
    }

    private RequestMemo() {
    }

    /** {@code name} tells apart what is kept (and whose it is, e.g. an authentication session's tab). */
    @SuppressWarnings("unchecked")
    static <T> T of(KeycloakSession session, String name, Object source, Supplier<T> derive) {
        String key = RequestMemo.class.getName() + ":" + name;
        Entry known = session.getAttribute(key, Entry.class);
        if (known != null && Objects.equals(known.source(), source)) {
            return (T) known.value();
        }
        T value = derive.get();
        session.setAttribute(key, new Entry(source, value));
        return value;
    }
}
