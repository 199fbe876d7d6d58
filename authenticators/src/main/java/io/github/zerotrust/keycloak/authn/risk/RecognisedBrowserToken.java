package io.github.zerotrust.keycloak.authn.risk;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.Token;
import org.keycloak.TokenCategory;

/**
 * The content of the recognised-browser cookie: a random device id and the (hashed) users who have
 * signed in fully on this browser. Signed with the realm's internal HMAC key by Keycloak's token
 * manager, like Keycloak's own cookies.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class RecognisedBrowserToken implements Token {

    static final String TYPE = "zt-recognised-browser";

    @JsonProperty("typ")
    private String type;

    @JsonProperty("did")
    private String deviceId;

    @JsonProperty("usr")
    private List<String> users = new ArrayList<>();

    @JsonProperty("iat")
    private long issuedAt;

    public RecognisedBrowserToken() {
    }

    RecognisedBrowserToken(String deviceId, List<String> users, long issuedAt) {
        this.type = TYPE;
        this.deviceId = deviceId;
        this.users = new ArrayList<>(users);
        this.issuedAt = issuedAt;
    }

    @JsonIgnore
    @Override
    public TokenCategory getCategory() {
        return TokenCategory.INTERNAL;
    }

    String type() {
        return type;
    }

    String deviceId() {
        return deviceId;
    }

    List<String> users() {
        return users == null ? List.of() : users;
    }
}
