package io.github.zerotrust.keycloak.spi;

import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import java.util.List;
import java.util.Objects;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A request that approvers must hear of.
 *
 * @param approvers the members of the approver group who may answer it (never the requester), at most as many as
 *                  the realm mails
 */
public record ApprovalNotice(RealmModel realm, UserModel requester, ElevationRequest request, List<UserModel> approvers) {

    public ApprovalNotice {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(request, "request");
        approvers = List.copyOf(approvers);
    }
}
