package io.github.zerotrust.keycloak.authn.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A named network zone as the admin REST API shows and takes it. */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class ZoneRepresentation {

    private String name;
    private boolean trusted;
    private String description;
    private List<String> ranges;

    public ZoneRepresentation() {
    }

    ZoneRepresentation(String name, boolean trusted, String description, List<String> ranges) {
        this.name = name;
        this.trusted = trusted;
        this.description = description;
        this.ranges = ranges;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public boolean isTrusted() {
        return trusted;
    }

    public void setTrusted(boolean trusted) {
        this.trusted = trusted;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getRanges() {
        return ranges;
    }

    public void setRanges(List<String> ranges) {
        this.ranges = ranges;
    }
}
