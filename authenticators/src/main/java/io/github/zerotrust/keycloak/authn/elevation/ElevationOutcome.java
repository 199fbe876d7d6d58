package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user's or an approver's step came to. Exactly one of these, each with what it carries and nothing else,
 * so no caller can meet a grant without an elevation or a refusal with one.
 */
sealed interface ElevationOutcome {

    /** The role is active: at once, after the last approval, or longer after an extension. */
    record Granted(Elevation elevation, Optional<ElevationRequest> request) implements ElevationOutcome {
        public Granted {
            Objects.requireNonNull(elevation, "elevation");
            Objects.requireNonNull(request, "request");
        }
    }

    /** The elevation ended now (its user or an admin ended it). */
    record Ended(Elevation elevation) implements ElevationOutcome {
        public Ended {
            Objects.requireNonNull(elevation, "elevation");
        }
    }

    /** A request waits for (more) approvers. */
    record Pending(ElevationRequest request) implements ElevationOutcome {
        public Pending {
            Objects.requireNonNull(request, "request");
        }
    }

    /** An approver denied the request. */
    record Denied(ElevationRequest request) implements ElevationOutcome {
        public Denied {
            Objects.requireNonNull(request, "request");
        }
    }

    /** The request was approved but the role could not be granted (the eligibility changed, it is active already). */
    record ApprovedNotGranted(ElevationRequest request, String reason) implements ElevationOutcome {
        public ApprovedNotGranted {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Refused, with the reason id; nothing changed. */
    record Refused(String reason) implements ElevationOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The request this outcome carries, if any. */
    default Optional<ElevationRequest> requestCarried() {
        if (this instanceof Granted g) {
            return g.request();
        }
        if (this instanceof Pending p) {
            return Optional.of(p.request());
        }
        if (this instanceof Denied d) {
            return Optional.of(d.request());
        }
        if (this instanceof ApprovedNotGranted a) {
            return Optional.of(a.request());
        }
        return Optional.empty();
    }
}
