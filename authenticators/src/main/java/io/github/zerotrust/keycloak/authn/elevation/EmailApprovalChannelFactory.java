package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.spi.ApprovalChannelProvider;
import io.github.zerotrust.keycloak.spi.ApprovalChannelProviderFactory;
import io.github.zerotrust.keycloak.spi.ApprovalNotice;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * {@code email}: each approver gets Keycloak's e-mail ({@code zt-elevation.ftl}, "Approval needed") through the
 * realm's SMTP settings. No SMTP, or an approver without an address: no e-mail, and the request still waits on the
 * approvals page. Takes no decisions back.
 */
public final class EmailApprovalChannelFactory implements ApprovalChannelProviderFactory {

    public static final String ID = "email";

    @Override
    public ApprovalChannelProvider create(KeycloakSession session) {
        return (ApprovalNotice notice) -> ElevationMail.approvalNeeded(session, notice.realm(), notice.requester(),
                notice.request(), notice.approvers());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
