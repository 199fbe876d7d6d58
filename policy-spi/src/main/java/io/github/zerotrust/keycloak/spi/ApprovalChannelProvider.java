package io.github.zerotrust.keycloak.spi;

import io.github.zerotrust.keycloak.elevation.Decision;
import org.keycloak.provider.Provider;

/**
 * One way of reaching approvers. {@link #opened} never throws and never undoes the request: a channel that cannot
 * deliver logs why, and the request waits (and lapses) as it would unanswered. A channel that takes decisions back
 * ({@link #acceptsDecisions()}) reads them with {@link #decision}; every approval rule still applies to what it
 * reads (never one's own request, approvers frozen at request time, N of M, not lapsed).
 */
public interface ApprovalChannelProvider extends Provider {

    /** Tells the request's approvers; called once the request is stored. */
    void opened(ApprovalNotice notice);

    /** Whether {@link #decision} can be called. */
    default boolean acceptsDecisions() {
        return false;
    }

    /**
     * A decision sent back through this channel, proven by the channel's own means (a signature).
     *
     * @throws DecisionRefused when it is not proven, too old, replayed or unreadable; nothing changes then
     */
    default Decision decision(SignedMessage message) throws DecisionRefused {
        throw new DecisionRefused("not-accepted", "This channel takes no decisions back.");
    }

    @Override
    default void close() {
    }
}
